#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "restore/archive_spool.h"
#include "restore/owner_rules.h"

namespace ark::restore {

// The backup's objects of the kinds whose controllers recreate dependents
// (RecreatingOwnerResource: Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs,
// ReplicationControllers, Services), read once before the first item is restored, so an owned
// object can be told whether its owner comes back with this restore. Immutable once read.
class BackupOwners {
 public:
  struct Entry {
    std::string group_resource;
    std::string uid;
    bool selected = false;               // passes the restore's filters, so the restore creates it
    bool paused = false;                 // a Deployment with spec.paused
    std::optional<OwnerRef> controller;  // its own controlling owner, if any
  };
  // Whether the restore selects `obj`, backed up as `item` of `group_resource`.
  using Selects = std::function<bool(const std::string& group_resource, const SpoolItem& item,
                                     const nlohmann::json& obj)>;

  BackupOwners() = default;
  // Reads those resources' items from `spool`. An item that cannot be read or parsed is left
  // out (its own tier reports it), so its dependents are treated as having no owner here.
  static BackupOwners Read(const ArchiveSpool& spool, const Selects& selects);

  // The backed-up object of `kind` (any of its API groups) named `name` in the source
  // namespace `ns`, or nullptr.
  const Entry* Find(const std::string& kind, const std::string& ns, const std::string& name) const;

 private:
  std::map<std::string, Entry> entries_;  // by "kind/namespace/name"
};

}  // namespace ark::restore
