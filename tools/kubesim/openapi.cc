#include "kubesim/openapi.h"

#include <functional>
#include <nlohmann/json.hpp>

#include "kubesim/api_server.h"

namespace ark::kubesim {

using nlohmann::json;

namespace {

std::string Prefix(const std::string& group, const std::string& version) {
  return group.empty() ? "api/" + version : "apis/" + group + "/" + version;
}

json GroupVersionDoc(const ResourceRegistry& registry, const std::string& group,
                     const std::string& version) {
  json paths = json::object();
  for (const ResourceInfo& r : registry.Resources(group, version)) {
    if (!r.HasVerb("patch")) continue;
    std::string path = "/" + Prefix(group, version) +
                       (r.namespaced ? "/namespaces/{namespace}/" : "/") + r.name + "/{name}";
    json gvk = {{"group", group}, {"version", version}, {"kind", r.kind}};
    json params = json::array({{{"name", "dryRun"},
                                {"in", "query"},
                                {"schema", {{"type", "string"}, {"uniqueItems", true}}}},
                               {{"name", "fieldManager"},
                                {"in", "query"},
                                {"schema", {{"type", "string"}, {"uniqueItems", true}}}},
                               {{"name", "fieldValidation"},
                                {"in", "query"},
                                {"schema", {{"type", "string"}, {"uniqueItems", true}}}},
                               {{"name", "force"},
                                {"in", "query"},
                                {"schema", {{"type", "boolean"}, {"uniqueItems", true}}}}});
    json patch = {{"operationId", "patch" + r.kind},
                  {"parameters", params},
                  {"responses", {{"200", {{"description", "OK"}}}}},
                  {"x-kubernetes-action", "patch"},
                  {"x-kubernetes-group-version-kind", gvk}};
    json get = {{"operationId", "read" + r.kind},
                {"responses", {{"200", {{"description", "OK"}}}}},
                {"x-kubernetes-action", "get"},
                {"x-kubernetes-group-version-kind", gvk}};
    paths[path] = {{"get", get}, {"patch", patch}};
  }
  return {{"openapi", "3.0.0"},
          {"info", {{"title", "Kubernetes"}, {"version", "v1.26.4"}}},
          {"paths", paths},
          {"components", {{"schemas", json::object()}}}};
}

std::string Hash(const std::string& text) {
  char buf[20];
  std::snprintf(buf, sizeof(buf), "%016zX", std::hash<std::string>{}(text));
  return buf;
}

// A protobuf openapi_v2.Document with only swagger = "2.0" and info {title, version}.
std::string MinimalV2Protobuf() {
  auto field = [](int number, const std::string& bytes) {
    std::string out;
    out.push_back(static_cast<char>((number << 3) | 2));
    out.push_back(static_cast<char>(bytes.size()));
    return out + bytes;
  };
  std::string info = field(1, "Kubernetes") + field(2, "v1.26.4");
  return field(1, "2.0") + field(2, info);
}

}  // namespace

ApiResponse ServeOpenApi(const ResourceRegistry& registry, const ApiRequest& req) {
  std::string p = req.path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  if (p == "/openapi/v2") {
    if (req.accept.find("protobuf") != std::string::npos) {
      ApiResponse r;
      r.content_type = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
      r.body = MinimalV2Protobuf();
      return r;
    }
    return JsonResponse(200, {{"swagger", "2.0"},
                              {"info", {{"title", "Kubernetes"}, {"version", "v1.26.4"}}},
                              {"paths", json::object()},
                              {"definitions", json::object()}});
  }
  if (p == "/openapi/v3") {
    json paths = json::object();
    for (const auto& [group, version] : registry.GroupVersions()) {
      std::string prefix = Prefix(group, version);
      std::string doc = GroupVersionDoc(registry, group, version).dump();
      paths[prefix] = {{"serverRelativeURL", "/openapi/v3/" + prefix + "?hash=" + Hash(doc)}};
    }
    return JsonResponse(200, {{"paths", paths}});
  }
  const std::string v3 = "/openapi/v3/";
  if (p.rfind(v3, 0) == 0) {
    std::string rest = p.substr(v3.size());
    std::string group, version;
    if (rest.rfind("api/", 0) == 0) {
      version = rest.substr(4);
    } else if (rest.rfind("apis/", 0) == 0) {
      std::string gv = rest.substr(5);
      size_t slash = gv.find('/');
      if (slash != std::string::npos) {
        group = gv.substr(0, slash);
        version = gv.substr(slash + 1);
      }
    }
    if (!version.empty() && registry.ResourceList(group, version)) {
      ApiResponse r = JsonResponse(200, GroupVersionDoc(registry, group, version));
      return r;
    }
  }
  return ErrorResponse(ApiError{404, "NotFound", "the server could not find the requested resource",
                                json::object()});
}

}  // namespace ark::kubesim
