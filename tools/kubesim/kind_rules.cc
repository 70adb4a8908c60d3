#include "kubesim/kind_rules.h"

#include "kubesim/immutable_fields.h"
#include "kubesim/namespace_defaults.h"
#include "kubesim/object_defaults.h"
#include "kubesim/objects.h"
#include "kubesim/pod_admission.h"
#include "kubesim/pod_defaults.h"
#include "kubesim/service_rules.h"
#include "util/ascii.h"

namespace ark::kubesim {

using nlohmann::json;

namespace {

bool Is(const ResourceInfo& r, const char* group, const char* name) {
  return r.group == group && r.name == name;
}

void Bind(Objects& objects, const std::string& pvc_ns, const std::string& pvc_name) {
  ResourceInfo pvcs = *objects.registry().Find("", "v1", "persistentvolumeclaims");
  ResourceInfo pvs = *objects.registry().Find("", "v1", "persistentvolumes");
  Result<json> pvc = objects.store().Get(pvcs.StorageKey(), pvc_ns, pvc_name);
  if (!pvc.ok()) return;
  std::string volume = pvc->value("spec", json::object()).value("volumeName", "");
  if (volume.empty()) return;
  Result<json> pv = objects.store().Get(pvs.StorageKey(), "", volume);
  if (!pv.ok()) return;
  json claim = pv->value("spec", json::object()).value("claimRef", json::object());
  if (claim.is_object() && claim.value("name", "") != "" &&
      (claim.value("name", "") != pvc_name || claim.value("namespace", "") != pvc_ns)) {
    return;  // the volume belongs to another claim
  }
  const json& pvc_meta = pvc->at("metadata");
  if (pv->value("status", json::object()).value("phase", "") != "Bound" ||
      claim.value("uid", "") != pvc_meta.value("uid", "")) {
    json next = *pv;
    next["spec"]["claimRef"] = {{"kind", "PersistentVolumeClaim"},
                                {"namespace", pvc_ns},
                                {"name", pvc_name},
                                {"uid", pvc_meta.value("uid", "")},
                                {"apiVersion", "v1"},
                                {"resourceVersion", pvc_meta.value("resourceVersion", "")}};
    next["status"] = {{"phase", "Bound"}};
    (void)objects.store().Update(pvs.StorageKey(), next, 0);
  }
  if (pvc->value("status", json::object()).value("phase", "") != "Bound") {
    json next = *pvc;
    next["metadata"]["annotations"]["pv.kubernetes.io/bind-completed"] = "yes";
    next["status"]["phase"] = "Bound";
    const json& pv_spec = pv->value("spec", json::object());
    if (pv_spec.contains("accessModes")) next["status"]["accessModes"] = pv_spec["accessModes"];
    if (pv_spec.contains("capacity")) next["status"]["capacity"] = pv_spec["capacity"];
    (void)objects.store().Update(pvcs.StorageKey(), next, 0);
  }
}

std::optional<ApiError> PrepareCrd(const ResourceInfo& r, json& crd) {
  std::string name = crd["metadata"].value("name", "");
  const json& spec = crd.value("spec", json::object());
  const json& names = spec.value("names", json::object());
  std::string group = spec.value("group", "");
  std::string plural = names.value("plural", "");
  std::vector<FieldCause> causes;
  if (group.empty()) causes.push_back({"FieldValueRequired", "spec.group", "Required value"});
  if (plural.empty())
    causes.push_back({"FieldValueRequired", "spec.names.plural", "Required value"});
  if (names.value("kind", "").empty())
    causes.push_back({"FieldValueRequired", "spec.names.kind", "Required value"});
  std::string scope = spec.value("scope", "");
  if (scope != "Namespaced" && scope != "Cluster") {
    causes.push_back(
        {"FieldValueNotSupported", "spec.scope",
         "Unsupported value: \"" + scope + "\": supported values: \"Cluster\", \"Namespaced\""});
  }
  if (!plural.empty() && !group.empty() && name != plural + "." + group) {
    causes.push_back(
        {"FieldValueInvalid", "metadata.name",
         "Invalid value: \"" + name + "\": must be spec.names.plural+\".\"+spec.group"});
  }
  const json versions = spec.value("versions", json::array());
  int storage = 0;
  for (const json& v : versions) storage += v.value("storage", false) ? 1 : 0;
  if (versions.empty()) {
    causes.push_back({"FieldValueRequired", "spec.versions",
                      "Required value: must have exactly one version marked as storage version"});
  } else if (storage != 1) {
    causes.push_back({"FieldValueInvalid", "spec.versions",
                      "Invalid value: " + versions.dump() +
                          ": must have exactly one version marked as storage version"});
  }
  if (!causes.empty()) return InvalidError(ErrorSubject{r.group, r.name, r.kind, name}, causes);
  json accepted = names;
  std::string kind = names.value("kind", "");
  if (!accepted.contains("singular")) {
    accepted["singular"] = AsciiLower(kind);
  }
  if (!accepted.contains("listKind")) accepted["listKind"] = kind + "List";
  std::string stored_version;
  for (const json& v : versions) {
    if (v.value("storage", false)) stored_version = v.value("name", "");
  }
  std::string now = crd["metadata"].value("creationTimestamp", "");
  crd["status"] = {{"conditions",
                    {{{"type", "NamesAccepted"},
                      {"status", "True"},
                      {"lastTransitionTime", now},
                      {"reason", "NoConflicts"},
                      {"message", "no conflicts found"}},
                     {{"type", "Established"},
                      {"status", "True"},
                      {"lastTransitionTime", now},
                      {"reason", "InitialNamesAccepted"},
                      {"message", "the initial names have been accepted"}}}},
                   {"acceptedNames", accepted},
                   {"storedVersions", {stored_version}}};
  return std::nullopt;
}

CustomResourceSpec SpecFromCrd(const json& crd) {
  CustomResourceSpec s;
  const json& spec = crd.at("spec");
  const json& names = crd.at("status").at("acceptedNames");
  s.crd_name = crd["metadata"].value("name", "");
  s.group = spec.value("group", "");
  s.plural = names.value("plural", "");
  s.singular = names.value("singular", "");
  s.kind = names.value("kind", "");
  s.list_kind = names.value("listKind", "");
  if (names.contains("shortNames"))
    s.short_names = names["shortNames"].get<std::vector<std::string>>();
  if (names.contains("categories"))
    s.categories = names["categories"].get<std::vector<std::string>>();
  s.namespaced = spec.value("scope", "") == "Namespaced";
  for (const json& v : spec.value("versions", json::array())) {
    if (!v.value("served", true)) continue;
    CustomResourceSpec::Version ver;
    ver.name = v.value("name", "");
    const json& sub = v.value("subresources", json::object());
    ver.has_status = sub.contains("status");
    ver.has_scale = sub.contains("scale");
    s.versions.push_back(ver);
  }
  return s;
}

}  // namespace

std::optional<ApiError> PrepareCreate(Objects& objects, const ResourceInfo& r, json& obj) {
  DefaultObject(r, obj, nullptr);
  if (Is(r, "", "namespaces")) {
    std::string name = obj["metadata"]["name"];
    obj["metadata"]["labels"]["kubernetes.io/metadata.name"] = name;
    obj["spec"] = {{"finalizers", {"kubernetes"}}};
    obj["status"] = {{"phase", "Active"}};
  } else if (Is(r, "", "services")) {
    return PrepareService(objects, r, obj, nullptr);
  } else if (Is(r, "", "pods")) {
    DefaultNewPod(obj);
    return AdmitNewPod(objects, obj);
  } else if (Is(r, "", "persistentvolumeclaims")) {
    obj["status"] = {{"phase", "Pending"}};
  } else if (Is(r, "", "persistentvolumes")) {
    obj["status"] = {{"phase", "Available"}};
  } else if (Is(r, "apiextensions.k8s.io", "customresourcedefinitions")) {
    return PrepareCrd(r, obj);
  }
  return std::nullopt;
}

std::optional<ApiError> PrepareUpdate(Objects& objects, const ResourceInfo& r, const json& old,
                                      json& obj) {
  DefaultObject(r, obj, &old);
  if (Is(r, "", "pods") && obj.contains("spec")) DefaultPodSpec(obj["spec"]);
  if (auto e = CheckImmutableFields(r, old, obj)) return e;
  if (Is(r, "", "namespaces")) {
    obj["metadata"]["labels"]["kubernetes.io/metadata.name"] = obj["metadata"]["name"];
    if (old.contains("spec")) obj["spec"] = old["spec"];
  } else if (Is(r, "", "services")) {
    return PrepareService(objects, r, obj, &old);
  } else if (Is(r, "apiextensions.k8s.io", "customresourcedefinitions")) {
    return PrepareCrd(r, obj);
  }
  return std::nullopt;
}

void AfterWrite(Objects& objects, const ResourceInfo& r, const json& obj) {
  KeepNamespaceDefaults(objects, r, obj, /*deleted=*/false);
  if (Is(r, "", "persistentvolumeclaims")) {
    Bind(objects, obj["metadata"]["namespace"], obj["metadata"]["name"]);
  } else if (Is(r, "", "persistentvolumes")) {
    const json& claim = obj.value("spec", json::object()).value("claimRef", json::object());
    if (claim.is_object() && claim.contains("name")) {
      Bind(objects, claim.value("namespace", ""), claim.value("name", ""));
    }
  } else if (Is(r, "apiextensions.k8s.io", "customresourcedefinitions")) {
    if (!obj["metadata"].contains("deletionTimestamp")) {
      objects.registry().AddCustom(SpecFromCrd(obj));
    }
  }
}

void AfterDelete(Objects& objects, const ResourceInfo& r, const json& obj) {
  KeepNamespaceDefaults(objects, r, obj, /*deleted=*/true);
  if (Is(r, "apiextensions.k8s.io", "customresourcedefinitions")) {
    const json& spec = obj.value("spec", json::object());
    std::string skey =
        spec.value("group", "") + "/" + spec.value("names", json::object()).value("plural", "");
    for (const auto& [ns, name] : objects.store().Names(skey, "")) {
      (void)objects.store().Delete(skey, ns, name, 0);
    }
    objects.registry().RemoveCustom(obj["metadata"].value("name", ""));
  }
}

}  // namespace ark::kubesim
