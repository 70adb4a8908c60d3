#pragma once

#include <chrono>

#include "api/backup.h"
#include "api/restore.h"
#include "api/schedule.h"

namespace ark::api {

// Backup TTL used when a Backup (or a schedule's template) has none: 30 days, written
// "720h0m0s". Ark v0.5's CLI defaulted to 24h and v0.6+ to 720h; we follow v0.6+ and apply it
// on the server too, because an unset TTL would leave the expiration zero, which the garbage
// collector treats as already expired.
inline constexpr std::chrono::hours kDefaultBackupTtl{720};

// includedNamespaces [] -> ["*"]; ttl 0 -> kDefaultBackupTtl. Everything else keeps its
// meaning when unset (see BackupSpec).
void ApplyBackupDefaults(BackupSpec& spec);

// includedNamespaces [] -> ["*"]; "nodes" appended to excludedResources (nodes are never
// restored), as Ark's restore controller does before validating.
void ApplyRestoreDefaults(RestoreSpec& spec);

// The template gets the backup defaults.
void ApplyScheduleDefaults(ScheduleSpec& spec);

}  // namespace ark::api
