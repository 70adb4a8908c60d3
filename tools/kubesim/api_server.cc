#include "kubesim/api_server.h"

#include "kubesim/namespace_defaults.h"
#include "kubesim/openapi.h"
#include "kubesim/pod_exec.h"
#include "kubesim/protobuf.h"
#include "kubesim/table.h"

namespace ark::kubesim {

using nlohmann::json;

namespace {

bool IsJsonType(const std::string& ct) {
  return ct.empty() || ct == "application/json" || ct == "*/*";
}

ApiError NotFoundPath() {
  return ApiError{404, "NotFound", "the server could not find the requested resource", json{{}}};
}

}  // namespace

ApiResponse JsonResponse(int status, const json& body) {
  ApiResponse r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

ApiResponse ErrorResponse(const ApiError& e) {
  ApiError copy = e;
  if (copy.details.is_object() && copy.details.empty()) copy.details = json::object();
  return JsonResponse(e.code, copy.ToStatus());
}

bool WantsTable(const std::string& accept) { return accept.find("as=Table") != std::string::npos; }

void ApiServer::Bootstrap() {
  ResourceInfo ns = NamespacesResource(objects_.registry());
  for (const char* name : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
    if (!objects_.store().Get(ns.StorageKey(), "", name).ok()) {
      (void)objects_.Create(ns, "", {{"metadata", {{"name", name}}}});
    }
  }
  for (const auto& [unused, name] : objects_.store().Names(ns.StorageKey(), "")) {
    EnsureNamespaceDefaults(objects_, name);
  }
}

ApiResponse ApiServer::Handle(const ApiRequest& req) {
  const std::string& p = req.path;
  ResourceRegistry& reg = objects_.registry();
  Route route =
      ParseRoute(p, [&](const std::string& g, const std::string& v, const std::string& res) {
        auto info = reg.Find(g, v, res);
        return info && info->namespaced;
      });
  if (auto denied = CheckAccess(options_.access, req, route)) return ErrorResponse(*denied);
  if (p == "/healthz" || p == "/livez" || p == "/readyz") {
    ApiResponse r;
    r.content_type = "text/plain";
    r.body = "ok";
    return r;
  }
  if (p == "/version" || p == "/version/") return JsonResponse(200, reg.Version());
  if (p.rfind("/openapi/", 0) == 0) return ServeOpenApi(reg, req);
  if (req.method != "GET" && route.kind != Route::Kind::kResource &&
      route.kind != Route::Kind::kNone) {
    return ErrorResponse(
        MethodNotAllowedError("the server does not allow this method on the requested resource"));
  }
  switch (route.kind) {
    case Route::Kind::kNone:
      return ErrorResponse(NotFoundPath());
    case Route::Kind::kCoreVersions:
      return JsonResponse(200, reg.CoreVersions());
    case Route::Kind::kGroupList:
      return JsonResponse(200, reg.GroupList());
    case Route::Kind::kGroup: {
      auto g = reg.Group(route.group);
      return g ? JsonResponse(200, *g) : ErrorResponse(NotFoundPath());
    }
    case Route::Kind::kResourceList: {
      if (route.group.empty() && p.rfind("/api/", 0) != 0) return ErrorResponse(NotFoundPath());
      auto l = reg.ResourceList(route.group, route.version);
      return l ? JsonResponse(200, *l) : ErrorResponse(NotFoundPath());
    }
    case Route::Kind::kResource:
      return HandleResource(req, route);
  }
  return ErrorResponse(NotFoundPath());
}

ApiResponse ApiServer::HandleResource(const ApiRequest& req, const Route& route) {
  auto info = objects_.registry().Find(route.group, route.version, route.resource);
  if (!info || route.malformed) return ErrorResponse(NotFoundPath());
  const ResourceInfo& r = *info;
  if (route.group.empty() && route.resource == "pods" && route.subresource == "exec" &&
      !route.name.empty()) {
    if (req.method != "GET" && req.method != "POST") {
      return ErrorResponse(
          MethodNotAllowedError("the server does not allow this method on the requested resource"));
    }
    ObjectResult pod = objects_.Get(r, route.ns, route.name);
    if (!pod.ok()) return ErrorResponse(*pod.error);
    return PodExec(req, pod.object, options_.exec_dir);
  }
  if (!route.subresource.empty() && !(route.subresource == "status" && r.has_status)) {
    return ErrorResponse(NotFoundPath());
  }
  bool status_only = !route.subresource.empty();
  const std::string& m = req.method;
  std::string ns = r.namespaced ? route.ns : "";
  auto not_allowed = [&] {
    return ErrorResponse(
        MethodNotAllowedError("the server does not allow this method on the requested resource"));
  };
  auto respond = [](const ObjectResult& res) {
    return res.ok() ? JsonResponse(res.http_status, res.object) : ErrorResponse(*res.error);
  };
  auto parse_body = [&](json* out) -> std::optional<ApiError> {
    if (req.content_type == "application/vnd.kubernetes.protobuf") {
      std::string error;
      std::optional<json> decoded = DecodeKubeProtobuf(req.body, &error);
      if (!decoded) return UnsupportedMediaTypeError("application/json (" + error + ")");
      *out = std::move(*decoded);
      return std::nullopt;
    }
    if (!IsJsonType(req.content_type)) {
      return UnsupportedMediaTypeError(
          "application/json, application/vnd.kubernetes.protobuf (v1 ConfigMap, Namespace, "
          "Secret and ServiceAccount only)");
    }
    *out = json::parse(req.body, nullptr, false);
    if (out->is_discarded()) {
      return BadRequestError("the object provided is unrecognized or invalid JSON");
    }
    if (!out->is_object()) return BadRequestError("the object provided must be a JSON object");
    return std::nullopt;
  };

  if (route.name.empty()) {
    // Collection.
    if (!r.namespaced && route.ns_in_path) return ErrorResponse(NotFoundPath());
    if (m == "GET") {
      if (!r.HasVerb("list")) return not_allowed();
      std::string w = req.Query("watch");
      if (w == "1" || w == "true") return Watch(req, route, r);
      return List(req, route, r);
    }
    if (m == "POST") {
      if (!r.HasVerb("create")) return not_allowed();
      if (r.namespaced && !route.ns_in_path) return ErrorResponse(NotFoundPath());
      json body;
      if (auto e = parse_body(&body)) return ErrorResponse(*e);
      if (!r.HasVerb("get")) return JsonResponse(201, body);  // virtual kinds (reviews)
      return respond(objects_.Create(r, ns, std::move(body)));
    }
    if (m == "DELETE") {
      if (!r.HasVerb("deletecollection")) return not_allowed();
      return DeleteCollection(req, route, r);
    }
    return not_allowed();
  }
  if (r.namespaced && !route.ns_in_path) return ErrorResponse(NotFoundPath());
  if (m == "GET") {
    if (!r.HasVerb("get")) return not_allowed();
    ObjectResult res = objects_.Get(r, ns, route.name);
    if (res.ok() && WantsTable(req.accept)) {
      return JsonResponse(200, ToTable(r, {res.object}, clock_.Now(), "", ""));
    }
    return respond(res);
  }
  if (m == "PUT") {
    if (!r.HasVerb("update")) return not_allowed();
    json body;
    if (auto e = parse_body(&body)) return ErrorResponse(*e);
    return respond(objects_.Update(r, ns, route.name, std::move(body), status_only));
  }
  if (m == "PATCH") {
    if (!r.HasVerb("patch")) return not_allowed();
    const std::string& ct = req.content_type;
    bool smp = ct == "application/strategic-merge-patch+json";
    if (ct != "application/merge-patch+json" && ct != "application/json-patch+json" &&
        !(smp && !r.custom)) {
      return ErrorResponse(UnsupportedMediaTypeError(
          r.custom ? "application/json-patch+json, application/merge-patch+json"
                   : "application/json-patch+json, application/merge-patch+json, "
                     "application/strategic-merge-patch+json"));
    }
    return respond(objects_.Patch(r, ns, route.name, ct, req.body, status_only));
  }
  if (m == "DELETE") {
    if (!r.HasVerb("delete") || status_only) return not_allowed();
    json options = json::object();
    if (!req.body.empty()) {
      options = json::parse(req.body, nullptr, false);
      if (options.is_discarded())
        return ErrorResponse(BadRequestError("invalid DeleteOptions JSON"));
    }
    std::string policy = req.Query("propagationPolicy");
    if (!policy.empty() && policy != "Orphan" && policy != "Background" && policy != "Foreground") {
      return ErrorResponse(BadRequestError("unknown propagationPolicy \"" + policy + "\""));
    }
    return respond(objects_.Delete(r, ns, route.name, options));
  }
  return not_allowed();
}

ApiResponse ApiServer::DeleteCollection(const ApiRequest& req, const Route& route,
                                        const ResourceInfo& r) {
  LabelSelector labels;
  FieldSelector fields;
  std::string error;
  if (!LabelSelector::Parse(req.Query("labelSelector"), &labels, &error) ||
      !FieldSelector::Parse(req.Query("fieldSelector"), &fields, &error)) {
    return ErrorResponse(BadRequestError(error));
  }
  Store::ListOptions opts;
  opts.ns = r.namespaced ? route.ns : "";
  opts.labels = &labels;
  opts.fields = &fields;
  Store::ListPage page = objects_.store().List(r.StorageKey(), opts);
  json items = json::array();
  for (const Store::Entry& e : page.items) {
    json obj = json::parse(*e.full);
    ObjectResult res =
        objects_.Delete(r, MetaString(obj, "namespace"), MetaString(obj, "name"), json::object());
    if (res.ok()) items.push_back(obj);
  }
  return JsonResponse(
      200, {{"kind", r.kind + "List"},
            {"apiVersion", r.ApiVersion()},
            {"metadata", {{"resourceVersion", std::to_string(objects_.store().CurrentRv())}}},
            {"items", items}});
}

}  // namespace ark::kubesim
