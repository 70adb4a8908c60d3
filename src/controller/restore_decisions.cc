#include "controller/restore_decisions.h"

#include "api/phase.h"
#include "api/resources.h"
#include "api/restore.h"
#include "util/json_access.h"

namespace ark::controller {

using nlohmann::json;

bool IsUnclaimedRestore(const json& restore) { return api::IsNewPhase(api::Phase(restore)); }

BackupSource WhereToReadBackup(const Result<json>& backup_cr) {
  if (!backup_cr.ok()) {
    return backup_cr.status().code() == Code::kNotFound ? BackupSource::kObjectStorage
                                                        : BackupSource::kRetry;
  }
  const std::string phase = api::Phase(*backup_cr);
  return phase == api::phase::kCompleted || phase == api::phase::kPartiallyFailed
             ? BackupSource::kCluster
             : BackupSource::kObjectStorage;
}

std::string BackupNotFoundMessage(const std::string& backup_name, const std::string& ns) {
  return "Backup \"" + backup_name + "\" not found (neither as a Backup in " + ns +
         " nor in object storage)";
}

RestoreStart DecideRestoreStart(const json& restore, std::vector<std::string> validation_errors,
                                const Result<json>* backup, bool server_stopping,
                                Clock::TimePoint now) {
  RestoreStart start;
  if (backup != nullptr && !backup->ok()) {
    if (backup->status().code() != Code::kNotFound) {
      start.action = RestoreStart::Action::kRetry;  // transient: the key is queued again
      start.error = backup->status();
      return start;
    }
    validation_errors.push_back(
        BackupNotFoundMessage(Str(Obj(restore, "spec"), "backupName"), api::Namespace(restore)));
  }
  if (!validation_errors.empty()) {
    api::RestoreStatus failed;
    failed.phase = api::phase::kFailedValidation;
    failed.validation_errors = std::move(validation_errors);
    start.action = RestoreStart::Action::kFailValidation;
    start.status = failed.ToJson();
    return start;
  }
  if (server_stopping) {
    start.action = RestoreStart::Action::kLeave;
    return start;
  }
  // The claim replaces whatever status the object has.
  start.action = RestoreStart::Action::kClaim;
  start.claim = restore;
  api::RestoreStatus claimed;
  claimed.phase = api::phase::kInProgress;
  claimed.start_timestamp = now;
  start.claim["status"] = claimed.ToJson();
  return start;
}

json RestoreResults(const RestoreOutcome& outcome) {
  return {{"warnings", outcome.warnings}, {"errors", outcome.errors}};
}

bool PartiallyFailed(const RestoreOutcome& outcome) { return api::CountResult(outcome.errors) > 0; }

json FinalRestoreStatus(const RestoreOutcome& outcome, Clock::TimePoint now) {
  api::RestoreStatus status;
  // The counts and the progress are recorded even when zero, and resourceOrder even when empty,
  // as every restore this server finished has them ("errors": 0 says they were counted; Velero
  // omits zero counts and readers take an absent one as 0). Present in `raw`, they are kept by
  // ToJson, which never lets a zero value replace a field (api/json_fields.h).
  status.raw = {{"warnings", 0}, {"errors", 0}, {"resourceOrder", json::array()}};
  status.warnings = api::CountResult(outcome.warnings);
  status.errors = api::CountResult(outcome.errors);
  status.phase = status.errors > 0 ? api::phase::kPartiallyFailed : api::phase::kCompleted;
  status.progress = api::RestoreProgress{.total_items = outcome.total_items,
                                         .items_restored = outcome.total_items,
                                         .raw = {{"totalItems", 0}, {"itemsRestored", 0}}};
  status.resource_order = outcome.resource_order;
  status.completion_timestamp = now;
  return status.ToJson();
}

json FailedRestoreStatus(const std::string& reason, Clock::TimePoint now) {
  api::RestoreStatus failed;
  failed.phase = api::phase::kFailed;
  failed.failure_reason = reason;
  failed.completion_timestamp = now;
  return failed.ToJson();
}

}  // namespace ark::controller
