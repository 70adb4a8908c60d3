#pragma once

#include <string>

#include "controller/backup_deleter.h"
#include "controller/informer.h"
#include "persistence/backup_store.h"
#include "util/clock.h"
#include "util/log.h"

namespace ark::controller {

// Expires backups (Ark v0.5 GC): every gcSyncPeriod, each backup in storage and each Backup
// CR whose status.expiration has passed is deleted through BackupDeleter. Backups without an
// expiration (ttl 0) and backups InProgress are kept.
class GcController {
 public:
  GcController(persistence::BackupStore& store, const Informer& backups, BackupDeleter& deleter,
               std::string ns, const Clock& clock, Logger log)
      : store_(store),
        backups_(backups),
        deleter_(deleter),
        ns_(std::move(ns)),
        clock_(clock),
        log_(std::move(log)) {}

  // One pass; errors are logged and retried on the next pass.
  void Run();

 private:
  persistence::BackupStore& store_;
  const Informer& backups_;
  BackupDeleter& deleter_;
  std::string ns_;
  const Clock& clock_;
  Logger log_;
};

}  // namespace ark::controller
