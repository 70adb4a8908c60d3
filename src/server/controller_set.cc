#include "server/controller_set.h"

#include "api/resources.h"
#include "server/shutdown.h"
#include "verify/backup_verifier.h"

namespace ark::server {

using controller::GenericController;
using controller::Informer;
using controller::ObjectKey;
using nlohmann::json;
using std::chrono::milliseconds;

namespace {

GenericController::Options Opts(std::string name, int workers, milliseconds period = {},
                                GenericController::ResyncFn resync = {}) {
  GenericController::Options o;
  o.name = std::move(name);
  o.workers = workers;
  o.resync_period = period;
  o.resync = std::move(resync);
  return o;
}

milliseconds Pick(milliseconds override_period, std::chrono::seconds config_period) {
  return override_period.count() > 0 ? override_period : milliseconds(config_period);
}

Status Noop(const std::string&) { return Status::Ok(); }

}  // namespace

ControllerSet::ControllerSet(Deps deps)
    : d_(std::move(deps)),
      backups_(d_.client, api::BackupsGvr(), d_.options.namespace_, d_.log),
      restores_(d_.client, api::RestoresGvr(), d_.options.namespace_, d_.log),
      schedules_(d_.client, api::SchedulesGvr(), d_.options.namespace_, d_.log),
      downloads_(d_.client, api::DownloadRequestsGvr(), d_.options.namespace_, d_.log),
      deletes_(d_.client, api::DeleteBackupRequestsGvr(), d_.options.namespace_, d_.log),
      verifications_(d_.client, api::BackupVerificationsGvr(), d_.options.namespace_, d_.log),
      deleter_(d_.client, d_.store, d_.block_store, d_.log),
      verify_([&store = d_.store, snapshots = d_.block_store](const std::string& backup,
                                                              const verify::VerifyOptions& options,
                                                              const CancelToken* cancel) {
        return verify::VerifyBackup(store, snapshots, backup, options, cancel);
      }) {
  const std::string& ns = d_.options.namespace_;
  const bool has_volumes = d_.block_store != nullptr;
  controller::BackupController::Deps backup_deps{
      d_.client, backups_, *d_.engines.backup, d_.store,    d_.metrics,
      d_.clock,  d_.log,   has_volumes,        d_.work_dir, &d_.cancel};
  backup_deps.verify = verify_;
  backup_deps.volume_provider = d_.config.volumes ? d_.config.volumes->name : "";
  backup_ctl_ = std::make_unique<controller::BackupController>(std::move(backup_deps));
  restore_ctl_ =
      std::make_unique<controller::RestoreController>(controller::RestoreController::Deps{
          d_.client, restores_, *d_.engines.restore, d_.store, d_.metrics, d_.clock, d_.log,
          has_volumes, d_.work_dir, &d_.cancel});
  schedule_ctl_ =
      std::make_unique<controller::ScheduleController>(d_.client, schedules_, d_.clock, d_.log);
  gc_ctl_ = std::make_unique<controller::GcController>(d_.store, backups_, deleter_, ns, d_.clock,
                                                       d_.log);
  sync_ctl_ = std::make_unique<controller::SyncController>(d_.client, d_.store, ns, d_.log);
  download_ctl_ = std::make_unique<controller::DownloadRequestController>(
      d_.client, downloads_, d_.store, d_.clock, d_.log);
  delete_ctl_ = std::make_unique<controller::DeleteBackupRequestController>(
      d_.client, deletes_, d_.store, deleter_, d_.log);
  verification_ctl_ = std::make_unique<controller::BackupVerificationController>(
      controller::BackupVerificationController::Deps{.client = d_.client,
                                                     .requests = verifications_,
                                                     .store = d_.store,
                                                     .verify = verify_,
                                                     .restore = d_.engines.restore.get(),
                                                     .metrics = d_.metrics,
                                                     .clock = d_.clock,
                                                     .log = d_.log,
                                                     .temp_dir = d_.work_dir,
                                                     .cancel = &d_.cancel,
                                                     .keep_for = d_.options.verification_keep_for});
  AddControllers();
}

void ControllerSet::Add(GenericController::Options options, SyncFn sync, Informer* informer) {
  auto c = std::make_unique<GenericController>(std::move(options), std::move(sync), d_.log);
  if (informer) {
    GenericController* raw = c.get();
    informer->OnChange([raw](const json& obj) { raw->Enqueue(ObjectKey(obj)); });
  }
  controllers_.push_back(std::move(c));
}

void ControllerSet::AddResync(std::string name, milliseconds period, Informer& informer,
                              GenericController* target) {
  Add(Opts(std::move(name), 1, period,
           [&informer, target] {
             for (const auto& o : informer.List()) target->Enqueue(ObjectKey(o));
           }),
      Noop, nullptr);
}

void ControllerSet::AddControllers() {
  const ServerOptions& o = d_.options;
  Add(Opts("backup-sync", 1, Pick(o.backup_sync_period, d_.config.backup_sync_period),
           [this] { sync_ctl_->Run(); }),
      Noop, nullptr);
  if (!d_.config.restore_only) {
    Add(
        Opts("backup", o.backup_workers),
        [this](const std::string& k) { return backup_ctl_->Sync(k); }, &backups_);
    Add(
        Opts("schedule", 1), [this](const std::string& k) { return schedule_ctl_->Sync(k); },
        &schedules_);
    AddResync("schedule-resync", Pick(o.schedule_sync_period, d_.config.schedule_sync_period),
              schedules_, controllers_.back().get());
    Add(Opts("gc", 1, Pick(o.gc_sync_period, d_.config.gc_sync_period), [this] { gc_ctl_->Run(); }),
        Noop, nullptr);
    Add(
        Opts("delete-backup-request", 1),
        [this](const std::string& k) { return delete_ctl_->Sync(k); }, &deletes_);
  }
  Add(
      Opts("restore", o.restore_workers),
      [this](const std::string& k) { return restore_ctl_->Sync(k); }, &restores_);
  Add(
      Opts("download-request", 1), [this](const std::string& k) { return download_ctl_->Sync(k); },
      &downloads_);
  AddResync("download-request-resync", o.download_resync_period, downloads_,
            controllers_.back().get());
  // Verifying reads the store and writes only the request: it runs in restoreOnlyMode too.
  Add(
      Opts("backup-verification", 1),
      [this](const std::string& k) { return verification_ctl_->Sync(k); }, &verifications_);
  AddResync("backup-verification-resync", o.download_resync_period, verifications_,
            controllers_.back().get());
}

void ControllerSet::Start() {
  for (Informer* i :
       {&backups_, &restores_, &schedules_, &downloads_, &deletes_, &verifications_}) {
    i->Start();
  }
  for (auto& c : controllers_) c->Start();
}

void ControllerSet::Stop(bool stopping, Informer& config_informer) {
  if (stopping) {
    for (auto& c : controllers_) c->StopTaking();
  }
  // No new events. The informers are all asked first, so their waits overlap.
  const auto informers = {&backups_, &restores_,      &schedules_,     &downloads_,
                          &deletes_, &verifications_, &config_informer};
  for (Informer* i : informers) i->RequestStop();
  const auto deadline = std::chrono::steady_clock::now() + milliseconds(200);
  for (Informer* i : informers) i->StopBy(deadline);
  // A changed Config drains: every controller finishes what it is doing. A stop is bounded:
  // what runs past its grace is cancelled and ends Failed.
  if (stopping) {
    std::vector<GenericController*> all;
    std::vector<RequestController> requests;
    for (auto& c : controllers_) {
      all.push_back(c.get());
      if (c->name() == "backup") requests.push_back({c.get(), api::BackupsGvr()});
      if (c->name() == "restore") requests.push_back({c.get(), api::RestoresGvr()});
    }
    StopControllers(all, requests, d_.cancel, d_.options.stop_times, d_.client, d_.clock, d_.log);
  }
  for (auto& c : controllers_) c->Stop();
}

}  // namespace ark::server
