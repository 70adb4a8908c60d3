#pragma once

#include <optional>
#include <string>

#include "api/json_fields.h"
#include "api/object_meta.h"
#include "util/result.h"

namespace ark::api {

// Target kinds of a DownloadRequest.
namespace download_target {
inline constexpr std::string_view kBackupLog = "BackupLog";
inline constexpr std::string_view kBackupContents = "BackupContents";
inline constexpr std::string_view kRestoreLog = "RestoreLog";
inline constexpr std::string_view kRestoreResults = "RestoreResults";
}  // namespace download_target

// Asks the server for a pre-signed URL of one backup or restore file.
struct DownloadRequest {
  ObjectMeta metadata;
  std::string target_kind;                     // spec.target.kind, one of download_target::*
  std::string target_name;                     // spec.target.name: the backup or restore name
  std::string phase;                           // status.phase: New, Processed
  std::string download_url;                    // status.downloadURL
  std::optional<Clock::TimePoint> expiration;  // status.expiration
  std::string error;  // status.error: why there is no URL (ark's own; Ark and Velero have none)
  Json raw;

  static Result<DownloadRequest> FromJson(const Json& j);
  Json ToJson() const;
};

// Asks the server to delete a backup: its objects, snapshots, restores and the Backup itself.
struct DeleteBackupRequest {
  ObjectMeta metadata;
  std::string backup_name;          // spec.backupName
  std::string phase;                // status.phase: New, InProgress, Processed
  std::vector<std::string> errors;  // status.errors
  // status.message (ark's own): what the deletion left on purpose, e.g. files in object
  // storage that belong to another backup of the same name.
  std::string message;
  Json raw;

  static Result<DeleteBackupRequest> FromJson(const Json& j);
  Json ToJson() const;
};

}  // namespace ark::api
