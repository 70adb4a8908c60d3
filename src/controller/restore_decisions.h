#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "controller/engines.h"
#include "util/clock.h"
#include "util/result.h"

namespace ark::controller {

// What the restore controller decides, as functions of the Restore (the object as read from
// the API server) and what it observed: no client, store or clock in here, so every branch is
// tested with plain objects (tests/controller/restore_decisions_test.cc). The controller does
// what they say (restore_controller.cc). JSON rather than api::Restore for the reason
// backup_decisions.h gives.

// True for a Restore no server has picked up yet (phase "" or New); others are left alone.
bool IsUnclaimedRestore(const nlohmann::json& restore);

// Where the Backup to restore from is read, given the answer to a Get of its Backup CR.
enum class BackupSource {
  kCluster,        // the CR, which has finished (Completed or PartiallyFailed)
  kObjectStorage,  // no CR, or one that has not finished: the metadata in storage counts
  kRetry,          // the Get failed otherwise: retry later (the error says why)
};
BackupSource WhereToReadBackup(const Result<nlohmann::json>& backup_cr);

// What to do with an unclaimed Restore.
struct RestoreStart {
  enum class Action {
    kFailValidation,  // write `status` (phase FailedValidation) as the final status
    kRetry,           // looking the backup up failed: return `error`, the key is retried
    kLeave,           // the server is stopping: leave it New for the next one
    kClaim,           // Update the object to `claim` (phase InProgress), then run it
  };
  Action action = Action::kLeave;
  nlohmann::json status;  // kFailValidation: {phase, validationErrors}
  Status error;           // kRetry
  nlohmann::json claim;   // kClaim: the Restore with status {phase InProgress, startTimestamp}
};

// `validation_errors`: the controller's rules and then the engine's; `backup`: the lookup of
// spec.backupName (the Backup CR, else the metadata in storage), null when it was not looked
// up because the restore is already invalid. A backup that is found nowhere is one more
// validation error; any other failed lookup is retried. Validation comes first, so a stopping
// server still records a restore's validation failure.
RestoreStart DecideRestoreStart(const nlohmann::json& restore,
                                std::vector<std::string> validation_errors,
                                const Result<nlohmann::json>* backup, bool server_stopping,
                                Clock::TimePoint now);

// The validation error of a restore whose backup is neither a Backup in `ns` nor in storage.
std::string BackupNotFoundMessage(const std::string& backup_name, const std::string& ns);

// The restore's results as uploaded (restore-<name>-results.gz): {warnings, errors}.
nlohmann::json RestoreResults(const RestoreOutcome& outcome);

// Errors in the outcome make the restore PartiallyFailed, never Completed.
bool PartiallyFailed(const RestoreOutcome& outcome);

// The final status of a restore the engine ran: phase Completed or PartiallyFailed, warning
// and error counts, progress (every item of the backup handled: restored, found in place or
// skipped), resourceOrder, completionTimestamp `now`.
nlohmann::json FinalRestoreStatus(const RestoreOutcome& outcome, Clock::TimePoint now);

// The final status of a restore that could not run: phase Failed, failureReason `reason`.
nlohmann::json FailedRestoreStatus(const std::string& reason, Clock::TimePoint now);

}  // namespace ark::controller
