#include "controller/restore_decisions.h"

#include "api/phase.h"
#include "api/resources.h"
#include "api/restore.h"
#include "util/json_access.h"
#include "util/time_format.h"

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
  start.claim["status"] = {{"phase", api::phase::kInProgress},
                           {"startTimestamp", FormatRfc3339(now)}};
  return start;
}

json RestoreResults(const RestoreOutcome& outcome) {
  return {{"warnings", outcome.warnings}, {"errors", outcome.errors}};
}

bool PartiallyFailed(const RestoreOutcome& outcome) { return api::CountResult(outcome.errors) > 0; }

json FinalRestoreStatus(const RestoreOutcome& outcome, Clock::TimePoint now) {
  // Built as JSON rather than through api::RestoreStatus: the counts are written even when
  // zero, and RestoreStatus has neither resourceOrder nor completionTimestamp.
  const int64_t errors = api::CountResult(outcome.errors);
  return {
      {"phase", errors > 0 ? api::phase::kPartiallyFailed : api::phase::kCompleted},
      {"warnings", api::CountResult(outcome.warnings)},
      {"errors", errors},
      {"progress", {{"totalItems", outcome.total_items}, {"itemsRestored", outcome.total_items}}},
      {"resourceOrder", outcome.resource_order},
      {"completionTimestamp", FormatRfc3339(now)}};
}

json FailedRestoreStatus(const std::string& reason, Clock::TimePoint now) {
  // As JSON: api::RestoreStatus has no completionTimestamp.
  return {{"phase", api::phase::kFailed},
          {"failureReason", reason},
          {"completionTimestamp", FormatRfc3339(now)}};
}

}  // namespace ark::controller
