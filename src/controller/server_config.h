#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cloud/provider_registry.h"
#include "util/result.h"

namespace ark::controller {

struct ProviderSettings {
  std::string name;  // "aws", "gcp", "azure", "local"
  cloud::ProviderConfig config;
};

// The Config `default` object (Ark v0.3-v0.5 shape, fields top-level; the v0.6 shape
// {name, config} is read too), with defaults applied and periods clamped to >= 1m.
struct ServerConfig {
  ProviderSettings storage;
  std::string bucket;
  std::string prefix;
  std::optional<ProviderSettings> volumes;  // persistentVolumeProvider
  std::chrono::seconds backup_sync_period{3600};
  std::chrono::seconds gc_sync_period{3600};
  std::chrono::seconds schedule_sync_period{60};
  // Empty = the restore's default order (restore::DefaultResourcePriorities).
  std::vector<std::string> resource_priorities;
  bool restore_only = false;
};

// Errors name the field: `Config default: backupStorageProvider.bucket is required`,
// `you must specify exactly one of aws, gcp, azure or local for backupStorageProvider`.
Result<ServerConfig> ParseServerConfig(const nlohmann::json& config);

}  // namespace ark::controller
