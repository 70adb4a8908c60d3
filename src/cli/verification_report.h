#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "api/backup_verification.h"

namespace ark::cli {

// The report `ark backup verify` prints for a finished BackupVerification: the outcome, what
// was checked, the problems grouped by place ("contents", "log", "manifest", "snapshot:<id>",
// "cluster:<group-resource>"), and with againstCluster what a restore would create, skip or
// fail. Example:
//   Backup "nginx-backup": verification Failed (1 problem)
//   Manifest:  yes
//   Checks:
//     tarball: 4,120 bytes, sha256 does not match the manifest
//   ...
//   Problems:
//     contents:
//       sha256 is 3f2a..., the manifest says 9c41...
void PrintVerification(std::ostream& out, const api::BackupVerification& request);

// The "Verification:" section of `ark backup describe` from the Backup's status
// (status.verification; nothing is printed when the backup was not verified).
void DescribeVerification(std::ostream& out, const nlohmann::json& backup_status);

}  // namespace ark::cli
