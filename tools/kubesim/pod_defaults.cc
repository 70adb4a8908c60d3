#include "kubesim/pod_defaults.h"

#include <map>
#include <string>

#include "kubesim/quantity.h"

namespace ark::kubesim {

using nlohmann::json;

namespace {

constexpr int kDefaultMode = 420;  // 0644

void SetIfAbsent(json& obj, const char* key, const json& value) {
  if (obj.is_object() && !obj.contains(key)) obj[key] = value;
}

// Calls fn on obj[key][i] for each object element of an array member.
template <typename F>
void ForEachIn(json& obj, const char* key, F fn) {
  if (!obj.is_object()) return;
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_array()) return;
  for (json& e : *it) {
    if (e.is_object()) fn(e);
  }
}

// "Always" when the image names no tag and no digest, or the tag "latest" (the tag is what
// follows the last ':' of the last path component; a digest follows '@').
std::string PullPolicyFor(const std::string& image) {
  if (image.empty()) return "IfNotPresent";
  std::string name = image;
  bool digest = false;
  if (size_t at = name.find('@'); at != std::string::npos) {
    digest = true;
    name = name.substr(0, at);
  }
  const size_t slash = name.rfind('/');
  const size_t colon = name.rfind(':');
  std::string tag;
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    tag = name.substr(colon + 1);
  }
  if (tag.empty() && !digest) tag = "latest";
  return tag == "latest" ? "Always" : "IfNotPresent";
}

void DefaultHttpGet(json& handler) {
  if (!handler.is_object() || !handler.contains("httpGet") || !handler["httpGet"].is_object())
    return;
  json& get = handler["httpGet"];
  if (get.value("path", "") == "") get["path"] = "/";
  SetIfAbsent(get, "scheme", "HTTP");
}

void DefaultProbe(json& container, const char* key) {
  if (!container.contains(key) || !container[key].is_object()) return;
  json& probe = container[key];
  SetIfAbsent(probe, "timeoutSeconds", 1);
  SetIfAbsent(probe, "periodSeconds", 10);
  SetIfAbsent(probe, "successThreshold", 1);
  SetIfAbsent(probe, "failureThreshold", 3);
  DefaultHttpGet(probe);
}

void DefaultFieldRefs(json& value_from) {
  if (!value_from.is_object()) return;
  if (value_from.contains("fieldRef") && value_from["fieldRef"].is_object()) {
    SetIfAbsent(value_from["fieldRef"], "apiVersion", "v1");
  }
  if (value_from.contains("resourceFieldRef") && value_from["resourceFieldRef"].is_object()) {
    SetIfAbsent(value_from["resourceFieldRef"], "divisor", "0");
  }
}

void DefaultContainer(json& c, bool host_network) {
  if (!c.contains("imagePullPolicy")) c["imagePullPolicy"] = PullPolicyFor(c.value("image", ""));
  SetIfAbsent(c, "terminationMessagePath", "/dev/termination-log");
  SetIfAbsent(c, "terminationMessagePolicy", "File");
  SetIfAbsent(c, "resources", json::object());
  ForEachIn(c, "ports", [&](json& p) {
    SetIfAbsent(p, "protocol", "TCP");
    if (host_network && !p.contains("hostPort") && p.contains("containerPort")) {
      p["hostPort"] = p["containerPort"];
    }
  });
  ForEachIn(c, "env", [](json& e) {
    if (e.contains("valueFrom")) DefaultFieldRefs(e["valueFrom"]);
  });
  for (const char* probe : {"livenessProbe", "readinessProbe", "startupProbe"}) {
    DefaultProbe(c, probe);
  }
  if (c.contains("lifecycle") && c["lifecycle"].is_object()) {
    for (const char* hook : {"postStart", "preStop"}) {
      if (c["lifecycle"].contains(hook)) DefaultHttpGet(c["lifecycle"][hook]);
    }
  }
}

void DefaultDownwardApiItems(json& source) {
  ForEachIn(source, "items", [](json& item) { DefaultFieldRefs(item); });
}

void DefaultVolume(json& v) {
  if (v.size() == 1 && v.contains("name")) v["emptyDir"] = json::object();
  for (const char* source : {"secret", "configMap", "downwardAPI", "projected"}) {
    if (v.contains(source) && v[source].is_object())
      SetIfAbsent(v[source], "defaultMode", kDefaultMode);
  }
  if (v.contains("downwardAPI")) DefaultDownwardApiItems(v["downwardAPI"]);
  if (v.contains("hostPath") && v["hostPath"].is_object()) SetIfAbsent(v["hostPath"], "type", "");
  if (v.contains("projected") && v["projected"].is_object()) {
    ForEachIn(v["projected"], "sources", [](json& s) {
      if (s.contains("downwardAPI")) DefaultDownwardApiItems(s["downwardAPI"]);
      if (s.contains("serviceAccountToken") && s["serviceAccountToken"].is_object()) {
        SetIfAbsent(s["serviceAccountToken"], "expirationSeconds", 3600);
      }
    });
  }
}

void CopyLimitsToRequests(json& c) {
  if (!c.contains("resources") || !c["resources"].is_object()) return;
  json& res = c["resources"];
  if (!res.contains("limits") || !res["limits"].is_object()) return;
  if (!res.contains("requests") || !res["requests"].is_object()) res["requests"] = json::object();
  for (auto it = res["limits"].begin(); it != res["limits"].end(); ++it) {
    SetIfAbsent(res["requests"], it.key().c_str(), it.value());
  }
}

bool Tolerates(const json& tolerations, const std::string& key) {
  if (!tolerations.is_array()) return false;
  for (const json& t : tolerations) {
    if (!t.is_object()) continue;
    const std::string k = t.value("key", "");
    const std::string effect = t.value("effect", "");
    if ((k == key || k.empty()) && (effect == "NoExecute" || effect.empty())) return true;
  }
  return false;
}

}  // namespace

void DefaultPodSpec(json& spec) {
  if (!spec.is_object()) return;
  SetIfAbsent(spec, "restartPolicy", "Always");
  SetIfAbsent(spec, "terminationGracePeriodSeconds", 30);
  SetIfAbsent(spec, "dnsPolicy", "ClusterFirst");
  SetIfAbsent(spec, "securityContext", json::object());
  SetIfAbsent(spec, "schedulerName", "default-scheduler");
  const std::string account = spec.value("serviceAccountName", "");
  if (!account.empty()) {
    spec["serviceAccount"] = account;
  } else if (spec.value("serviceAccount", "") != "") {
    spec["serviceAccountName"] = spec["serviceAccount"];
  }
  const bool host_network = spec.value("hostNetwork", false);
  for (const char* list : {"containers", "initContainers", "ephemeralContainers"}) {
    ForEachIn(spec, list, [&](json& c) {
      DefaultContainer(c, host_network && std::string(list) != "ephemeralContainers");
    });
  }
  ForEachIn(spec, "volumes", DefaultVolume);
}

void DefaultPodTemplate(json& pod_template) {
  if (!pod_template.is_object()) return;
  if (!pod_template.contains("metadata") || !pod_template["metadata"].is_object()) {
    pod_template["metadata"] = json::object();
  }
  pod_template["metadata"]["creationTimestamp"] = nullptr;
  if (!pod_template.contains("spec") || !pod_template["spec"].is_object()) {
    pod_template["spec"] = json::object();
  }
  DefaultPodSpec(pod_template["spec"]);
}

void DefaultNewPod(json& pod) {
  if (!pod.contains("spec") || !pod["spec"].is_object()) pod["spec"] = json::object();
  json& spec = pod["spec"];
  ForEachIn(spec, "containers", CopyLimitsToRequests);
  ForEachIn(spec, "initContainers", CopyLimitsToRequests);
  DefaultPodSpec(spec);
  SetIfAbsent(spec, "enableServiceLinks", true);
  json tolerations = spec.value("tolerations", json::array());
  if (!tolerations.is_array()) tolerations = json::array();
  for (const char* key : {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}) {
    if (Tolerates(tolerations, key)) continue;
    tolerations.push_back({{"key", key},
                           {"operator", "Exists"},
                           {"effect", "NoExecute"},
                           {"tolerationSeconds", 300}});
  }
  spec["tolerations"] = tolerations;
  pod["status"] = {{"phase", "Pending"}, {"qosClass", PodQosClass(spec)}};
}

std::string PodQosClass(const json& spec) {
  std::map<std::string, double> requests, limits;
  bool guaranteed = true;
  bool any_container = false;
  for (const char* list : {"containers", "initContainers"}) {
    const json containers = spec.value(list, json::array());
    if (!containers.is_array()) continue;
    for (const json& c : containers) {
      if (!c.is_object()) continue;
      any_container = true;
      const json res = c.value("resources", json::object());
      std::map<std::string, bool> limited;
      for (const char* kind : {"requests", "limits"}) {
        const json values = res.is_object() ? res.value(kind, json::object()) : json::object();
        if (!values.is_object()) continue;
        for (const char* name : {"cpu", "memory"}) {
          if (!values.contains(name) || !values[name].is_string()) continue;
          const double q = ParseQuantity(values[name].get<std::string>()).value_or(0);
          if (q == 0) continue;
          (std::string(kind) == "requests" ? requests : limits)[name] += q;
          if (std::string(kind) == "limits") limited[name] = true;
        }
      }
      if (!limited["cpu"] || !limited["memory"]) guaranteed = false;
    }
  }
  if (requests.empty() && limits.empty()) return "BestEffort";
  if (any_container && guaranteed && requests == limits) return "Guaranteed";
  return "Burstable";
}

}  // namespace ark::kubesim
