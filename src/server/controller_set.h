#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cloud/block_store.h"
#include "controller/backup_controller.h"
#include "controller/backup_deleter.h"
#include "controller/backup_verification_controller.h"
#include "controller/delete_backup_request_controller.h"
#include "controller/download_request_controller.h"
#include "controller/gc_controller.h"
#include "controller/generic_controller.h"
#include "controller/informer.h"
#include "controller/metrics.h"
#include "controller/restore_controller.h"
#include "controller/schedule_controller.h"
#include "controller/sync_controller.h"
#include "controller/verification.h"
#include "kube/dynamic_client.h"
#include "persistence/backup_store.h"
#include "server/server.h"
#include "server/server_config.h"
#include "util/cancel.h"
#include "util/clock.h"
#include "util/log.h"

namespace ark::server {

// The controllers the server runs for one Config, with the informers that feed them: backup,
// schedule, gc and delete-backup-request (not in restoreOnlyMode), restore, backup sync,
// download request and backup verification, each a GenericController over its reconciler.
// Everything in Deps must outlive the set. Start once, Stop once.
class ControllerSet {
 public:
  struct Deps {
    kube::DynamicClient& client;
    persistence::BackupStore& store;
    cloud::BlockStore* block_store;  // null without a persistentVolumeProvider
    Engines& engines;
    controller::Metrics& metrics;
    const Clock& clock;
    Logger log;
    const ServerOptions& options;
    const ServerConfig& config;
    std::string work_dir;  // the server's private folder
    CancelToken& cancel;   // cancelled by a stop's deadline
  };

  explicit ControllerSet(Deps deps);

  // Starts the informers, then the controllers.
  void Start();

  // Stops everything. A stop (`stopping`) is bounded: no new work is taken and what runs past
  // its grace is cancelled and ends Failed (StopControllers); a changed Config drains: every
  // controller finishes what it is doing. `config_informer` is stopped with this set's
  // informers, so their waits overlap.
  void Stop(bool stopping, controller::Informer& config_informer);

 private:
  using SyncFn = controller::GenericController::SyncFn;
  void AddControllers();
  // A GenericController running `sync`, fed by `informer` (null: resync only).
  void Add(controller::GenericController::Options options, SyncFn sync,
           controller::Informer* informer);
  // A controller that re-queues every object of `informer` into `target` each `period`.
  void AddResync(std::string name, std::chrono::milliseconds period, controller::Informer& informer,
                 controller::GenericController* target);

  Deps d_;
  controller::Informer backups_;
  controller::Informer restores_;
  controller::Informer schedules_;
  controller::Informer downloads_;
  controller::Informer deletes_;
  controller::Informer verifications_;
  controller::BackupDeleter deleter_;
  controller::VerifyFn verify_;
  std::unique_ptr<controller::BackupController> backup_ctl_;
  std::unique_ptr<controller::RestoreController> restore_ctl_;
  std::unique_ptr<controller::ScheduleController> schedule_ctl_;
  std::unique_ptr<controller::GcController> gc_ctl_;
  std::unique_ptr<controller::SyncController> sync_ctl_;
  std::unique_ptr<controller::DownloadRequestController> download_ctl_;
  std::unique_ptr<controller::DeleteBackupRequestController> delete_ctl_;
  std::unique_ptr<controller::BackupVerificationController> verification_ctl_;
  // Declared last: destroyed (stopped) before the reconcilers their syncs call.
  std::vector<std::unique_ptr<controller::GenericController>> controllers_;
};

}  // namespace ark::server
