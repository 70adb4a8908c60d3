#pragma once

#include <map>
#include <string>

#include "kube/dynamic_client.h"
#include "persistence/backup_store.h"
#include "util/log.h"

namespace ark::controller {

// Mirrors the backups found in object storage into the cluster (Ark v0.5 backup sync): each
// finished backup (phase Completed or PartiallyFailed) whose metadata is readable and names
// its own folder, and that the cluster lacks, becomes a Backup CR in the server's namespace
// (uid and resourceVersion cleared); existing CRs are left as they are. Metadata that is
// planted (no final phase) is never imported, so the server never runs or overwrites it. A
// synced Backup carries the stored metadata.uid in the kStoredUidAnnotation annotation. A
// finished Backup CR whose folder is gone from the store is removed (logged as a warning),
// unless some metadata could not be read or the store lists no backup at all
// (sync_decisions.h). This is what lets a second cluster pointed at the same bucket restore
// (restoreOnlyMode).
class SyncController {
 public:
  SyncController(kube::DynamicClient& client, persistence::BackupStore& store, std::string ns,
                 Logger log)
      : client_(client), store_(store), ns_(std::move(ns)), log_(std::move(log)) {}

  void Run();

 private:
  kube::DynamicClient& client_;
  persistence::BackupStore& store_;
  std::string ns_;
  Logger log_;
};

}  // namespace ark::controller
