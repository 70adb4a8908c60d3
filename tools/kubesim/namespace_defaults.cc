#include "kubesim/namespace_defaults.h"

#include "kubesim/objects.h"

namespace ark::kubesim {

using nlohmann::json;

namespace {

constexpr const char* kRootCaName = "kube-root-ca.crt";
constexpr const char* kDescriptionKey = "kubernetes.io/description";
constexpr const char* kDescription =
    "Contains a CA bundle that can be used to verify the kube-apiserver when using internal "
    "endpoints such as the internal service IP or kubernetes.default.svc. No other usage is "
    "guaranteed across distributions of Kubernetes clusters.";

bool NamespaceActive(Objects& objects, const std::string& ns) {
  Result<json> got =
      objects.store().Get(NamespacesResource(objects.registry()).StorageKey(), "", ns);
  return got.ok() && !got->at("metadata").contains("deletionTimestamp");
}

void EnsureServiceAccount(Objects& objects, const std::string& ns) {
  ResourceInfo accounts = *objects.registry().Find("", "v1", "serviceaccounts");
  if (objects.store().Get(accounts.StorageKey(), ns, "default").ok()) return;
  (void)objects.Create(accounts, ns, {{"metadata", {{"name", "default"}, {"namespace", ns}}}});
}

void EnsureRootCa(Objects& objects, const std::string& ns) {
  ResourceInfo config_maps = *objects.registry().Find("", "v1", "configmaps");
  const json data = {{"ca.crt", objects.root_ca_pem()}};
  Result<json> current = objects.store().Get(config_maps.StorageKey(), ns, kRootCaName);
  if (!current.ok()) {
    (void)objects.Create(config_maps, ns,
                         {{"metadata",
                           {{"name", kRootCaName},
                            {"namespace", ns},
                            {"annotations", {{kDescriptionKey, kDescription}}}}},
                          {"data", data}});
    return;
  }
  const json& meta = current->at("metadata");
  const json annotations = meta.value("annotations", json::object());
  const bool described = annotations.is_object() && annotations.value(kDescriptionKey, "") != "";
  if (current->value("data", json()) == data && described) return;
  if (meta.contains("deletionTimestamp") || current->value("immutable", false)) return;
  json next = *current;
  next["data"] = data;
  next["metadata"]["annotations"][kDescriptionKey] = kDescription;
  (void)objects.store().Update(config_maps.StorageKey(), std::move(next),
                               ParseRv(MetaString(*current, "resourceVersion")));
}

}  // namespace

void EnsureNamespaceDefaults(Objects& objects, const std::string& ns) {
  if (!NamespaceActive(objects, ns)) return;
  EnsureServiceAccount(objects, ns);
  EnsureRootCa(objects, ns);
}

void KeepNamespaceDefaults(Objects& objects, const ResourceInfo& r, const json& obj, bool deleted) {
  if (!r.group.empty()) return;
  const std::string name = MetaString(obj, "name");
  if (r.name == "namespaces") {
    if (!deleted) EnsureNamespaceDefaults(objects, name);
  } else if (r.name == "serviceaccounts" && name == "default") {
    if (deleted) EnsureNamespaceDefaults(objects, MetaString(obj, "namespace"));
  } else if (r.name == "configmaps" && name == kRootCaName) {
    EnsureNamespaceDefaults(objects, MetaString(obj, "namespace"));
  }
}

}  // namespace ark::kubesim
