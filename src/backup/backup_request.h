#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backup/pod_hooks.h"
#include "kube/label_selector.h"

namespace ark::backup {

// What to back up: the fields of a Backup's spec (ark.heptio.com/v1, Ark v0.5) that the
// engine reads, plus the Backup's identity for logs and snapshot tags. A plain struct so the
// engine reads no resource JSON; RequestFromBackup (backup/request_from_backup.h) builds it
// from an api::Backup.
struct BackupRequest {
  std::string name;        // the Backup's metadata.name
  std::string namespace_;  // the Backup's metadata.namespace (the server's namespace)

  std::vector<std::string> included_namespaces;  // empty or {"*"} = all
  std::vector<std::string> excluded_namespaces;
  std::vector<std::string> included_resources;  // user-entered names, resolved via discovery
  std::vector<std::string> excluded_resources;
  kube::LabelSelector label_selector;             // empty = every object
  std::optional<bool> snapshot_volumes;           // null = when a block store is configured
  std::optional<bool> include_cluster_resources;  // null = auto (see BackupEngine)
  std::vector<ResourceHookSpec> hooks;            // spec.hooks.resources
};

}  // namespace ark::backup
