#include "restore/recreating_owners.h"

namespace ark::restore {
namespace {

using Json = nlohmann::json;

// Deep enough for the longest chain of recreating owners (CronJob -> Job -> Pod); bounds a
// crafted backup whose owners form a cycle.
constexpr int kMaxOwnerDepth = 4;

}  // namespace

RecreatingOwners::RecreatingOwners(kube::DynamicClient& client, kube::Discovery& discovery,
                                   BackupOwners backup)
    : client_(client), discovery_(discovery), backup_(std::move(backup)) {}

std::optional<std::string> RecreatingOwners::LeftToOwner(const std::string& gr,
                                                         const std::string& source_ns,
                                                         const std::string& target_ns,
                                                         const Json& obj) {
  const Json* ref = ControllerReference(obj);
  if (ref == nullptr || source_ns.empty()) return std::nullopt;
  const OwnerRef owner = ParseOwnerRef(*ref);
  if (!RecreatesDependents(owner, gr)) return std::nullopt;
  const Presence found = Find(owner, source_ns, target_ns, 0);
  if (!found.present || found.paused) return std::nullopt;
  return "recreated by its controller " + owner.kind + " \"" + owner.name + "\", which " +
         (found.restored ? "this restore brings back" : "exists in the cluster");
}

RecreatingOwners::Presence RecreatingOwners::Find(const OwnerRef& owner,
                                                  const std::string& source_ns,
                                                  const std::string& target_ns, int depth) {
  const BackupOwners::Entry* entry = backup_.Find(owner.kind, source_ns, owner.name);
  // A reference whose uid is not the backed-up object's was already dangling in the source.
  if (entry != nullptr && (owner.uid.empty() || entry->uid.empty() || entry->uid == owner.uid)) {
    if (entry->selected) return {true, true, entry->paused};
    if (entry->controller && depth < kMaxOwnerDepth &&
        RecreatesDependents(*entry->controller, entry->group_resource)) {
      const Presence up = Find(*entry->controller, source_ns, target_ns, depth + 1);
      if (up.present && !up.paused) return {true, true, false};
    }
  }
  return FindInCluster(owner, target_ns);
}

RecreatingOwners::Presence RecreatingOwners::FindInCluster(const OwnerRef& owner,
                                                           const std::string& target_ns) {
  const std::string key = owner.kind + "/" + target_ns + "/" + owner.name;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = in_cluster_.find(key);
    if (it != in_cluster_.end()) return it->second;
  }
  Presence presence;
  const std::string gr = RecreatingOwnerResource(owner.group, owner.kind);
  Result<std::vector<kube::ApiResource>> served = discovery_.PreferredResources();
  if (served.ok()) {
    for (const kube::ApiResource& r : *served) {
      if (r.GroupResource() != gr) continue;
      Result<Json> live = client_.Get(r.Gvr(), target_ns, owner.name);
      // A lookup that fails is taken as absent: the object is then restored, never lost.
      if (live.ok())
        presence = {true, false, owner.kind == "Deployment" && DeploymentIsPaused(*live)};
      break;
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  in_cluster_.emplace(key, presence);
  return presence;
}

}  // namespace ark::restore
