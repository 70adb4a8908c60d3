#pragma once

#include <string>

#include "controller/backup_deleter.h"
#include "controller/informer.h"
#include "kube/dynamic_client.h"
#include "util/log.h"

namespace ark::controller {

// Answers DeleteBackupRequests (spec.backupName): deletes the backup through BackupDeleter
// (snapshots, storage, restores, CR), then sets status {phase: Processed, errors: [...]},
// plus status.message when files stored under the name were left because they belong to
// another backup of that name. A backup InProgress is not deleted (error recorded).
class DeleteBackupRequestController {
 public:
  DeleteBackupRequestController(kube::DynamicClient& client, const Informer& requests,
                                persistence::BackupStore& store, BackupDeleter& deleter, Logger log)
      : client_(client),
        requests_(requests),
        store_(store),
        deleter_(deleter),
        log_(std::move(log)) {}

  Status Sync(const std::string& key);

 private:
  kube::DynamicClient& client_;
  const Informer& requests_;
  persistence::BackupStore& store_;
  BackupDeleter& deleter_;
  Logger log_;
};

}  // namespace ark::controller
