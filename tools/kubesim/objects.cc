#include "kubesim/objects.h"

#include "kubesim/kind_rules.h"
#include "kubesim/patch.h"

namespace ark::kubesim {

using nlohmann::json;

namespace {

constexpr const char* kModified =
    "the object has been modified; please apply your changes to the latest version and try again";

NameRule NameRuleFor(const ResourceInfo& r) {
  if (r.group.empty() && (r.name == "namespaces" || r.name == "services")) return NameRule::kLabel;
  if (r.group == "rbac.authorization.k8s.io") return NameRule::kPathSegment;
  return NameRule::kSubdomain;
}

// Everything except metadata and status: a change here bumps metadata.generation.
json SpecPart(const json& obj) {
  json out = obj;
  out.erase("metadata");
  out.erase("status");
  return out;
}

// Kinds whose strategy maintains metadata.generation on the real server.
bool TracksGeneration(const ResourceInfo& r, const json& obj) {
  static const char* kGroups[] = {"apps",          "batch",       "networking.k8s.io",
                                  "policy",        "autoscaling", "apiextensions.k8s.io",
                                  "storage.k8s.io"};
  if (r.custom) return true;
  for (const char* g : kGroups) {
    if (r.group == g) return obj.contains("spec");
  }
  return false;
}

bool HasFinalizers(const json& obj) {
  const json& m = obj["metadata"];
  return m.contains("finalizers") && m["finalizers"].is_array() && !m["finalizers"].empty();
}

ApiError FromStoreStatus(const ResourceInfo& r, const std::string& name, const Status& s) {
  switch (s.code()) {
    case Code::kNotFound:
      return NotFoundError(Objects::Subject(r, name));
    case Code::kAlreadyExists:
      return AlreadyExistsError(Objects::Subject(r, name));
    case Code::kConflict:
      return ConflictError(Objects::Subject(r, name), kModified);
    default:
      return InternalError(s.message());
  }
}

}  // namespace

ResourceInfo NamespacesResource(ResourceRegistry& registry) {
  return *registry.Find("", "v1", "namespaces");
}

std::optional<ApiError> Objects::CheckTypeMeta(const ResourceInfo& r, json& obj) {
  if (!obj.is_object()) return BadRequestError("the body of the request must be a JSON object");
  if (obj.contains("apiVersion") && obj["apiVersion"] != r.ApiVersion()) {
    return BadRequestError("the API version in the data (" + obj["apiVersion"].get<std::string>() +
                           ") does not match the expected API version (" + r.ApiVersion() + ")");
  }
  if (obj.contains("kind") && obj["kind"] != r.kind) {
    return BadRequestError("the kind in the data (" + obj["kind"].dump() +
                           ") does not match the expected kind (" + r.kind + ")");
  }
  obj["apiVersion"] = r.ApiVersion();
  obj["kind"] = r.kind;
  if (!obj.contains("metadata") || !obj["metadata"].is_object()) obj["metadata"] = json::object();
  return std::nullopt;
}

ObjectResult Objects::Get(const ResourceInfo& r, const std::string& ns, const std::string& name) {
  Result<json> got = store_.Get(r.StorageKey(), ns, name);
  if (!got.ok()) return ObjectResult::Error(NotFoundError(Subject(r, name)));
  ObjectResult out;
  out.object = std::move(*got);
  out.object["apiVersion"] = r.ApiVersion();
  return out;
}

Objects::Objects(ResourceRegistry& registry, Store& store, MetaSource& meta,
                 std::string root_ca_pem)
    : registry_(registry), store_(store), meta_(meta), root_ca_pem_(std::move(root_ca_pem)) {
  store_.Observe("/services", [this](const std::string* before, const std::string* after) {
    service_addresses_.Change(before, after);
  });
}

std::unique_lock<std::mutex> Objects::LockAddresses(const ResourceInfo& r) {
  if (r.group.empty() && r.name == "services") return std::unique_lock<std::mutex>(address_writes_);
  return std::unique_lock<std::mutex>();
}

ObjectResult Objects::Create(const ResourceInfo& r, const std::string& url_ns, json obj) {
  if (auto e = CheckTypeMeta(r, obj)) return ObjectResult::Error(*e);
  json& meta = obj["metadata"];
  std::string body_ns = meta.value("namespace", "");
  if (r.namespaced) {
    if (!body_ns.empty() && body_ns != url_ns) {
      return ObjectResult::Error(BadRequestError(
          "the namespace of the provided object does not match the namespace sent on the request"));
    }
    meta["namespace"] = url_ns;
  } else {
    meta.erase("namespace");
  }
  std::string name = meta.value("name", "");
  if (name.empty() && meta.value("generateName", "") != "") {
    name = meta["generateName"].get<std::string>() + meta_.NameSuffix();
    meta["name"] = name;
  }
  if (name.empty()) {
    return ObjectResult::Error(
        InvalidError(Subject(r, ""), {{"FieldValueRequired", "metadata.name",
                                       "Required value: name or generateName is required"}}));
  }
  if (std::string why = ValidateName(name, NameRuleFor(r)); !why.empty()) {
    return ObjectResult::Error(InvalidError(
        Subject(r, name),
        {{"FieldValueInvalid", "metadata.name", "Invalid value: \"" + name + "\": " + why}}));
  }
  if (meta.value("resourceVersion", "") != "") {
    return ObjectResult::Error(
        BadRequestError("resourceVersion should not be set on objects to be created"));
  }
  if (r.namespaced) {
    Result<json> ns = store_.Get("/namespaces", "", url_ns);
    if (!ns.ok()) {
      return ObjectResult::Error(
          NotFoundError(ErrorSubject{"", "namespaces", "Namespace", url_ns}));
    }
    if (ns->at("metadata").contains("deletionTimestamp")) {
      ApiError e = ForbiddenError(Subject(r, name), "unable to create new content in namespace " +
                                                        url_ns + " because it is being terminated");
      e.details["causes"] =
          json::array({{{"reason", "NamespaceTerminating"},
                        {"message", "namespace " + url_ns + " is being terminated"},
                        {"field", "metadata.namespace"}}});
      return ObjectResult::Error(e);
    }
  }
  meta["uid"] = meta_.NewUid();
  meta["creationTimestamp"] = meta_.Now();
  meta.erase("deletionTimestamp");
  meta.erase("deletionGracePeriodSeconds");
  meta.erase("resourceVersion");
  meta.erase("managedFields");
  if (TracksGeneration(r, obj)) {
    meta["generation"] = 1;
  } else {
    meta.erase("generation");
  }
  if (r.has_status) obj.erase("status");
  std::unique_lock<std::mutex> addresses = LockAddresses(r);
  if (auto e = PrepareCreate(*this, r, obj)) return ObjectResult::Error(*e);
  Result<json> stored = store_.Create(r.StorageKey(), std::move(obj));
  if (!stored.ok()) return ObjectResult::Error(FromStoreStatus(r, name, stored.status()));
  AfterWrite(*this, r, *stored);
  ObjectResult out;
  out.object = std::move(*stored);
  out.http_status = 201;
  return out;
}

ObjectResult Objects::Update(const ResourceInfo& r, const std::string& ns, const std::string& name,
                             json obj, bool status_only) {
  if (auto e = CheckTypeMeta(r, obj)) return ObjectResult::Error(*e);
  json& meta = obj["metadata"];
  std::string body_name = meta.value("name", "");
  if (body_name.empty()) {
    meta["name"] = name;
  } else if (body_name != name) {
    return ObjectResult::Error(BadRequestError("the name of the object (" + body_name +
                                               ") does not match the name on the URL (" + name +
                                               ")"));
  }
  if (r.namespaced) {
    std::string body_ns = meta.value("namespace", "");
    if (!body_ns.empty() && body_ns != ns) {
      return ObjectResult::Error(BadRequestError(
          "the namespace of the provided object does not match the namespace sent on the request"));
    }
    meta["namespace"] = ns;
  }
  Result<json> current = store_.Get(r.StorageKey(), ns, name);
  if (!current.ok()) return ObjectResult::Error(NotFoundError(Subject(r, name)));
  std::string rv_text = meta.value("resourceVersion", "");
  uint64_t expected = 0;
  if (!rv_text.empty()) {
    expected = ParseRv(rv_text);
    if (expected == 0) {
      return ObjectResult::Error(InvalidError(
          Subject(r, name), {{"FieldValueInvalid", "metadata.resourceVersion",
                              "Invalid value: \"" + rv_text + "\": must be a number"}}));
    }
    if (expected != ParseRv(MetaString(*current, "resourceVersion"))) {
      return ObjectResult::Error(ConflictError(Subject(r, name), kModified));
    }
  }
  return Replace(r, *current, std::move(obj), ParseRv(MetaString(*current, "resourceVersion")),
                 status_only);
}

ObjectResult Objects::Replace(const ResourceInfo& r, const json& current, json updated,
                              uint64_t expected_rv, bool status_only) {
  std::unique_lock<std::mutex> addresses = LockAddresses(r);
  std::string name = MetaString(current, "name");
  json next;
  if (status_only) {
    next = current;
    if (updated.contains("status")) {
      next["status"] = updated["status"];
    } else {
      next.erase("status");
    }
  } else {
    next = std::move(updated);
    if (r.has_status) {
      if (current.contains("status")) {
        next["status"] = current["status"];
      } else {
        next.erase("status");
      }
    }
    json& meta = next["metadata"];
    const json& old_meta = current["metadata"];
    for (const char* f : {"uid", "creationTimestamp", "deletionTimestamp",
                          "deletionGracePeriodSeconds", "generation", "namespace", "name"}) {
      if (old_meta.contains(f)) {
        meta[f] = old_meta[f];
      } else {
        meta.erase(f);
      }
    }
    if (old_meta.contains("generation") && SpecPart(current) != SpecPart(next)) {
      meta["generation"] = old_meta["generation"].get<int64_t>() + 1;
    }
    if (auto e = PrepareUpdate(*this, r, current, next)) return ObjectResult::Error(*e);
  }
  next["apiVersion"] = r.ApiVersion();
  next["kind"] = r.kind;
  if (next["metadata"].contains("deletionTimestamp") && !HasFinalizers(next) &&
      !(r.group.empty() && r.name == "namespaces")) {
    Result<json> gone =
        store_.Delete(r.StorageKey(), MetaString(current, "namespace"), name, expected_rv);
    if (!gone.ok()) return ObjectResult::Error(FromStoreStatus(r, name, gone.status()));
    AfterDelete(*this, r, *gone);
    ObjectResult out;
    out.object = next;
    return out;
  }
  Result<json> stored = store_.Update(r.StorageKey(), std::move(next), expected_rv);
  if (!stored.ok()) return ObjectResult::Error(FromStoreStatus(r, name, stored.status()));
  AfterWrite(*this, r, *stored);
  ObjectResult out;
  out.object = std::move(*stored);
  return out;
}

ObjectResult Objects::Patch(const ResourceInfo& r, const std::string& ns, const std::string& name,
                            const std::string& content_type, const std::string& body,
                            bool status_only) {
  json patch = json::parse(body, nullptr, false);
  if (patch.is_discarded()) {
    return ObjectResult::Error(
        BadRequestError("error decoding patch: invalid JSON in request body"));
  }
  for (int attempt = 0; attempt < 16; ++attempt) {
    Result<json> current = store_.Get(r.StorageKey(), ns, name);
    if (!current.ok()) return ObjectResult::Error(NotFoundError(Subject(r, name)));
    current->operator[]("apiVersion") = r.ApiVersion();
    Result<json> patched = InvalidArgument("unsupported patch type");
    try {
      if (content_type == "application/merge-patch+json") {
        patched = ApplyMergePatch(*current, patch);
      } else if (content_type == "application/json-patch+json") {
        patched = ApplyJsonPatch(*current, patch);
      } else {
        patched = ApplyStrategicMergePatch(*current, patch);
      }
    } catch (const json::exception& e) {
      patched = FailedPrecondition(e.what());
    }
    if (!patched.ok()) {
      if (patched.status().code() == Code::kInvalidArgument) {
        return ObjectResult::Error(BadRequestError(patched.status().message()));
      }
      ApiError e{422, "Invalid", patched.status().message(), nullptr};
      return ObjectResult::Error(e);
    }
    json& obj = *patched;
    if (!obj.is_object() || !obj.contains("metadata") || !obj["metadata"].is_object()) {
      return ObjectResult::Error(BadRequestError("the patch removed the object's metadata"));
    }
    if (obj["metadata"].value("name", "") != name) {
      return ObjectResult::Error(
          BadRequestError("the name of the object (" + obj["metadata"].value("name", "") +
                          ") does not match the name on the URL (" + name + ")"));
    }
    uint64_t current_rv = ParseRv(MetaString(*current, "resourceVersion"));
    std::string want_rv = obj["metadata"].value("resourceVersion", "");
    bool user_precondition = !want_rv.empty() && ParseRv(want_rv) != current_rv;
    if (user_precondition) {
      return ObjectResult::Error(ConflictError(Subject(r, name), kModified));
    }
    ObjectResult out = Replace(r, *current, std::move(obj), current_rv, status_only);
    if (!out.ok() && out.error->reason == "Conflict") continue;  // raced with a writer
    return out;
  }
  return ObjectResult::Error(ConflictError(Subject(r, name), kModified));
}

ObjectResult Objects::Delete(const ResourceInfo& r, const std::string& ns, const std::string& name,
                             const json& options) {
  Result<json> current = store_.Get(r.StorageKey(), ns, name);
  if (!current.ok()) return ObjectResult::Error(NotFoundError(Subject(r, name)));
  json& obj = *current;
  obj["apiVersion"] = r.ApiVersion();
  const json& meta = obj["metadata"];
  if (options.is_object() && options.contains("preconditions") &&
      options["preconditions"].is_object()) {
    const json& pre = options["preconditions"];
    if (pre.contains("uid") && pre["uid"].is_string() && pre["uid"] != meta.value("uid", "")) {
      return ObjectResult::Error(ConflictError(
          Subject(r, name),
          "Precondition failed: UID in precondition: " + pre["uid"].get<std::string>() +
              ", UID in object meta: " + meta.value("uid", "")));
    }
    if (pre.contains("resourceVersion") && pre["resourceVersion"].is_string() &&
        pre["resourceVersion"] != meta.value("resourceVersion", "")) {
      return ObjectResult::Error(ConflictError(
          Subject(r, name),
          "Precondition failed: ResourceVersion in precondition: " +
              pre["resourceVersion"].get<std::string>() +
              ", ResourceVersion in object meta: " + meta.value("resourceVersion", "")));
    }
  }
  uint64_t rv = ParseRv(meta.value("resourceVersion", ""));
  bool is_namespace = r.group.empty() && r.name == "namespaces";
  if (is_namespace || HasFinalizers(obj)) {
    // Graceful: mark and let the namespace controller or the finalizer owners finish.
    if (!meta.contains("deletionTimestamp")) {
      obj["metadata"]["deletionTimestamp"] = meta_.Now();
      obj["metadata"]["deletionGracePeriodSeconds"] = 0;
      if (is_namespace) obj["status"]["phase"] = "Terminating";
      Result<json> stored = store_.Update(r.StorageKey(), obj, rv);
      if (!stored.ok()) return ObjectResult::Error(FromStoreStatus(r, name, stored.status()));
      obj = std::move(*stored);
    }
    ObjectResult out;
    out.object = obj;
    out.http_status = is_namespace ? 200 : 202;
    return out;
  }
  Result<json> gone = store_.Delete(r.StorageKey(), ns, name, rv);
  if (!gone.ok()) return ObjectResult::Error(FromStoreStatus(r, name, gone.status()));
  AfterDelete(*this, r, *gone);
  ObjectResult out;
  json details = {{"name", name}, {"kind", r.name}, {"uid", meta.value("uid", "")}};
  if (!r.group.empty()) details["group"] = r.group;
  out.object = {{"kind", "Status"},
                {"apiVersion", "v1"},
                {"metadata", json::object()},
                {"status", "Success"},
                {"details", details}};
  return out;
}

}  // namespace ark::kubesim
