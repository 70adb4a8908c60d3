#pragma once

#include <string>
#include <vector>

#include "api/backup.h"
#include "api/download_request.h"
#include "api/restore.h"
#include "api/schedule.h"

namespace ark::api {

// Validation as Ark's controllers do it before a backup, restore or schedule runs. Each
// function returns the messages for status.validationErrors (empty = valid); a non-empty
// result moves the object to phase FailedValidation. The wording follows Ark:
//   "Invalid included/excluded resource lists: excludes list cannot contain '*'"
//   "Invalid included/excluded namespace lists: includes list must either contain '*' only,
//    or a non-empty list of items"
//   "Server is not configured for PV snapshots"

// Include/exclude rules for resources, then for namespaces; snapshotVolumes true without a
// PV provider.
std::vector<std::string> ValidateBackupSpec(const BackupSpec& spec, bool have_pv_provider);

// backupName required; "nodes" may not be included; include/exclude rules for namespaces and
// resources; restorePVs true without a PV provider.
std::vector<std::string> ValidateRestoreSpec(const RestoreSpec& spec, bool have_pv_provider);

// The cron expression must be non-empty and parse (util/cron.h).
std::vector<std::string> ValidateScheduleSpec(const ScheduleSpec& spec);

// Target kind must be one of BackupLog, BackupContents, RestoreLog, RestoreResults and the
// name non-empty.
std::vector<std::string> ValidateDownloadRequest(const DownloadRequest& request);

}  // namespace ark::api
