#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "backup/pod_hooks.h"
#include "util/result.h"

namespace ark::backup {

// What to back up: the fields of a Backup's spec (ark.heptio.com/v1, Ark v0.5) that the
// engine reads, plus the Backup's identity for logs and snapshot tags. A plain struct so the
// engine does not depend on the api module; ParseBackupRequest reads it from a Backup CR.
struct BackupRequest {
  std::string name;        // the Backup's metadata.name
  std::string namespace_;  // the Backup's metadata.namespace (the server's namespace)

  std::vector<std::string> included_namespaces;  // empty or {"*"} = all
  std::vector<std::string> excluded_namespaces;
  std::vector<std::string> included_resources;  // user-entered names, resolved via discovery
  std::vector<std::string> excluded_resources;
  // A metav1.LabelSelector ({matchLabels, matchExpressions}); null = everything.
  nlohmann::json label_selector;
  std::optional<bool> snapshot_volumes;           // null = when a block store is configured
  std::optional<bool> include_cluster_resources;  // null = auto (see BackupEngine)
  std::vector<ResourceHookSpec> hooks;            // spec.hooks.resources
};

// Reads a Backup object ({"metadata": {...}, "spec": {...}}). InvalidArgument naming the
// field when a field has the wrong JSON type ("spec.includedNamespaces: expected an array of
// strings"). Missing and null fields take their defaults.
Result<BackupRequest> ParseBackupRequest(const nlohmann::json& backup);

}  // namespace ark::backup
