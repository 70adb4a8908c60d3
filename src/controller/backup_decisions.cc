#include "controller/backup_decisions.h"

#include "api/backup.h"
#include "api/defaults.h"
#include "api/phase.h"
#include "api/resources.h"
#include "controller/ark_objects.h"
#include "util/duration.h"
#include "util/json_access.h"

namespace ark::controller {

using nlohmann::json;

bool IsUnclaimedBackup(const json& backup) { return api::IsNewPhase(api::Phase(backup)); }

std::string ScheduleOf(const json& backup) {
  return Str(Obj(Obj(backup, "metadata"), "labels"), "ark-schedule");
}

bool WantsVerification(const json& backup) {
  const json& spec = Obj(backup, "spec");
  auto it = spec.find("verify");
  return it != spec.end() && it->is_boolean() && it->get<bool>();
}

Clock::TimePoint BackupExpiration(const json& backup, Clock::TimePoint start) {
  auto ttl = ParseDuration(Str(Obj(backup, "spec"), "ttl"));
  const std::chrono::nanoseconds keep =
      ttl.ok() && ttl->count() > 0 ? *ttl : std::chrono::nanoseconds(api::kDefaultBackupTtl);
  return start + std::chrono::duration_cast<Clock::TimePoint::duration>(keep);
}

BackupStart DecideBackupStart(const json& backup, const std::vector<std::string>& validation_errors,
                              bool server_stopping, Clock::TimePoint now) {
  BackupStart start;
  if (!validation_errors.empty()) {
    api::BackupStatus failed;
    failed.version = api::kBackupFormatVersion;
    failed.expiration = BackupExpiration(backup, now);
    failed.phase = api::phase::kFailedValidation;
    failed.validation_errors = validation_errors;
    start.action = BackupStart::Action::kFailValidation;
    start.status = failed.ToJson();
    return start;
  }
  if (server_stopping) {
    start.action = BackupStart::Action::kLeave;
    return start;
  }
  // The status the object already has is kept under the claim's fields (a malformed one is
  // replaced), so the Update fails with a conflict if another writer changed it first.
  start.action = BackupStart::Action::kClaim;
  start.claim = backup;
  api::BackupStatus claimed;
  claimed.version = api::kBackupFormatVersion;
  claimed.expiration = BackupExpiration(backup, now);
  claimed.phase = api::phase::kInProgress;
  claimed.start_timestamp = now;
  MergeStatus(start.claim, claimed.ToJson());
  return start;
}

bool PartiallyFailed(const BackupOutcome& outcome) { return outcome.errors > 0; }

json FinalBackupStatus(const BackupOutcome& outcome, const std::string& sealing_key_id,
                       Clock::TimePoint now) {
  api::BackupStatus status;
  // The counts and the progress are recorded even when zero, and volumeBackups even when empty,
  // as every backup this server finished has them ("errors": 0 says they were counted; Velero
  // omits zero counts and readers take an absent one as 0). Present in `raw`, they are kept by
  // ToJson, which never lets a zero value replace a field (api/json_fields.h).
  status.raw = {{"volumeBackups", json::object()}, {"warnings", 0}, {"errors", 0}};
  status.phase = PartiallyFailed(outcome) ? api::phase::kPartiallyFailed : api::phase::kCompleted;
  status.warnings = outcome.warnings;
  status.errors = outcome.errors;
  status.progress = api::BackupProgress{.total_items = outcome.items,
                                        .items_backed_up = outcome.items,
                                        .raw = {{"totalItems", 0}, {"itemsBackedUp", 0}}};
  status.completion_timestamp = now;
  // How the stored files are sealed (BackupStore stamps the same into the metadata).
  if (!sealing_key_id.empty()) {
    status.encryption = api::BackupEncryption{
        .algorithm = "AES-256-GCM", .key_id = sealing_key_id, .raw = json::object()};
  }
  // The engine's snapshots, read as the resource model reads them back.
  auto volumes = api::BackupStatus::FromJson({{"volumeBackups", outcome.volume_backups}});
  if (volumes.ok()) status.volume_backups = std::move(volumes->volume_backups);
  json written = status.ToJson();
  // Snapshots the model cannot read (an engine's mistake) are still recorded as they came,
  // rather than lost: they are what a restore and the volume deletion need.
  if (!volumes.ok()) written["volumeBackups"] = outcome.volume_backups;
  return written;
}

json FailedBackupStatus(const std::string& reason, Clock::TimePoint now) {
  api::BackupStatus failed;
  failed.phase = api::phase::kFailed;
  failed.failure_reason = reason;
  failed.completion_timestamp = now;
  return failed.ToJson();
}

json StoredBackupMetadata(const json& claimed, const json& final_status) {
  json metadata = claimed;
  MergeStatus(metadata, final_status);
  // The uid stays: it says which Backup wrote the files (controller/stored_backup_files.h).
  for (const char* field : {"resourceVersion", "managedFields"}) {
    metadata["metadata"].erase(field);
  }
  if (Str(metadata, "kind").empty()) metadata["kind"] = "Backup";
  if (Str(metadata, "apiVersion").empty()) metadata["apiVersion"] = "ark.heptio.com/v1";
  return metadata;
}

}  // namespace ark::controller
