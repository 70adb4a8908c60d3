#include "kubesim/printer_columns.h"

#include <cstdint>

namespace ark::kubesim {
namespace {

using nlohmann::json;

const json& Field(const json& obj, std::initializer_list<const char*> path) {
  static const json kNull;
  const json* cur = &obj;
  for (const char* key : path) {
    if (!cur->is_object()) return kNull;
    auto it = cur->find(key);
    if (it == cur->end()) return kNull;
    cur = &*it;
  }
  return *cur;
}

std::string Str(const json& v, const std::string& fallback = "") {
  return v.is_string() ? v.get<std::string>() : fallback;
}

int64_t Int(const json& v) { return v.is_number_integer() ? v.get<int64_t>() : 0; }

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string AccessModes(const json& modes) {
  std::vector<std::string> out;
  if (!modes.is_array()) return "";
  for (const json& m : modes) {
    const std::string mode = Str(m);
    if (mode == "ReadWriteOnce")
      out.push_back("RWO");
    else if (mode == "ReadOnlyMany")
      out.push_back("ROX");
    else if (mode == "ReadWriteMany")
      out.push_back("RWX");
    else if (mode == "ReadWriteOncePod")
      out.push_back("RWOP");
  }
  return Join(out, ",");
}

std::string ServicePorts(const json& spec) {
  std::vector<std::string> out;
  const json& ports = Field(spec, {"ports"});
  if (!ports.is_array()) return "<none>";
  for (const json& p : ports) {
    std::string s = std::to_string(Int(Field(p, {"port"})));
    // Appended piece by piece: GCC 12 misreads ":" + string as an overlapping copy.
    if (Int(Field(p, {"nodePort"})) != 0) {
      s.append(":").append(std::to_string(Int(Field(p, {"nodePort"}))));
    }
    s.append("/").append(Str(Field(p, {"protocol"}), "TCP"));
    out.push_back(s);
  }
  return out.empty() ? "<none>" : Join(out, ",");
}

std::string ExternalIp(const json& svc) {
  const json& spec = Field(svc, {"spec"});
  const std::string type = Str(Field(spec, {"type"}), "ClusterIP");
  std::vector<std::string> ips;
  const json& external = Field(spec, {"externalIPs"});
  if (external.is_array()) {
    for (const json& ip : external) ips.push_back(Str(ip));
  }
  if (type == "ExternalName") return Str(Field(spec, {"externalName"}));
  if (type == "LoadBalancer") {
    const json& ingress = Field(svc, {"status", "loadBalancer", "ingress"});
    if (ingress.is_array()) {
      for (const json& i : ingress)
        ips.push_back(Str(Field(i, {"ip"}), Str(Field(i, {"hostname"}))));
    }
    return ips.empty() ? "<pending>" : Join(ips, ",");
  }
  return ips.empty() ? "<none>" : Join(ips, ",");
}

std::string PodStatus(const json& pod) {
  if (!Field(pod, {"metadata", "deletionTimestamp"}).is_null()) return "Terminating";
  const std::string reason = Str(Field(pod, {"status", "reason"}));
  if (!reason.empty()) return reason;
  return Str(Field(pod, {"status", "phase"}), "Pending");
}

std::string PodReady(const json& pod) {
  const json& containers = Field(pod, {"spec", "containers"});
  int64_t total = containers.is_array() ? static_cast<int64_t>(containers.size()) : 0;
  int64_t ready = 0;
  const json& statuses = Field(pod, {"status", "containerStatuses"});
  if (statuses.is_array()) {
    for (const json& s : statuses) ready += Field(s, {"ready"}) == true ? 1 : 0;
  }
  return std::to_string(ready) + "/" + std::to_string(total);
}

int64_t PodRestarts(const json& pod) {
  int64_t n = 0;
  const json& statuses = Field(pod, {"status", "containerStatuses"});
  if (statuses.is_array()) {
    for (const json& s : statuses) n += Int(Field(s, {"restartCount"}));
  }
  return n;
}

int64_t Count(const json& v) { return v.is_object() ? static_cast<int64_t>(v.size()) : 0; }

bool Is(const ResourceInfo& r, const char* group, const char* name) {
  return !r.custom && r.group == group && r.name == name;
}

}  // namespace

std::vector<PrinterColumn> PrinterColumns(const ResourceInfo& r) {
  if (Is(r, "", "pods")) {
    return {{"Ready", "string", "The aggregate readiness state of this pod for accepting traffic."},
            {"Status", "string", "The aggregate status of the containers in this pod."},
            {"Restarts", "string",
             "The number of times the containers in this pod have been restarted."},
            {"IP", "string", "IP address allocated to the pod.", 1},
            {"Node", "string", "Name of the node the pod is assigned to.", 1}};
  }
  if (Is(r, "apps", "deployments")) {
    return {{"Ready", "string", "Number of the pod with ready state"},
            {"Up-to-date", "integer",
             "Total number of non-terminated pods targeted by this deployment that have the "
             "desired template spec."},
            {"Available", "integer",
             "Total number of available pods (ready for at least minReadySeconds) targeted by this "
             "deployment."}};
  }
  if (Is(r, "apps", "replicasets")) {
    return {{"Desired", "integer", "Number of desired pods."},
            {"Current", "integer", "Number of actual pods."},
            {"Ready", "integer", "Number of ready pods."}};
  }
  if (Is(r, "", "services")) {
    return {{"Type", "string", "The type of the service."},
            {"Cluster-IP", "string", "The IP address of the service."},
            {"External-IP", "string", "The external IP address of the service."},
            {"Port(s)", "string", "The ports of the service."},
            {"Selector", "string", "The label selector of the service.", 1}};
  }
  if (Is(r, "", "configmaps")) return {{"Data", "integer", "Number of entries in the config map."}};
  if (Is(r, "", "secrets")) {
    return {{"Type", "string", "The type of the secret."},
            {"Data", "integer", "Number of entries in the secret."}};
  }
  if (Is(r, "", "namespaces")) return {{"Status", "string", "The status of the namespace."}};
  if (Is(r, "", "persistentvolumes")) {
    return {{"Capacity", "string", "The storage capacity of the volume."},
            {"Access Modes", "string", "The access modes of the volume."},
            {"Reclaim Policy", "string", "What happens to the volume when it is released."},
            {"Status", "string", "The phase of the volume."},
            {"Claim", "string", "The claim bound to the volume."},
            {"StorageClass", "string", "The storage class of the volume."},
            {"Reason", "string", "Why the volume is in its phase."}};
  }
  if (Is(r, "", "persistentvolumeclaims")) {
    return {{"Status", "string", "The phase of the claim."},
            {"Volume", "string", "The volume bound to the claim."},
            {"Capacity", "string", "The storage capacity of the bound volume."},
            {"Access Modes", "string", "The access modes of the claim."},
            {"StorageClass", "string", "The storage class of the claim."}};
  }
  return {};
}

std::vector<json> PrinterCells(const ResourceInfo& r, const json& obj) {
  const json& spec = Field(obj, {"spec"});
  const json& status = Field(obj, {"status"});
  if (Is(r, "", "pods")) {
    return {PodReady(obj), PodStatus(obj), std::to_string(PodRestarts(obj)),
            Str(Field(status, {"podIP"}), "<none>"), Str(Field(spec, {"nodeName"}), "<none>")};
  }
  if (Is(r, "apps", "deployments")) {
    const int64_t replicas = spec.contains("replicas") ? Int(Field(spec, {"replicas"})) : 1;
    return {std::to_string(Int(Field(status, {"readyReplicas"}))) + "/" + std::to_string(replicas),
            Int(Field(status, {"updatedReplicas"})), Int(Field(status, {"availableReplicas"}))};
  }
  if (Is(r, "apps", "replicasets")) {
    return {Int(Field(spec, {"replicas"})), Int(Field(status, {"replicas"})),
            Int(Field(status, {"readyReplicas"}))};
  }
  if (Is(r, "", "services")) {
    std::vector<std::string> selector;
    const json& sel = Field(spec, {"selector"});
    if (sel.is_object()) {
      for (const auto& [k, v] : sel.items()) selector.push_back(k + "=" + Str(v));
    }
    return {Str(Field(spec, {"type"}), "ClusterIP"), Str(Field(spec, {"clusterIP"}), "<none>"),
            ExternalIp(obj), ServicePorts(spec), selector.empty() ? "<none>" : Join(selector, ",")};
  }
  if (Is(r, "", "configmaps")) {
    return {Count(Field(obj, {"data"})) + Count(Field(obj, {"binaryData"}))};
  }
  if (Is(r, "", "secrets")) {
    return {Str(Field(obj, {"type"}), "Opaque"), Count(Field(obj, {"data"}))};
  }
  if (Is(r, "", "namespaces")) return {Str(Field(status, {"phase"}), "Active")};
  if (Is(r, "", "persistentvolumes")) {
    const json& claim = Field(spec, {"claimRef"});
    std::string claim_name;
    if (claim.is_object())
      claim_name = Str(Field(claim, {"namespace"})) + "/" + Str(Field(claim, {"name"}));
    return {Str(Field(spec, {"capacity", "storage"})),
            AccessModes(Field(spec, {"accessModes"})),
            Str(Field(spec, {"persistentVolumeReclaimPolicy"}), "Retain"),
            Str(Field(status, {"phase"})),
            claim_name,
            Str(Field(spec, {"storageClassName"})),
            Str(Field(status, {"reason"}))};
  }
  if (Is(r, "", "persistentvolumeclaims")) {
    return {Str(Field(status, {"phase"}), "Pending"), Str(Field(spec, {"volumeName"})),
            Str(Field(status, {"capacity", "storage"})),
            AccessModes(Field(status, {"accessModes"})), Str(Field(spec, {"storageClassName"}))};
  }
  return {};
}

}  // namespace ark::kubesim
