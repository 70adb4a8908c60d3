#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "controller/engines.h"
#include "util/clock.h"

namespace ark::controller {

// What the backup controller decides, as functions of the Backup (the object as read from the
// API server) and what it observed: no client, store or clock in here, so every branch is
// tested with plain objects (tests/controller/backup_decisions_test.cc). The controller does
// what they say (backup_controller.cc).
//
// The objects are JSON, not api::Backup: the controller judges Backups whose fields have the
// wrong type too (validation names them; the claim replaces a malformed status), and
// api::Backup::FromJson refuses those.

// True for a Backup no server has picked up yet (phase "" or New); others are left alone.
bool IsUnclaimedBackup(const nlohmann::json& backup);

// metadata.labels["ark-schedule"]: the Schedule that created the backup, "" for one made by
// hand (the metrics' label).
std::string ScheduleOf(const nlohmann::json& backup);

// spec.verify is true: the completed backup is verified and status.verification recorded.
bool WantsVerification(const nlohmann::json& backup);

// When a backup started at `start` expires: start + spec.ttl, or + the default ttl
// (api/defaults.h) when the ttl is unset or zero, as `ark backup create` writes it, and also
// when it is invalid (the backup fails validation, and still expires in time).
Clock::TimePoint BackupExpiration(const nlohmann::json& backup, Clock::TimePoint start);

// What to do with an unclaimed Backup.
struct BackupStart {
  enum class Action {
    kFailValidation,  // write `status` (phase FailedValidation) as the final status
    kLeave,           // the server is stopping: leave it New for the next one
    kClaim,           // Update the object to `claim` (phase InProgress), then run it
  };
  Action action = Action::kLeave;
  nlohmann::json status;  // kFailValidation: {version, expiration, phase, validationErrors}
  nlohmann::json claim;   // kClaim: the Backup with status version, expiration, phase, start
};

// `validation_errors`: the controller's rules and then the engine's (empty: valid).
// Validation comes first, so a stopping server still records a backup's validation failure.
BackupStart DecideBackupStart(const nlohmann::json& backup,
                              const std::vector<std::string>& validation_errors,
                              bool server_stopping, Clock::TimePoint now);

// An outcome with item errors makes the backup PartiallyFailed, never Completed.
bool PartiallyFailed(const BackupOutcome& outcome);

// The final status of a backup the engine ran: phase Completed or PartiallyFailed,
// volumeBackups, warning and error counts, progress (every item done), completionTimestamp
// `now`, and status.encryption when the store seals what it writes (`sealing_key_id` not "").
nlohmann::json FinalBackupStatus(const BackupOutcome& outcome, const std::string& sealing_key_id,
                                 Clock::TimePoint now);

// The final status of a backup that could not finish: phase Failed, failureReason `reason`.
nlohmann::json FailedBackupStatus(const std::string& reason, Clock::TimePoint now);

// What goes into object storage as the backup's metadata: the claimed Backup with
// `final_status` merged into its status, without the fields that belong to one cluster's copy
// (resourceVersion, managedFields), kind and apiVersion filled in when missing. metadata.uid
// stays, as Ark and Velero store it: it tells whose files the store holds under the name.
nlohmann::json StoredBackupMetadata(const nlohmann::json& claimed,
                                    const nlohmann::json& final_status);

}  // namespace ark::controller
