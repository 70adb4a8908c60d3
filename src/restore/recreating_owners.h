#pragma once

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kube/discovery.h"
#include "kube/dynamic_client.h"
#include "restore/backup_owners.h"

namespace ark::restore {

// Decides which owned objects the restore leaves to their owner's controller. An object is
// left only when its controlling owner is of a kind whose controller recreates it
// (RecreatesDependents: a Pod of a ReplicaSet, a ReplicaSet of a Deployment that is not
// paused, ...) AND that owner will be in the target: restored by this restore (in the backup,
// with the reference's uid, and selected), itself recreated by such an owner, or already in
// the target namespace under that name. Every other owned object is restored: nothing else
// would ever make it again. Thread-safe: workers ask concurrently (cluster lookups are cached).
class RecreatingOwners {
 public:
  RecreatingOwners(kube::DynamicClient& client, kube::Discovery& discovery, BackupOwners backup);

  // Why `obj` (of `group_resource`, backed up in `source_ns`, restored into `target_ns`) is
  // left to its owner, e.g.
  //   recreated by its controller ReplicaSet "web-7c5f", which this restore brings back
  // or nullopt when the restore creates it.
  std::optional<std::string> LeftToOwner(const std::string& group_resource,
                                         const std::string& source_ns, const std::string& target_ns,
                                         const nlohmann::json& obj);

 private:
  struct Presence {
    bool present = false;
    bool restored = false;  // comes with this restore (else: already in the cluster)
    bool paused = false;    // a paused Deployment
  };
  Presence Find(const OwnerRef& owner, const std::string& source_ns, const std::string& target_ns,
                int depth);
  Presence FindInCluster(const OwnerRef& owner, const std::string& target_ns);

  kube::DynamicClient& client_;
  kube::Discovery& discovery_;
  const BackupOwners backup_;
  std::mutex mu_;
  std::map<std::string, Presence> in_cluster_;  // by "kind/namespace/name"; guarded by mu_
};

}  // namespace ark::restore
