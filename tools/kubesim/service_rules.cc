#include "kubesim/service_rules.h"

#include <map>
#include <set>

#include "kubesim/go_values.h"
#include "kubesim/objects.h"

namespace ark::kubesim {

using nlohmann::json;

namespace {

std::string TypeOf(const json& spec) { return spec.value("type", "ClusterIP"); }
bool NeedsClusterIp(const json& spec) { return TypeOf(spec) != "ExternalName"; }
bool NeedsNodePorts(const json& spec) {
  return TypeOf(spec) == "NodePort" || TypeOf(spec) == "LoadBalancer";
}
bool IsHeadless(const json& spec) { return spec.value("clusterIP", "") == "None"; }
bool HasList(const json& spec, const char* key) {
  return spec.contains(key) && spec[key].is_array() && !spec[key].empty();
}
bool HasSelector(const json& spec) {
  return spec.contains("selector") && spec["selector"].is_object() && !spec["selector"].empty();
}

// One failure of a Service write, as the real server words it.
class ServiceErrors {
 public:
  ServiceErrors(const ResourceInfo& r, const json& svc)
      : subject_(Objects::Subject(r, svc["metadata"].value("name", ""))) {}
  ApiError Invalid(const std::string& field, const std::string& value,
                   const std::string& why) const {
    return InvalidError(subject_,
                        {{"FieldValueInvalid", field, "Invalid value: " + value + ": " + why}});
  }
  ApiError Forbidden(const std::string& field, const std::string& why) const {
    return InvalidError(subject_, {{"FieldValueForbidden", field, "Forbidden: " + why}});
  }

 private:
  ErrorSubject subject_;
};

// On an update: what the old type had and the new one has not goes, if the request did not
// set it anew (the real registry's dropTypeDependentFields).
void DropTypeDependentFields(json& spec, const json& old_spec) {
  if (NeedsClusterIp(old_spec) && !NeedsClusterIp(spec)) {
    for (const char* f : {"clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"}) {
      if (spec.contains(f) && old_spec.contains(f) && spec[f] == old_spec[f]) spec.erase(f);
    }
  }
  if (!NeedsClusterIp(spec)) spec.erase("internalTrafficPolicy");
  if (NeedsNodePorts(old_spec) && !NeedsNodePorts(spec) && spec.contains("ports") &&
      spec["ports"].is_array()) {
    std::set<int64_t> old_ports;
    for (const json& p : old_spec.value("ports", json::array())) {
      if (p.is_object() && p.contains("nodePort"))
        old_ports.insert(p.value("nodePort", int64_t{0}));
    }
    for (json& p : spec["ports"]) {
      if (p.is_object() && p.contains("nodePort") &&
          old_ports.count(p.value("nodePort", int64_t{0}))) {
        p.erase("nodePort");
      }
    }
  }
  if (!NeedsNodePorts(spec)) spec.erase("externalTrafficPolicy");
  if (TypeOf(spec) != "LoadBalancer") spec.erase("allocateLoadBalancerNodePorts");
}

// On an update: addresses the request left out are the stored ones (patchAllocatedValues).
void KeepAllocatedValues(json& spec, const json& old_spec) {
  if (NeedsClusterIp(old_spec) && NeedsClusterIp(spec)) {
    const bool same_ips =
        !spec.contains("clusterIPs") || spec["clusterIPs"] == old_spec.value("clusterIPs", json());
    if (spec.value("clusterIP", "") == "" && same_ips) {
      for (const char* f : {"clusterIP", "clusterIPs"}) {
        if (old_spec.contains(f)) spec[f] = old_spec[f];
      }
    }
    for (const char* f : {"ipFamilies", "ipFamilyPolicy"}) {
      if (!spec.contains(f) && old_spec.contains(f)) spec[f] = old_spec[f];
    }
  }
  if (NeedsNodePorts(old_spec) && NeedsNodePorts(spec) && spec.contains("ports") &&
      spec["ports"].is_array()) {
    std::map<std::string, int64_t> by_name;
    std::set<int64_t> used;
    for (const json& p : old_spec.value("ports", json::array())) {
      if (p.is_object()) by_name[p.value("name", "")] = p.value("nodePort", int64_t{0});
    }
    for (const json& p : spec["ports"]) {
      if (p.is_object() && p.contains("nodePort")) used.insert(p.value("nodePort", int64_t{0}));
    }
    for (json& p : spec["ports"]) {
      if (!p.is_object() || p.value("nodePort", int64_t{0}) != 0) continue;
      auto it = by_name.find(p.value("name", ""));
      if (it != by_name.end() && it->second != 0 && !used.count(it->second))
        p["nodePort"] = it->second;
    }
  }
  // A changed clusterIP with untouched clusterIPs means the new clusterIP alone.
  if (spec.value("clusterIP", "") != "" && spec.contains("clusterIPs") &&
      spec["clusterIPs"] == old_spec.value("clusterIPs", json()) &&
      spec["clusterIP"] != old_spec.value("clusterIP", json())) {
    spec["clusterIPs"] = json::array({spec["clusterIP"]});
  }
}

void ApplyDefaults(json& spec) {
  spec["type"] = TypeOf(spec);
  if (!spec.contains("sessionAffinity")) spec["sessionAffinity"] = "None";
  if (spec["sessionAffinity"] == "ClientIP" && !spec.contains("sessionAffinityConfig")) {
    spec["sessionAffinityConfig"] = {{"clientIP", {{"timeoutSeconds", 10800}}}};
  }
  if (spec.contains("ports") && spec["ports"].is_array()) {
    for (json& p : spec["ports"]) {
      if (!p.is_object()) continue;
      if (!p.contains("protocol")) p["protocol"] = "TCP";
      if (!p.contains("targetPort") && p.contains("port")) p["targetPort"] = p["port"];
    }
  }
  if (NeedsNodePorts(spec) && !spec.contains("externalTrafficPolicy")) {
    spec["externalTrafficPolicy"] = "Cluster";
  }
  if (TypeOf(spec) == "LoadBalancer" && !spec.contains("allocateLoadBalancerNodePorts")) {
    spec["allocateLoadBalancerNodePorts"] = true;
  }
}

void DefaultIpFamilies(json& spec) {
  const bool dual_headless = IsHeadless(spec) && !HasSelector(spec);
  if (!spec.contains("ipFamilyPolicy")) {
    spec["ipFamilyPolicy"] = dual_headless ? "RequireDualStack" : "SingleStack";
  }
  if (!HasList(spec, "ipFamilies")) {
    spec["ipFamilies"] = dual_headless && spec["ipFamilyPolicy"] != "SingleStack"
                             ? json::array({"IPv4", "IPv6"})
                             : json::array({"IPv4"});
  }
  if (!spec.contains("internalTrafficPolicy")) spec["internalTrafficPolicy"] = "Cluster";
}

// Validation of clusterIP/clusterIPs before anything is allocated.
std::optional<ApiError> ValidateClusterIps(const ServiceErrors& errors, json& spec) {
  const std::string ip = spec.value("clusterIP", "");
  if (!NeedsClusterIp(spec)) {
    if (!ip.empty() || HasList(spec, "clusterIPs")) {
      return errors.Forbidden("spec.clusterIPs", "may not be set for ExternalName services");
    }
    spec.erase("clusterIP");
    spec.erase("clusterIPs");
    return std::nullopt;
  }
  if (ip.empty()) {
    if (HasList(spec, "clusterIPs")) {
      return errors.Invalid("spec.clusterIPs", GoStringSlice(spec["clusterIPs"]),
                            "must be empty when `clusterIP` is not specified");
    }
    return std::nullopt;
  }
  if (!HasList(spec, "clusterIPs")) spec["clusterIPs"] = json::array({ip});
  if (spec["clusterIPs"][0] != ip) {
    return errors.Invalid("spec.clusterIPs", GoStringSlice(spec["clusterIPs"]),
                          "first value must match `clusterIP`");
  }
  if (ip != "None" && !ParseIpv4(ip)) {
    if (ip.find(':') != std::string::npos) {
      return errors.Invalid("spec.clusterIPs[0]", GoStringSlice(spec["clusterIPs"]),
                            "IPv6 is not configured on this cluster");
    }
    return errors.Invalid("spec.clusterIPs[0]", GoQuote(ip),
                          "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
  }
  return std::nullopt;
}

// Takes the requested cluster IP, or a free one when none was requested.
std::optional<ApiError> AllocateClusterIp(const ServiceAddresses& addresses,
                                          const ServiceErrors& errors, json& spec) {
  std::string ip = spec.value("clusterIP", "");
  if (ip == "None") return std::nullopt;
  if (ip.empty()) {
    ip = addresses.FreeIp();
    if (ip.empty()) {
      return errors.Invalid("spec.clusterIPs", "[]string(nil)",
                            "failed to allocate IP: range is full");
    }
    spec["clusterIP"] = ip;
    spec["clusterIPs"] = json::array({ip});
    return std::nullopt;
  }
  const std::string value = GoStringSlice(spec["clusterIPs"]);
  if (!InServiceIpRange(*ParseIpv4(ip))) {
    return errors.Invalid("spec.clusterIPs", value,
                          "failed to allocate IP " + ip + ": the provided IP (" + ip +
                              ") is not in the valid range. The range of valid IPs is " +
                              kServiceIpRange);
  }
  if (addresses.IpInUse(ip)) {
    return errors.Invalid("spec.clusterIPs", value,
                          "failed to allocate IP " + ip + ": provided IP is already allocated");
  }
  return std::nullopt;
}

// The clusterIPs of a Service may not change once set (validateUpgradeDowngradeClusterIPs,
// for single-stack clusters).
std::optional<ApiError> CheckClusterIpsUnchanged(const ServiceErrors& errors, const json& spec,
                                                 const json& old_spec) {
  if (!NeedsClusterIp(spec) || !NeedsClusterIp(old_spec)) return std::nullopt;
  if (IsHeadless(spec) && IsHeadless(old_spec)) return std::nullopt;
  const json old_ips = old_spec.value("clusterIPs", json::array());
  const json ips = spec.value("clusterIPs", json::array());
  const std::string value = GoStringSlice(spec.value("clusterIPs", json()));
  if (old_ips.size() > ips.size() && ips.empty()) {
    return errors.Invalid("spec.clusterIPs[0]", value, "primary clusterIP can not be unset");
  }
  for (size_t i = 0; i < old_ips.size() && i < ips.size(); ++i) {
    if (old_ips[i] != ips[i]) {
      return errors.Invalid("spec.clusterIPs[" + std::to_string(i) + "]", value,
                            "may not change once set");
    }
  }
  return std::nullopt;
}

std::optional<ApiError> AllocateNodePorts(const ServiceAddresses& addresses,
                                          const ServiceErrors& errors, json& spec,
                                          const json* old_spec) {
  if (!spec.contains("ports") || !spec["ports"].is_array()) return std::nullopt;
  json& ports = spec["ports"];
  if (TypeOf(spec) == "ClusterIP") {
    for (size_t i = 0; i < ports.size(); ++i) {
      if (ports[i].is_object() && ports[i].value("nodePort", int64_t{0}) != 0) {
        return errors.Forbidden("spec.ports[" + std::to_string(i) + "].nodePort",
                                "may not be used when `type` is 'ClusterIP'");
      }
    }
    return std::nullopt;
  }
  if (!NeedsNodePorts(spec)) return std::nullopt;
  std::set<int64_t> mine;  // held by the stored version of this Service
  if (old_spec != nullptr) {
    for (const json& p : old_spec->value("ports", json::array())) {
      if (p.is_object() && p.contains("nodePort")) mine.insert(p.value("nodePort", int64_t{0}));
    }
  }
  std::map<int64_t, int> taken_here;
  for (size_t i = 0; i < ports.size(); ++i) {
    if (!ports[i].is_object() || ports[i].value("nodePort", int64_t{0}) == 0) continue;
    const int64_t port = ports[i]["nodePort"].get<int64_t>();
    const std::string field = "spec.ports[" + std::to_string(i) + "].nodePort";
    if (port < kFirstNodePort || port > kLastNodePort) {
      return errors.Invalid(
          field, std::to_string(port),
          "provided port is not in the valid range. The range of valid ports is " +
              std::to_string(kFirstNodePort) + "-" + std::to_string(kLastNodePort));
    }
    if (taken_here.count(port) || (addresses.PortInUse(port) && !mine.count(port))) {
      return errors.Invalid(field, std::to_string(port), "provided port is already allocated");
    }
    taken_here[port] = 1;
  }
  if (TypeOf(spec) == "LoadBalancer" && !spec.value("allocateLoadBalancerNodePorts", true)) {
    return std::nullopt;
  }
  for (json& p : ports) {
    if (!p.is_object() || p.value("nodePort", int64_t{0}) != 0) continue;
    const int64_t port = addresses.FreePort(taken_here);
    if (port == 0) return errors.Invalid("spec.ports.nodePort", "0", "range is full");
    p["nodePort"] = port;
    taken_here[port] = 1;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ApiError> PrepareService(Objects& objects, const ResourceInfo& r, json& svc,
                                       const json* old) {
  if (!svc.contains("spec") || !svc["spec"].is_object()) svc["spec"] = json::object();
  json& spec = svc["spec"];
  const ServiceErrors errors(r, svc);
  const json old_spec = old != nullptr ? old->value("spec", json::object()) : json::object();
  if (old != nullptr) {
    DropTypeDependentFields(spec, old_spec);
    KeepAllocatedValues(spec, old_spec);
  }
  ApplyDefaults(spec);
  if (auto e = ValidateClusterIps(errors, spec)) return e;
  if (old != nullptr) {
    if (auto e = CheckClusterIpsUnchanged(errors, spec, old_spec)) return e;
  }
  const ServiceAddresses& addresses = objects.service_addresses();
  if (NeedsClusterIp(spec)) {
    const bool allocated_before = old != nullptr && NeedsClusterIp(old_spec);
    if (!allocated_before) {
      if (auto e = AllocateClusterIp(addresses, errors, spec)) return e;
    }
    DefaultIpFamilies(spec);
  }
  if (auto e = AllocateNodePorts(addresses, errors, spec, old != nullptr ? &old_spec : nullptr)) {
    return e;
  }
  if (!svc.contains("status")) svc["status"] = {{"loadBalancer", json::object()}};
  return std::nullopt;
}

}  // namespace ark::kubesim
