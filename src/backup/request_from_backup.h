#pragma once

#include "api/backup.h"
#include "backup/backup_request.h"
#include "util/result.h"

namespace ark::backup {

// The engine's request for a Backup resource: its name and namespace, filters, label
// selector, snapshot and cluster-resources switches, and its hooks (each entry's v0.5 `hooks`
// list runs before the item, ahead of its `pre` list). Reading the Backup's JSON, with errors
// naming the field, is api::Backup::FromJson's job; here InvalidArgument names
// spec.labelSelector when a label key or value is one Kubernetes does not allow.
Result<BackupRequest> RequestFromBackup(const api::Backup& backup);

}  // namespace ark::backup
