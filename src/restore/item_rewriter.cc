#include "restore/item_rewriter.h"

#include <cstdint>
#include <cstdio>
#include <set>

#include "kube/finished_workloads.h"
#include "util/json_access.h"

namespace ark::restore {
namespace {

using Json = nlohmann::json;

constexpr char kAutomanagedApiServiceLabel[] = "kube-aggregator.kubernetes.io/automanaged";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Returns obj[a][b]... when every step exists and is an object member, else nullptr.
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

const Json* Find(const Json& obj, std::initializer_list<const char*> path) {
  const Json* cur = &obj;
  for (const char* key : path) {
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(key);
    if (it == cur->end()) return nullptr;
    cur = &*it;
  }
  return cur;
}

void EraseKey(Json* obj, const char* key) {
  if (obj != nullptr && obj->is_object()) obj->erase(key);
}

void ResetMetadataAndStatus(Json& obj) {
  obj.erase("status");
  auto it = obj.find("metadata");
  if (it == obj.end() || !it->is_object()) {
    obj["metadata"] = Json::object();
    return;
  }
  Json kept = Json::object();
  for (const char* key : {"name", "namespace", "labels", "annotations"}) {
    auto field = it->find(key);
    if (field != it->end() && !field->is_null()) kept[key] = std::move(*field);
  }
  *it = std::move(kept);
}

bool IsTokenVolume(std::string_view name) {
  return StartsWith(name, "default-token-") || StartsWith(name, "kube-api-access-");
}

void RemoveTokenMounts(Json* containers) {
  if (containers == nullptr || !containers->is_array()) return;
  for (Json& c : *containers) {
    Json* mounts = Find(c, {"volumeMounts"});
    if (mounts == nullptr || !mounts->is_array()) continue;
    Json kept = Json::array();
    for (Json& m : *mounts) {
      if (m.is_object() && IsTokenVolume(Str(m, "name"))) {
        continue;
      }
      kept.push_back(std::move(m));
    }
    *mounts = std::move(kept);
  }
}

void RewritePod(Json& obj) {
  Json* spec = Find(obj, {"spec"});
  if (spec == nullptr || !spec->is_object()) return;
  spec->erase("nodeName");
  Json* volumes = Find(*spec, {"volumes"});
  if (volumes != nullptr && volumes->is_array()) {
    Json kept = Json::array();
    for (Json& v : *volumes) {
      if (IsTokenVolume(Str(v, "name"))) continue;
      kept.push_back(std::move(v));
    }
    *volumes = std::move(kept);
  }
  for (const char* list : {"containers", "initContainers", "ephemeralContainers"}) {
    RemoveTokenMounts(Find(*spec, {list}));
  }
}

constexpr char kLastApplied[] = "kubectl.kubernetes.io/last-applied-configuration";

// The spec the user last applied with kubectl (the last-applied-configuration annotation), or
// an empty object: what it names was set explicitly, the rest may be the server's choice.
Json AppliedSpec(Json& obj) {
  Json* applied = Find(obj, {"metadata", "annotations", kLastApplied});
  if (applied == nullptr || !applied->is_string()) return Json::object();
  Json parsed = Json::parse(applied->get<std::string>(), nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object() || !parsed.contains("spec") || !parsed["spec"].is_object()) {
    return Json::object();
  }
  return parsed["spec"];
}

int64_t PortNumber(const Json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_string()) {
    try {
      return std::stoll(v.get<std::string>());
    } catch (...) {
      return 0;
    }
  }
  return 0;
}

// A Service keeps what was set explicitly (in the last-applied configuration: a fixed clusterIP,
// nodePorts, healthCheckNodePort) and loses what the source cluster allocated, which the target
// allocates anew. Explicit node ports are matched by port name, unnamed ones by number (as
// Velero does). Headless services keep clusterIP "None".
void RewriteService(Json& obj) {
  Json* spec = Find(obj, {"spec"});
  if (spec == nullptr || !spec->is_object()) return;
  const Json applied = AppliedSpec(obj);
  Json* ip = Find(*spec, {"clusterIP"});
  const bool headless = ip != nullptr && ip->is_string() && *ip == "None";
  const bool fixed_ip = ip != nullptr && applied.contains("clusterIP") &&
                        applied["clusterIP"].is_string() && applied["clusterIP"] == *ip;
  if (!headless && !fixed_ip) {
    spec->erase("clusterIP");
    spec->erase("clusterIPs");
  }
  if (PortNumber(applied.value("healthCheckNodePort", Json())) == 0) {
    spec->erase("healthCheckNodePort");
  }
  std::set<std::string> named;
  std::set<int64_t> unnamed;
  if (applied.contains("ports") && applied["ports"].is_array()) {
    for (const Json& p : applied["ports"]) {
      if (!p.is_object() || PortNumber(p.value("nodePort", Json())) <= 0) continue;
      if (p.contains("name") && p["name"].is_string()) {
        named.insert(p["name"].get<std::string>());
      } else {
        unnamed.insert(PortNumber(p["nodePort"]));
      }
    }
  }
  Json* ports = Find(*spec, {"ports"});
  if (ports == nullptr || !ports->is_array()) return;
  for (Json& p : *ports) {
    if (!p.is_object()) continue;
    const std::string name = Str(p, "name");
    const bool explicit_port = name.empty()
                                   ? unnamed.count(PortNumber(p.value("nodePort", Json()))) > 0
                                   : named.count(name) > 0;
    if (!explicit_port) p.erase("nodePort");
  }
}

void RemoveControllerUid(Json* labels) {
  EraseKey(labels, "controller-uid");
  EraseKey(labels, "batch.kubernetes.io/controller-uid");
}

// The API server generates a Job's selector and the matching template labels from the Job's
// new uid, and refuses a Job that brings its own unless spec.manualSelector is true.
void RewriteJob(Json& obj) {
  Json* spec = Find(obj, {"spec"});
  if (spec == nullptr || !spec->is_object()) return;
  const Json* manual = Find(*spec, {"manualSelector"});
  if (manual != nullptr && manual->is_boolean() && manual->get<bool>()) return;
  spec->erase("selector");
  RemoveControllerUid(Find(*spec, {"template", "metadata", "labels"}));
}

// The PV controller's bookkeeping of a binding; left in place, it ties the restored objects
// to the source cluster's claim.
void RemoveBindingAnnotations(Json& obj) {
  Json* annotations = Find(obj, {"metadata", "annotations"});
  EraseKey(annotations, "pv.kubernetes.io/bind-completed");
  EraseKey(annotations, "pv.kubernetes.io/bound-by-controller");
}

// A bound PV stays pre-bound to its claim by namespace and name, so the target's PV
// controller binds it to the restored claim and to no other; the source claim's uid and
// resourceVersion go, since the restored claim has new ones.
void RewriteVolume(Json& obj, const NamespaceMapping& mapping) {
  RemoveBindingAnnotations(obj);
  Json* claim = Find(obj, {"spec", "claimRef"});
  if (claim == nullptr || !claim->is_object()) return;
  claim->erase("uid");
  claim->erase("resourceVersion");
  auto ns = claim->find("namespace");
  if (ns != claim->end() && ns->is_string()) {
    auto mapped = mapping.find(ns->get<std::string>());
    if (mapped != mapping.end()) *ns = mapped->second;
  }
}

void RewriteClaim(Json& obj) {
  RemoveBindingAnnotations(obj);
  EraseKey(Find(obj, {"metadata", "annotations"}), "volume.kubernetes.io/selected-node");
}

// A token Secret made by hand names its account; the target's token controller fills in a
// token for the restored account once the source account's uid and token are gone.
void RewriteTokenSecret(Json& obj) {
  if (Str(obj, "type") != kServiceAccountTokenType) return;
  EraseKey(Find(obj, {"metadata", "annotations"}), kServiceAccountUidAnnotation);
  EraseKey(Find(obj, {"data"}), "token");
}

void RewriteServiceAccount(Json& obj) {
  Json* secrets = Find(obj, {"secrets"});
  if (secrets == nullptr || !secrets->is_array()) return;
  const std::string prefix = Str(Obj(obj, "metadata"), "name") + "-token-";
  Json kept = Json::array();
  for (Json& s : *secrets) {
    if (StartsWith(Str(s, "name"), prefix)) continue;
    kept.push_back(std::move(s));
  }
  if (kept.empty()) {
    obj.erase("secrets");
  } else {
    *secrets = std::move(kept);
  }
}

// A binding restored under a mapped namespace grants the mapped namespace's accounts, not the
// source namespace's (Velero does the same since 1.5).
void RewriteBindingSubjects(Json& obj, const NamespaceMapping& mapping) {
  Json* subjects = Find(obj, {"subjects"});
  if (subjects == nullptr || !subjects->is_array()) return;
  for (Json& subject : *subjects) {
    Json* ns = Find(subject, {"namespace"});
    if (ns == nullptr || !ns->is_string()) continue;
    auto mapped = mapping.find(ns->get<std::string>());
    if (mapped != mapping.end()) *ns = mapped->second;
  }
}

bool IsEmptyContainer(const Json& j) {
  return j.is_null() || ((j.is_object() || j.is_array()) && j.empty());
}

bool Subset(const Json& desired, const Json& live) {
  if (desired.is_object()) {
    if (!live.is_object()) return false;
    for (auto it = desired.begin(); it != desired.end(); ++it) {
      auto l = live.find(it.key());
      if (l == live.end()) {
        if (IsEmptyContainer(*it)) continue;
        return false;
      }
      if (!Subset(*it, *l)) return false;
    }
    return true;
  }
  if (desired.is_array()) {
    if (!live.is_array() || live.size() != desired.size()) return false;
    for (size_t i = 0; i < desired.size(); ++i) {
      if (!Subset(desired[i], live[i])) return false;
    }
    return true;
  }
  if (desired.is_number() && live.is_number()) return desired.get<double>() == live.get<double>();
  return desired == live;
}

// An APIService the API server makes and keeps itself: one per group-version it serves
// (labelled kube-aggregator.kubernetes.io/automanaged "onstart" or "true"), and any "local"
// one (no spec.service: the API server serves the group, no Service behind it). Restored into
// another release they claim group-versions it no longer serves, and its discovery then fails
// for them (namespace deletion hangs on it). An APIService that names a Service is an
// aggregated API someone installed and is restored.
std::optional<std::string> LocalApiServiceReason(const Json& obj) {
  const Json* labels = Find(obj, {"metadata", "labels"});
  if (labels != nullptr && labels->is_object()) {
    auto managed = labels->find(kAutomanagedApiServiceLabel);
    if (managed != labels->end()) {
      return std::string("an APIService managed by the API server itself (label ") +
             kAutomanagedApiServiceLabel + "=" +
             (managed->is_string() ? managed->get<std::string>() : managed->dump()) + ")";
    }
  }
  const Json* service = Find(obj, {"spec", "service"});
  if (service == nullptr || service->is_null()) {
    return "a local APIService (no spec.service): the API server serves that group-version "
           "itself";
  }
  return std::nullopt;
}

Json WithoutRestoreLabel(const Json& obj) {
  Json copy = obj;
  Json* labels = Find(copy, {"metadata", "labels"});
  EraseKey(labels, std::string(kRestoreLabel).c_str());
  return copy;
}

}  // namespace

std::string RestoreLabelValue(std::string_view restore_name) {
  if (restore_name.size() <= 63) return std::string(restore_name);
  uint32_t hash = 2166136261u;  // FNV-1a
  for (unsigned char c : restore_name) {
    hash ^= c;
    hash *= 16777619u;
  }
  char hex[16];
  std::snprintf(hex, sizeof(hex), "%07x", static_cast<unsigned>(hash & 0xfffffff));
  return std::string(restore_name.substr(0, 55)) + "-" + hex;
}

std::optional<std::string> SkipReason(std::string_view gr, const Json& obj) {
  const Json* metadata = obj.is_object() && obj.contains("metadata") ? &obj["metadata"] : nullptr;
  if (metadata != nullptr && metadata->is_object()) {
    auto annotations = metadata->find("annotations");
    if (gr == "pods" && annotations != metadata->end() && annotations->is_object() &&
        annotations->contains("kubernetes.io/config.mirror")) {
      return "mirror pods are recreated by their kubelet";
    }
  }
  if (gr == "apiservices.apiregistration.k8s.io") {
    if (std::optional<std::string> why = LocalApiServiceReason(obj)) return why;
  }
  if ((gr == "pods" || gr == "jobs.batch") && obj.contains("status")) {
    // Only backups that kept `status` (Velero's) can tell; ours leave finished ones out.
    if (std::optional<std::string> why = kube::FinishedWorkloadReason(gr, obj["status"].dump())) {
      return why;
    }
  }
  if (gr == "secrets" && Str(obj, "type") == kServiceAccountTokenType && metadata != nullptr &&
      metadata->is_object()) {
    // The token controller of clusters before 1.24 made one per account, named
    // <account>-token-<random>, for the Pods' token volumes. A target before 1.24 makes its own
    // for the restored account; from 1.24 on, Pods get projected tokens and no such Secret is
    // made. Either way the generated name means nothing to the target; a token Secret a user
    // made (any other name) is restored.
    auto annotations = metadata->find("annotations");
    const std::string account = Str(Obj(*metadata, "annotations"), kServiceAccountNameAnnotation);
    const std::string name = Str(*metadata, "name");
    if (!account.empty() && StartsWith(name, account + "-token-")) {
      return "token secret generated for service account \"" + account +
             "\" (the target generates its own before Kubernetes 1.24, and Pods use projected "
             "tokens from 1.24 on)";
    }
  }
  return std::nullopt;
}

void RewriteForRestore(std::string_view gr, const std::string& target_ns,
                       const std::string& restore_label_value, Json& obj,
                       const NamespaceMapping& namespace_mapping) {
  ResetMetadataAndStatus(obj);
  if (gr == "pods") {
    RewritePod(obj);
  } else if (gr == "services") {
    RewriteService(obj);
  } else if (gr == "jobs.batch") {
    RewriteJob(obj);
  } else if (gr == "persistentvolumes") {
    RewriteVolume(obj, namespace_mapping);
  } else if (gr == "persistentvolumeclaims") {
    RewriteClaim(obj);
  } else if (gr == "serviceaccounts") {
    RewriteServiceAccount(obj);
  } else if (gr == "secrets") {
    RewriteTokenSecret(obj);
  } else if (gr == "rolebindings.rbac.authorization.k8s.io" ||
             gr == "clusterrolebindings.rbac.authorization.k8s.io") {
    RewriteBindingSubjects(obj, namespace_mapping);
  }
  Json& metadata = obj["metadata"];
  if (target_ns.empty()) {
    metadata.erase("namespace");
  } else {
    metadata["namespace"] = target_ns;
  }
  Json& labels = metadata["labels"];
  if (!labels.is_object()) labels = Json::object();
  labels[std::string(kRestoreLabel)] = restore_label_value;
  Json* annotations = Find(obj, {"metadata", "annotations"});
  if (annotations != nullptr && annotations->is_object() && annotations->empty()) {
    metadata.erase("annotations");
  }
}

bool DropServiceAddresses(Json& service) {
  Json* spec = Find(service, {"spec"});
  if (spec == nullptr || !spec->is_object()) return false;
  bool dropped = false;
  Json* ip = Find(*spec, {"clusterIP"});
  if (ip != nullptr && !(ip->is_string() && *ip == "None")) {
    dropped = spec->erase("clusterIP") + spec->erase("clusterIPs") > 0;
  }
  dropped = spec->erase("healthCheckNodePort") > 0 || dropped;
  Json* ports = Find(*spec, {"ports"});
  if (ports != nullptr && ports->is_array()) {
    for (Json& p : *ports) {
      if (p.is_object()) dropped = p.erase("nodePort") > 0 || dropped;
    }
  }
  return dropped;
}

bool MatchesLive(const Json& desired, const Json& live) {
  Json d = WithoutRestoreLabel(desired);
  d.erase("status");
  return Subset(d, WithoutRestoreLabel(live));
}

Json UpdatePatch(const Json& desired) {
  Json patch = Json::object();
  for (auto it = desired.begin(); it != desired.end(); ++it) {
    const std::string& key = it.key();
    if (key == "apiVersion" || key == "kind" || key == "metadata" || key == "status") continue;
    patch[key] = *it;
  }
  Json metadata = Json::object();
  if (desired.contains("metadata")) {
    for (const char* key : {"labels", "annotations"}) {
      auto f = desired["metadata"].find(key);
      if (f != desired["metadata"].end()) metadata[key] = *f;
    }
  }
  if (!metadata.empty()) patch["metadata"] = std::move(metadata);
  return patch;
}

}  // namespace ark::restore
