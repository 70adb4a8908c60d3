#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/json_fields.h"
#include "util/result.h"

namespace ark::api {

inline constexpr std::chrono::minutes kDefaultPodVolumeOperationTimeout{60};

// A provider chosen by a Config: a registry name and its settings flattened to strings (the
// same type as cloud::ProviderConfig).
struct ProviderSelection {
  std::string name;                           // "aws", "gcp", "azure", "local", ...
  std::map<std::string, std::string> config;  // {"region": "us-east-1", "s3ForcePathStyle": "true"}
};

// The server settings read from Config "default" in the server's namespace, normalized from
// either accepted shape:
//
//   v0.3-v0.5 (one key per provider):       v0.6 ({name, config}):
//     persistentVolumeProvider:               persistentVolumeProvider:
//       aws: {region: us-east-1}                name: aws
//     backupStorageProvider:                    config: {region: us-east-1}
//       bucket: ark                           backupStorageProvider:
//       aws: {region: us-east-1}                name: aws
//                                               bucket: ark
//                                               config: {region: us-east-1}
//
// The first shape knows the keys aws, gcp, azure and local (a directory: `local: {path: DIR}`).
// Values of a provider's settings may be strings, numbers or booleans (true -> "true").
// Config `encryption` (opt-in): backups are sealed with the key `currentKeyID` of the Secret
// `keySecret` in the server's namespace, whose data holds one entry per key (name = key ID,
// value = 32 random bytes). Every key listed there opens the backups it sealed.
struct EncryptionSettings {
  std::string key_secret;
  std::string current_key_id;
};

struct ServerConfig {
  std::optional<ProviderSelection> persistent_volume_provider;  // nullopt: no snapshots
  ProviderSelection backup_storage_provider;
  std::string bucket;
  std::string prefix;  // optional key prefix inside the bucket ("" = bucket root)
  // Sync periods: default 60m, 60m and 1m; a Config asking for less than one minute gets one
  // minute (as in Ark), with a note.
  std::chrono::nanoseconds backup_sync_period;
  std::chrono::nanoseconds gc_sync_period;
  std::chrono::nanoseconds schedule_sync_period;
  // Restore order; the configured list replaces the default entirely. Empty (not configured) =
  // the restore's own default, restore::DefaultResourcePriorities (Velero's current order, in
  // which Ark v0.5's five keep their relative order).
  std::vector<std::string> resource_priorities;
  bool restore_only_mode = false;
  // v0.9's podVolumeOperationTimeout (restic; read and checked, not used): default 60m, at
  // least 1s.
  std::chrono::nanoseconds pod_volume_operation_timeout{kDefaultPodVolumeOperationTimeout};
  std::optional<EncryptionSettings> encryption;  // nullopt: backups are stored unencrypted
  // What was read differently from what was written (a period raised to its minimum), for the
  // Config's status message and the log; empty when the Config was taken as written.
  std::vector<std::string> notes;
};

inline constexpr std::chrono::minutes kDefaultBackupSyncPeriod{60};
inline constexpr std::chrono::minutes kDefaultGcSyncPeriod{60};
inline constexpr std::chrono::minutes kDefaultScheduleSyncPeriod{1};
inline constexpr std::chrono::minutes kMinSyncPeriod{1};

// Reads a Config object (kind Config, fields at the top level; `metadata` and `status` are
// not settings). Every field is strict: a string where a bool is wanted
// (`restoreOnlyMode: "true"`) is an error, never a default. A sync period below one minute is
// raised to it, as Ark did, and noted in `notes`.
// Errors are InvalidArgument naming the field, e.g.
//   Config "heptio-ark/default": you must specify exactly one of aws, gcp, azure or local
//   for backupStorageProvider
//   Config "heptio-ark/default": backupStorageProvider.bucket: must not be empty
//   Config "heptio-ark/default": podVolumeOperationTimeout: "0s" is below the minimum of 1s (...)
Result<ServerConfig> ParseServerConfig(const Json& config);

// What the server writes in a Config's `status` after reading it.
inline constexpr std::string_view kConfigValid = "Valid";
inline constexpr std::string_view kConfigInvalid = "Invalid";

}  // namespace ark::api
