#include "kubesim/pod_admission.h"

#include "kubesim/objects.h"

namespace ark::kubesim {

using nlohmann::json;

namespace {

constexpr const char* kTokenMountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
constexpr const char* kTokenVolumePrefix = "kube-api-access-";

ErrorSubject PodSubject(const json& pod) {
  return ErrorSubject{"", "pods", "Pod", pod["metadata"].value("name", "")};
}

std::optional<ApiError> AdmitPriority(Objects& objects, json& pod) {
  json& spec = pod["spec"];
  const std::string name = spec.value("priorityClassName", "");
  int64_t priority = 0;
  std::string policy = "PreemptLowerPriority";
  if (name == "system-node-critical") {
    priority = 2000001000;
  } else if (name == "system-cluster-critical") {
    priority = 2000000000;
  } else if (!name.empty()) {
    std::optional<ResourceInfo> classes =
        objects.registry().Find("scheduling.k8s.io", "v1", "priorityclasses");
    Result<json> found = classes ? objects.store().Get(classes->StorageKey(), "", name)
                                 : Result<json>(NotFound("no PriorityClass"));
    if (!found.ok()) {
      return ForbiddenError(PodSubject(pod), "no PriorityClass with name " + name + " was found");
    }
    priority = found->value("value", int64_t{0});
    policy = found->value("preemptionPolicy", policy);
  }
  if (!spec.contains("priority")) spec["priority"] = priority;
  if (!spec.contains("preemptionPolicy")) spec["preemptionPolicy"] = policy;
  return std::nullopt;
}

json TokenVolume(const std::string& name) {
  return {
      {"name", name},
      {"projected",
       {{"sources",
         {{{"serviceAccountToken", {{"expirationSeconds", 3607}, {"path", "token"}}}},
          {{"configMap",
            {{"name", "kube-root-ca.crt"}, {"items", {{{"key", "ca.crt"}, {"path", "ca.crt"}}}}}}},
          {{"downwardAPI",
            {{"items",
              {{{"path", "namespace"},
                {"fieldRef", {{"apiVersion", "v1"}, {"fieldPath", "metadata.namespace"}}}}}}}}}}},
        {"defaultMode", 420}}}};
}

// Mounts the token volume into every container that has nothing at the token path; adds
// the volume when some container needed it and the pod has none yet.
void MountToken(Objects& objects, json& spec) {
  std::string volume_name;
  bool has_volume = false;
  if (spec.contains("volumes") && spec["volumes"].is_array()) {
    for (const json& v : spec["volumes"]) {
      const std::string n = v.is_object() ? v.value("name", "") : "";
      if (n.rfind(kTokenVolumePrefix, 0) == 0) {
        volume_name = n;
        has_volume = true;
        break;
      }
    }
  }
  if (volume_name.empty()) volume_name = kTokenVolumePrefix + objects.meta().NameSuffix();
  const json mount = {{"name", volume_name}, {"readOnly", true}, {"mountPath", kTokenMountPath}};
  bool needed = false;
  for (const char* list : {"initContainers", "containers"}) {
    if (!spec.contains(list) || !spec[list].is_array()) continue;
    for (json& c : spec[list]) {
      if (!c.is_object()) continue;
      bool mounted = false;
      for (const json& m : c.value("volumeMounts", json::array())) {
        if (m.is_object() && m.value("mountPath", "") == kTokenMountPath) mounted = true;
      }
      if (mounted) continue;
      if (!c.contains("volumeMounts") || !c["volumeMounts"].is_array())
        c["volumeMounts"] = json::array();
      c["volumeMounts"].push_back(mount);
      needed = true;
    }
  }
  if (needed && !has_volume) {
    if (!spec.contains("volumes") || !spec["volumes"].is_array()) spec["volumes"] = json::array();
    spec["volumes"].push_back(TokenVolume(volume_name));
  }
}

std::optional<ApiError> AdmitServiceAccount(Objects& objects, json& pod) {
  json& spec = pod["spec"];
  const std::string ns = pod["metadata"].value("namespace", "");
  std::string account = spec.value("serviceAccountName", "");
  if (account.empty()) account = "default";
  spec["serviceAccountName"] = account;
  spec["serviceAccount"] = account;
  ResourceInfo accounts = *objects.registry().Find("", "v1", "serviceaccounts");
  Result<json> sa = objects.store().Get(accounts.StorageKey(), ns, account);
  if (!sa.ok()) {
    return ForbiddenError(PodSubject(pod), "error looking up service account " + ns + "/" +
                                               account + ": serviceaccount \"" + account +
                                               "\" not found");
  }
  bool automount = true;
  if (spec.contains("automountServiceAccountToken") &&
      spec["automountServiceAccountToken"].is_boolean()) {
    automount = spec["automountServiceAccountToken"].get<bool>();
  } else if (sa->contains("automountServiceAccountToken") &&
             (*sa)["automountServiceAccountToken"].is_boolean()) {
    automount = (*sa)["automountServiceAccountToken"].get<bool>();
  }
  if (automount) MountToken(objects, spec);
  const json pull_secrets = sa->value("imagePullSecrets", json::array());
  const bool pod_has_secrets = spec.contains("imagePullSecrets") &&
                               spec["imagePullSecrets"].is_array() &&
                               !spec["imagePullSecrets"].empty();
  if (!pod_has_secrets && pull_secrets.is_array() && !pull_secrets.empty()) {
    spec["imagePullSecrets"] = json::array();
    for (const json& s : pull_secrets) {
      if (s.is_object()) spec["imagePullSecrets"].push_back({{"name", s.value("name", "")}});
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<ApiError> AdmitNewPod(Objects& objects, json& pod) {
  if (!pod.contains("spec") || !pod["spec"].is_object()) pod["spec"] = json::object();
  if (auto e = AdmitServiceAccount(objects, pod)) return e;
  return AdmitPriority(objects, pod);
}

}  // namespace ark::kubesim
