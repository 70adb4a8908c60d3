#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/backup_report.h"
#include "cli/display_read.h"
#include "util/clock.h"

namespace ark::cli {

// `ark backup|restore|schedule describe` text: spec, phase, timestamps and duration, counts,
// volume snapshots, validation errors and the failure reason, and the warnings and errors
// themselves grouped as Ark (the server), Cluster and per namespace.
// `report` holds what was read from the store (see FetchBackupReport); `details` adds the
// resource list and the hook results (and says where they could not be read).
// Fields the object's api type could not read are listed under "Unreadable fields" and the
// rest is described (see ReadBackupForDisplay).
void DescribeBackup(std::ostream& out, const DisplayRead<api::Backup>& backup,
                    const BackupReport& report, bool details);
// `results` is the restore's results file ({"warnings": RestoreResult, "errors":
// RestoreResult}) or null when not fetched; `details` adds the resource priority order used.
void DescribeRestore(std::ostream& out, const DisplayRead<api::Restore>& restore,
                     const nlohmann::json& results, bool details);
void DescribeSchedule(std::ostream& out, const DisplayRead<api::Schedule>& schedule);

}  // namespace ark::cli
