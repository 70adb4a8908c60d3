#pragma once

#include <string>
#include <vector>

#include "api/backup.h"
#include "api/backup_verification.h"
#include "api/download_request.h"
#include "api/json_fields.h"
#include "api/restore.h"
#include "api/schedule.h"

namespace ark::api {

// Validation of Backups, Restores and Schedules: the one set of rules the controllers apply
// before anything runs (and the CLI before it submits). Each function returns the messages for
// status.validationErrors (empty = valid); a non-empty result moves the object to phase
// FailedValidation for good. Ark's rules keep Ark's wording:
//   "Invalid included/excluded resource lists: excludes list cannot contain '*'"
//   "Server is not configured for PV snapshots"
// and the stricter ones name the field, the value and what is allowed:
//   "spec.ttl: \"-5h0m0s\" is negative: use a positive duration such as \"720h0m0s\", or leave
//    it unset (or 0) for the default of 720h0m0s"
//   "spec.includedNamespaces: 200000 entries: at most 1000 are allowed"

// Whole objects as read from the API server, wrong types included: a field of the wrong type
// is a message, never a crash or an exception. In order: the name, the size caps (see
// api/limits.h; a spec over a cap is not looked at further), the field types, then the spec
// rules below. At most kMaxValidationErrors messages.
std::vector<std::string> ValidateBackup(const Json& backup, bool have_pv_provider);
std::vector<std::string> ValidateRestore(const Json& restore, bool have_pv_provider);
std::vector<std::string> ValidateSchedule(const Json& schedule);

// Longest names. A backup's name is the value of label ark.heptio.com/backup-name, so it is a
// label value (63); a schedule's backups are named <schedule>-YYYYMMDDhhmmss.
inline constexpr size_t kMaxBackupNameLength = 63;
inline constexpr size_t kMaxScheduleNameLength = kMaxBackupNameLength - 15;
inline constexpr size_t kMaxRestoreNameLength = 253;

// The spec rules. Backup: include/exclude rules for resources, then for namespaces (Ark);
// namespace entries are "*" or namespace names, resource entries non-empty; ttl not negative;
// label selector keys and values valid labels; hooks with a command, onError Continue or Fail,
// no negative timeout; snapshotVolumes true without a PV provider. `where` is the spec's path
// ("spec", or "spec.template" in a Schedule, whose messages are prefixed with it).
std::vector<std::string> ValidateBackupSpec(const BackupSpec& spec, bool have_pv_provider,
                                            std::string_view where = "spec");

// backupName required and a valid backup name; "nodes" may not be included; include/exclude
// rules for namespaces and resources; namespace names in lists and namespaceMapping; label
// selector; restorePVs true without a PV provider.
std::vector<std::string> ValidateRestoreSpec(const RestoreSpec& spec, bool have_pv_provider);

// The cron expression must be non-empty and parse (util/cron.h; "@every 0s" does not), and
// the template must be a valid backup spec (the PV provider is judged per backup).
std::vector<std::string> ValidateScheduleSpec(const ScheduleSpec& spec);

// Target kind must be one of BackupLog, BackupContents, RestoreLog, RestoreResults and the
// name a valid object name (a DNS-1123 subdomain).
std::vector<std::string> ValidateDownloadRequest(const DownloadRequest& request);

// spec.backupName must be set and a valid backup name (the server answers an invalid request
// with phase Failed and these messages, so a typo is not mistaken for a missing backup).
std::vector<std::string> ValidateBackupVerification(const BackupVerification& request);

}  // namespace ark::api
