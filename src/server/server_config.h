#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/config.h"
#include "cloud/provider_registry.h"
#include "util/result.h"

namespace ark::server {

struct ProviderSettings {
  std::string name;  // "aws", "gcp", "azure", "local"
  cloud::ProviderConfig config;
};

// The Config `default` object as the server uses it: api::ParseServerConfig's reading (the
// one set of rules, shared with the CLI's warnings) in the server's types.
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
  std::optional<api::EncryptionSettings> encryption;  // Config `encryption`; nullopt: off
  std::vector<std::string> notes;  // api::ServerConfig::notes: read otherwise than written
};

// Errors are api::ParseServerConfig's, naming the object and the field:
//   Config "heptio-ark/default": backupStorageProvider.bucket: must not be empty
//   Config "heptio-ark/default": gcSyncPeriod: expected a duration string such as "24h0m0s", ...
Result<ServerConfig> ParseServerConfig(const nlohmann::json& config);

}  // namespace ark::server
