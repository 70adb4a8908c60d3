#include "support/object_compare.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <map>
#include <set>
#include <string_view>

namespace ark::testing {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";
constexpr size_t kMaxRendered = 100;   // characters of a value shown in a difference
constexpr size_t kContextBefore = 30;  // characters shown before the first differing one

// obj[a][b]... when every step exists and is an object member, else nullptr.
Json* Find(Json& obj, std::initializer_list<const char*> path) {
  Json* cur = &obj;
  for (const char* key : path) {
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(key);
    if (it == cur->end()) return nullptr;
    cur = &*it;
  }
  return cur;
}

void EraseKeys(Json* obj, std::initializer_list<const char*> keys) {
  if (obj == nullptr || !obj->is_object()) return;
  for (const char* key : keys) obj->erase(key);
}

Json* Annotations(Json& obj) { return Find(obj, {"metadata", "annotations"}); }
Json* Labels(Json& obj) { return Find(obj, {"metadata", "labels"}); }

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// obj[key] when it is a string, else `otherwise`.
std::string Str(const Json& obj, const char* key, const std::string& otherwise = "") {
  if (!obj.is_object()) return otherwise;
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : otherwise;
}

std::string Name(const Json& obj) {
  return obj.is_object() && obj.contains("metadata") ? Str(obj["metadata"], "name") : "";
}

// The parsed last-applied-configuration of `obj`; an empty object when absent or not JSON.
Json LastApplied(Json& obj) {
  Json* annotations = Annotations(obj);
  if (annotations == nullptr || !annotations->is_object()) return Json::object();
  auto it = annotations->find(std::string(kLastApplied));
  if (it == annotations->end() || !it->is_string()) return Json::object();
  Json parsed = Json::parse(it->get<std::string>(), nullptr, /*allow_exceptions=*/false);
  return parsed.is_object() ? parsed : Json::object();
}

// Keeps the metadata the user writes; drops status and what the server records about the
// object's life (uid, resourceVersion, timestamps, owners, finalizers, managedFields).
void NormalizeCommon(Json& obj) {
  obj.erase("status");
  Json* metadata = Find(obj, {"metadata"});
  if (metadata == nullptr || !metadata->is_object()) return;
  Json kept = Json::object();
  for (const char* key : {"name", "generateName", "namespace", "labels", "annotations"}) {
    auto it = metadata->find(key);
    if (it != metadata->end() && !it->is_null()) kept[key] = std::move(*it);
  }
  *metadata = std::move(kept);
  EraseKeys(Labels(obj), {"ark-restore", "controller-uid", "batch.kubernetes.io/controller-uid"});
}

void DropEmptyMaps(Json& obj) {
  Json* metadata = Find(obj, {"metadata"});
  if (metadata == nullptr || !metadata->is_object()) return;
  for (const char* key : {"labels", "annotations"}) {
    auto it = metadata->find(key);
    if (it != metadata->end() && (it->is_null() || (it->is_object() && it->empty()))) {
      metadata->erase(it);
    }
  }
}

// True when `applied` (a port of last-applied-configuration) describes `live`: same name
// when both are named, else same port number and protocol (TCP when unset).
bool SamePort(const Json& applied, const Json& live) {
  if (!applied.is_object() || !live.is_object()) return false;
  if (applied.contains("name") && live.contains("name")) return applied["name"] == live["name"];
  return applied.value("port", Json()) == live.value("port", Json()) &&
         Str(applied, "protocol", "TCP") == Str(live, "protocol", "TCP");
}

bool NodePortChosenByUser(const Json& applied_ports, const Json& live_port) {
  if (!applied_ports.is_array()) return false;
  return std::any_of(applied_ports.begin(), applied_ports.end(), [&](const Json& p) {
    return p.is_object() && p.contains("nodePort") && SamePort(p, live_port);
  });
}

void NormalizeService(Json& obj) {
  Json applied = LastApplied(obj);
  const Json* applied_spec_ptr = Find(applied, {"spec"});
  const Json applied_spec = applied_spec_ptr != nullptr && applied_spec_ptr->is_object()
                                ? *applied_spec_ptr
                                : Json::object();
  Json* spec = Find(obj, {"spec"});
  if (spec == nullptr || !spec->is_object()) return;
  const bool headless = Str(*spec, "clusterIP") == "None";
  const bool fixed_ip = !Str(applied_spec, "clusterIP").empty();
  if (!headless && !fixed_ip) EraseKeys(spec, {"clusterIP", "clusterIPs"});
  if (!applied_spec.contains("healthCheckNodePort")) spec->erase("healthCheckNodePort");
  Json* ports = Find(*spec, {"ports"});
  if (ports == nullptr || !ports->is_array()) return;
  const Json applied_ports = applied_spec.value("ports", Json::array());
  for (Json& port : *ports) {
    if (port.is_object() && !NodePortChosenByUser(applied_ports, port)) port.erase("nodePort");
  }
}

void NormalizePersistentVolume(Json& obj) {
  EraseKeys(Find(obj, {"spec", "claimRef"}), {"uid", "resourceVersion"});
  EraseKeys(Annotations(obj), {"pv.kubernetes.io/bound-by-controller"});
}

void NormalizePersistentVolumeClaim(Json& obj) {
  EraseKeys(Annotations(obj),
            {"pv.kubernetes.io/bind-completed", "pv.kubernetes.io/bound-by-controller",
             "volume.beta.kubernetes.io/storage-provisioner",
             "volume.kubernetes.io/storage-provisioner", "volume.kubernetes.io/selected-node"});
}

void NormalizeJob(Json& obj) {
  Json* spec = Find(obj, {"spec"});
  Json* manual = spec != nullptr ? Find(*spec, {"manualSelector"}) : nullptr;
  const bool manual_selector = manual != nullptr && manual->is_boolean() && manual->get<bool>();
  if (spec != nullptr && spec->is_object() && !manual_selector) spec->erase("selector");
  EraseKeys(Find(obj, {"spec", "template", "metadata", "labels"}),
            {"controller-uid", "batch.kubernetes.io/controller-uid", "job-name",
             "batch.kubernetes.io/job-name"});
  EraseKeys(Annotations(obj), {"batch.kubernetes.io/job-tracking"});
}

void NormalizeDeploymentOrReplicaSet(Json& obj) {
  EraseKeys(Annotations(obj),
            {"deployment.kubernetes.io/revision", "deployment.kubernetes.io/revision-history"});
}

// The token controller of v1.21 and older names the Secret it makes <sa>-token-<5 chars>.
bool IsGeneratedTokenName(std::string_view name, std::string_view service_account) {
  const std::string prefix = std::string(service_account) + "-token-";
  if (!StartsWith(name, prefix) || name.size() != prefix.size() + 5) return false;
  return std::all_of(name.begin() + prefix.size(), name.end(),
                     [](unsigned char c) { return std::islower(c) || std::isdigit(c); });
}

void NormalizeServiceAccount(Json& obj) {
  Json* secrets = Find(obj, {"secrets"});
  if (secrets == nullptr || !secrets->is_array()) return;
  const std::string name = Name(obj);
  Json kept = Json::array();
  for (Json& s : *secrets) {
    if (IsGeneratedTokenName(Str(s, "name"), name)) continue;
    kept.push_back(std::move(s));
  }
  if (kept.empty()) {
    obj.erase("secrets");
  } else {
    *secrets = std::move(kept);
  }
}

void NormalizeSecret(Json& obj) {
  if (Str(obj, "type") != "kubernetes.io/service-account-token") return;
  obj.erase("data");
  EraseKeys(Annotations(obj), {"kubernetes.io/service-account.uid"});
  EraseKeys(Labels(obj),
            {"kubernetes.io/legacy-token-last-used", "kubernetes.io/legacy-token-invalid-since"});
}

void NormalizePod(Json& obj) {
  Json* spec = Find(obj, {"spec"});
  if (spec == nullptr || !spec->is_object()) return;
  spec->erase("nodeName");
  const std::string sa = Str(*spec, "serviceAccountName");
  const std::string sa_token = (sa.empty() ? "default" : sa) + "-token-";
  auto is_token_volume = [&](const Json& v) {
    const std::string name = Str(v, "name");
    return StartsWith(name, "kube-api-access-") || StartsWith(name, "default-token-") ||
           StartsWith(name, sa_token);
  };
  auto remove_from = [&](Json* list) {
    if (list == nullptr || !list->is_array()) return;
    Json kept = Json::array();
    for (Json& item : *list) {
      if (!is_token_volume(item)) kept.push_back(std::move(item));
    }
    *list = std::move(kept);
  };
  remove_from(Find(*spec, {"volumes"}));
  for (const char* containers : {"containers", "initContainers", "ephemeralContainers"}) {
    Json* list = Find(*spec, {containers});
    if (list == nullptr || !list->is_array()) continue;
    for (Json& c : *list) remove_from(Find(c, {"volumeMounts"}));
  }
}

void NormalizeHorizontalPodAutoscaler(Json& obj) {
  EraseKeys(Annotations(obj), {"autoscaling.alpha.kubernetes.io/conditions",
                               "autoscaling.alpha.kubernetes.io/current-metrics"});
}

void NormalizeEndpoints(Json& obj) {
  EraseKeys(Annotations(obj), {"endpoints.kubernetes.io/last-change-trigger-time"});
}

void NormalizeConfigMap(Json& obj) {
  if (Name(obj) == "kube-root-ca.crt") obj.erase("data");
}

using Rule = void (*)(Json&);

const std::map<std::string_view, Rule>& Rules() {
  static const auto* rules = new std::map<std::string_view, Rule>{
      {"services", NormalizeService},
      {"persistentvolumes", NormalizePersistentVolume},
      {"persistentvolumeclaims", NormalizePersistentVolumeClaim},
      {"jobs.batch", NormalizeJob},
      {"deployments.apps", NormalizeDeploymentOrReplicaSet},
      {"replicasets.apps", NormalizeDeploymentOrReplicaSet},
      {"serviceaccounts", NormalizeServiceAccount},
      {"secrets", NormalizeSecret},
      {"pods", NormalizePod},
      {"horizontalpodautoscalers.autoscaling", NormalizeHorizontalPodAutoscaler},
      {"endpoints", NormalizeEndpoints},
      {"endpointslices.discovery.k8s.io", NormalizeEndpoints},
      {"configmaps", NormalizeConfigMap},
  };
  return *rules;
}

// --- DiffObjects ---

bool IsPlainKey(const std::string& key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-';
  });
}

std::string Member(const std::string& path, const std::string& key) {
  if (!IsPlainKey(key)) return path + "[" + Json(key).dump() + "]";
  return path.empty() ? key : path + "." + key;
}

std::string Shorten(const std::string& s, size_t from) {
  std::string out = from > 0 ? "..." + s.substr(from) : s;
  if (out.size() > kMaxRendered) out = out.substr(0, kMaxRendered - 3) + "...";
  return out;
}

// Renders two differing values; long strings are shown from shortly before the first
// character where they differ, so that two long annotations show their difference.
std::pair<std::string, std::string> Render(const Json& a, const Json& b) {
  if (a.is_string() && b.is_string()) {
    const std::string da = a.dump(), db = b.dump();
    const size_t common =
        std::mismatch(da.begin(), da.begin() + std::min(da.size(), db.size()), db.begin()).first -
        da.begin();
    const size_t from = common > kContextBefore ? common - kContextBefore : 0;
    return {Shorten(da, from), Shorten(db, from)};
  }
  return {Shorten(a.dump(), 0), Shorten(b.dump(), 0)};
}

void Report(const std::string& path, const std::string& a, const std::string& b,
            std::vector<std::string>& out) {
  out.push_back((path.empty() ? "<root>" : path) + ": " + a + " != " + b);
}

void Diff(const Json& a, const Json& b, const std::string& path, std::vector<std::string>& out) {
  if (a.is_object() && b.is_object()) {
    std::set<std::string> keys;
    for (auto it = a.begin(); it != a.end(); ++it) keys.insert(it.key());
    for (auto it = b.begin(); it != b.end(); ++it) keys.insert(it.key());
    for (const std::string& key : keys) {
      const std::string child = Member(path, key);
      auto ia = a.find(key), ib = b.find(key);
      if (ia == a.end()) {
        Report(child, "<absent>", Shorten(ib->dump(), 0), out);
      } else if (ib == b.end()) {
        Report(child, Shorten(ia->dump(), 0), "<absent>", out);
      } else {
        Diff(*ia, *ib, child, out);
      }
    }
    return;
  }
  if (a.is_array() && b.is_array()) {
    for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
      const std::string child = path + "[" + std::to_string(i) + "]";
      if (i >= a.size()) {
        Report(child, "<absent>", Shorten(b[i].dump(), 0), out);
      } else if (i >= b.size()) {
        Report(child, Shorten(a[i].dump(), 0), "<absent>", out);
      } else {
        Diff(a[i], b[i], child, out);
      }
    }
    return;
  }
  if (a != b) {
    auto [ra, rb] = Render(a, b);
    Report(path, ra, rb, out);
  }
}

}  // namespace

nlohmann::json Normalized(const std::string& group_resource, const nlohmann::json& live) {
  if (!live.is_object()) return live;
  Json obj = live;
  // Kind-specific rules first: they read last-applied-configuration and the labels the
  // common pass drops.
  auto rule = Rules().find(group_resource);
  if (rule != Rules().end()) rule->second(obj);
  NormalizeCommon(obj);
  DropEmptyMaps(obj);
  return obj;
}

std::vector<std::string> DiffObjects(const nlohmann::json& a, const nlohmann::json& b) {
  std::vector<std::string> out;
  Diff(a, b, "", out);
  return out;
}

std::vector<std::string> DiffNormalized(const std::string& group_resource,
                                        const nlohmann::json& source,
                                        const nlohmann::json& target) {
  return DiffObjects(Normalized(group_resource, source), Normalized(group_resource, target));
}

}  // namespace ark::testing
