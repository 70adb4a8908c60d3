#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cloud/block_store.h"
#include "kube/dynamic_client.h"
#include "persistence/backup_store.h"
#include "util/log.h"

namespace ark::controller {

// What a deletion did with the files in object storage under the backup's name.
struct DeletedBackup {
  // Empty when the backup's files were deleted (or there were none); otherwise why the files
  // stored under its name were left alone: they belong to another backup of the same name
  // (controller/stored_backup_files.h).
  std::string stored_files_kept_because;
};

// Deletes one backup everywhere, in Ark's order: its volume snapshots (status.volumeBackups,
// through `volumes`), its objects in storage (restore logs and results and the leftovers of
// interrupted uploads included; never another backup's of the same name), the Restores naming
// it, then the Backup CR (only if nothing before failed, so a later pass retries). A backup
// with snapshots and no volume provider is left alone (error).
class BackupDeleter {
 public:
  BackupDeleter(kube::DynamicClient& client, persistence::BackupStore& store,
                cloud::BlockStore* volumes, Logger log)
      : client_(client), store_(store), volumes_(volumes), log_(std::move(log)) {}

  // `backup` is the Backup (CR or metadata from storage); `ns` the server's namespace.
  Result<DeletedBackup> Delete(const std::string& ns, const nlohmann::json& backup);

 private:
  kube::DynamicClient& client_;
  persistence::BackupStore& store_;
  cloud::BlockStore* volumes_;
  Logger log_;
};

}  // namespace ark::controller
