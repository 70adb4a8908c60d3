#include "restore/item_rewriter.h"

#include <cstdint>
#include <cstdio>

namespace ark::restore {
namespace {

using Json = nlohmann::json;

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
      if (m.is_object() && m.value("name", "") != "" && IsTokenVolume(m.value("name", ""))) {
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
      if (v.is_object() && IsTokenVolume(v.value("name", ""))) continue;
      kept.push_back(std::move(v));
    }
    *volumes = std::move(kept);
  }
  for (const char* list : {"containers", "initContainers", "ephemeralContainers"}) {
    RemoveTokenMounts(Find(*spec, {list}));
  }
}

void RewriteService(Json& obj) {
  Json* spec = Find(obj, {"spec"});
  if (spec == nullptr || !spec->is_object()) return;
  Json* ip = Find(*spec, {"clusterIP"});
  const bool headless = ip != nullptr && ip->is_string() && *ip == "None";
  if (!headless) {
    spec->erase("clusterIP");
    spec->erase("clusterIPs");
  }
  spec->erase("healthCheckNodePort");
  Json* ports = Find(*spec, {"ports"});
  if (ports != nullptr && ports->is_array()) {
    for (Json& p : *ports) EraseKey(&p, "nodePort");
  }
}

void RemoveControllerUid(Json* labels) {
  EraseKey(labels, "controller-uid");
  EraseKey(labels, "batch.kubernetes.io/controller-uid");
}

void RewriteJob(Json& obj) {
  RemoveControllerUid(Find(obj, {"spec", "selector", "matchLabels"}));
  RemoveControllerUid(Find(obj, {"spec", "template", "metadata", "labels"}));
}

void RewriteClaim(Json& obj) {
  Json* annotations = Find(obj, {"metadata", "annotations"});
  EraseKey(annotations, "pv.kubernetes.io/bind-completed");
  EraseKey(annotations, "pv.kubernetes.io/bound-by-controller");
}

void RewriteServiceAccount(Json& obj) {
  Json* secrets = Find(obj, {"secrets"});
  if (secrets == nullptr || !secrets->is_array()) return;
  const std::string prefix = obj["metadata"].value("name", "") + "-token-";
  Json kept = Json::array();
  for (Json& s : *secrets) {
    if (s.is_object() && StartsWith(s.value("name", ""), prefix)) continue;
    kept.push_back(std::move(s));
  }
  if (kept.empty()) {
    obj.erase("secrets");
  } else {
    *secrets = std::move(kept);
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
    auto owners = metadata->find("ownerReferences");
    if (owners != metadata->end() && owners->is_array()) {
      for (const Json& ref : *owners) {
        if (ref.is_object() && ref.value("controller", false)) {
          return "has a controller owner (" + ref.value("kind", std::string("?")) + " " +
                 ref.value("name", std::string("?")) + ")";
        }
      }
    }
    auto annotations = metadata->find("annotations");
    if (gr == "pods" && annotations != metadata->end() && annotations->is_object() &&
        annotations->contains("kubernetes.io/config.mirror")) {
      return "mirror pods are recreated by their kubelet";
    }
  }
  if (gr == "secrets" && obj.value("type", "") == "kubernetes.io/service-account-token") {
    return "service-account token secrets are recreated by the cluster for their service account";
  }
  return std::nullopt;
}

void RewriteForRestore(std::string_view gr, const std::string& target_ns,
                       const std::string& restore_label_value, Json& obj) {
  ResetMetadataAndStatus(obj);
  if (gr == "pods") {
    RewritePod(obj);
  } else if (gr == "services") {
    RewriteService(obj);
  } else if (gr == "jobs.batch") {
    RewriteJob(obj);
  } else if (gr == "persistentvolumes") {
    EraseKey(Find(obj, {"spec"}), "claimRef");
  } else if (gr == "persistentvolumeclaims") {
    RewriteClaim(obj);
  } else if (gr == "serviceaccounts") {
    RewriteServiceAccount(obj);
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
