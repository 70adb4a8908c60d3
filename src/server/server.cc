#include "controller/server.h"

#include <atomic>

#include "api/resources.h"
#include "controller/ark_objects.h"
#include "controller/backup_controller.h"
#include "controller/backup_deleter.h"
#include "controller/backup_verification_controller.h"
#include "controller/config_status.h"
#include "controller/delete_backup_request_controller.h"
#include "controller/download_request_controller.h"
#include "controller/gc_controller.h"
#include "controller/generic_controller.h"
#include "controller/informer.h"
#include "controller/leftovers.h"
#include "controller/metrics_server.h"
#include "controller/restore_controller.h"
#include "controller/schedule_controller.h"
#include "controller/shutdown.h"
#include "controller/sync_controller.h"
#include "persistence/backup_store.h"
#include "persistence/encryption_keys.h"
#include "verify/backup_verifier.h"

namespace ark::controller {

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

// The parts of a Config that matter (not its metadata).
json ConfigBody(const json& config) {
  json body = config;
  body.erase("metadata");
  body.erase("status");
  return body;
}

}  // namespace

Server::Server(ServerOptions options, kube::DynamicClient& client,
               const cloud::ProviderRegistry& providers, cloud::ProviderEnv provider_env,
               EngineFactory engines, const Clock& clock, Logger log)
    : options_(std::move(options)),
      client_(client),
      providers_(providers),
      provider_env_(std::move(provider_env)),
      engines_(std::move(engines)),
      clock_(clock),
      log_(std::move(log)) {}

Status Server::EnsureNamespace() {
  auto got = client_.Get(api::NamespacesGvr(), "", options_.namespace_);
  if (got.ok()) return Status::Ok();
  if (got.status().code() != Code::kNotFound) {
    return Status(got.status()).Annotate("reading namespace " + options_.namespace_);
  }
  json ns = {{"apiVersion", "v1"}, {"kind", "Namespace"},
             {"metadata", {{"name", options_.namespace_}}}};
  auto created = client_.Create(api::NamespacesGvr(), "", ns);
  if (!created.ok() && created.status().code() != Code::kAlreadyExists) {
    return Status(created.status()).Annotate("creating namespace " + options_.namespace_);
  }
  log_.Info("Created namespace", {{"namespace", options_.namespace_}});
  return Status::Ok();
}

Status Server::FailOrphans() {
  for (const auto& gvr : {api::BackupsGvr(), api::RestoresGvr()}) {
    std::vector<std::string> orphans;
    Status st = client_.List(gvr, options_.namespace_, kube::ListOptions{}, [&](kube::ListPage& p) {
      for (const auto& item : p.items) {
        if (api::Phase(item) == "InProgress") orphans.push_back(api::Name(item));
      }
      return Status::Ok();
    });
    if (!st.ok()) return st.Annotate("listing " + gvr.resource);
    for (const auto& name : orphans) {
      const std::string kind = gvr.resource == "backups" ? "backup" : "restore";
      auto updated = UpdateWithRetry(client_, gvr, options_.namespace_, name, [&](json& o) {
        if (api::Phase(o) != "InProgress") return;
        o["status"]["phase"] = "Failed";
        o["status"]["failureReason"] =
            "found a " + kind + " with status \"InProgress\" during the server starting, "
            "mark it as \"Failed\"";
        o["status"]["completionTimestamp"] = FormatTime(clock_.Now());
      });
      if (!updated.ok()) return Status(updated.status()).Annotate("failing orphan " + name);
      log_.Warn("Marked an orphaned " + kind + " as Failed", {{kind, options_.namespace_ + "/" + name}});
      if (kind == "backup") orphaned_backups_.push_back(name);
    }
  }
  return Status::Ok();
}

Result<json> Server::WaitForConfig(const StopSignal& stop) {
  bool told = false;
  for (;;) {
    auto config = client_.Get(api::ConfigsGvr(), options_.namespace_, "default");
    if (config.ok()) return config;
    if (!told) {
      log_.Info("Waiting for Config \"default\" to exist",
                {{"namespace", options_.namespace_}, {"error", config.status().ToString()}});
      told = true;
    }
    if (stop.WaitFor(options_.config_poll)) return Cancelled("server stopping");
  }
}

Result<bool> Server::RunControllers(const json& config_object, const StopSignal& stop) {
  const std::string ns = options_.namespace_;
  std::atomic<bool> changed{false};
  const json body = ConfigBody(config_object);
  Informer configs(client_, api::ConfigsGvr(), ns, log_);
  auto on_config = [&](const json& c) {
    if (api::Name(c) == "default" && ConfigBody(c) != body) changed = true;
  };
  configs.OnChange(on_config);
  configs.OnDelete([&](const json& c) {
    if (api::Name(c) == "default") changed = true;
  });
  configs.Start();
  // The Secret holding the encryption keys is read with the Config; a change to it (a key
  // added, replaced or made current) restarts the controllers as a changed Config does. It is
  // polled every 5 s rather than watched: the server may read Secrets without listing them.
  std::optional<api::EncryptionSettings> key_secret;
  std::string key_secret_version;
  auto key_secret_changed = [&] {
    if (!key_secret) return false;
    auto version = persistence::EncryptionSecretVersion(client_, ns, *key_secret);
    return version.ok() && *version != key_secret_version;
  };
  auto wait_for_change = [&]() -> Result<bool> {
    for (int tick = 1; !changed; ++tick) {
      if (stop.WaitFor(milliseconds(200))) return false;
      if (tick % 25 == 0 && key_secret_changed()) {
        log_.Info("The encryption keys' Secret changed; restarting the controllers",
                  {{"secret", ns + "/" + key_secret->key_secret}});
        return true;
      }
    }
    log_.Info("Config \"default\" changed; restarting the controllers");
    return true;
  };

  // What the server made of the Config goes into its status, for `kubectl get` and `ark`.
  auto judged = [&](const Status& verdict) {
    Status written = WriteConfigStatus(client_, config_object, verdict);
    if (!written.ok()) log_.Warn("Cannot record the Config's status", {{"error", written.ToString()}});
  };
  auto config = ParseServerConfig(config_object);
  if (!config.ok()) {
    log_.Error("Invalid Config; waiting for it to change", {{"error", config.status().ToString()}});
    judged(config.status());
    return wait_for_change();
  }
  auto object_store = providers_.NewObjectStore(config->storage.name, config->storage.config,
                                                provider_env_);
  if (!object_store.ok()) {
    log_.Error("Cannot set up the backup storage provider; waiting for the Config to change",
               {{"error", object_store.status().ToString()}});
    judged(Status(object_store.status()).Annotate("backupStorageProvider"));
    return wait_for_change();
  }
  std::unique_ptr<cloud::BlockStore> block_store;
  if (config->volumes) {
    auto bs = providers_.NewBlockStore(config->volumes->name, config->volumes->config, provider_env_);
    if (!bs.ok()) {
      log_.Error("Cannot set up the persistent volume provider; waiting for the Config to change",
                 {{"error", bs.status().ToString()}});
      judged(Status(bs.status()).Annotate("persistentVolumeProvider"));
      return wait_for_change();
    }
    block_store = std::move(*bs);
  }
  std::shared_ptr<const crypto::Keyring> keys;
  if (config->encryption) {
    key_secret = config->encryption;
    auto loaded = persistence::LoadEncryptionKeys(client_, ns, *config->encryption);
    if (!loaded.ok()) {
      // Backups would otherwise go out unencrypted, or restores fail one by one.
      log_.Error("Cannot read the encryption keys; waiting for the Config or the Secret to change",
                 {{"error", loaded.status().ToString()}});
      auto version = persistence::EncryptionSecretVersion(client_, ns, *key_secret);
      key_secret_version = version.ok() ? *version : "";
      judged(loaded.status());
      return wait_for_change();
    }
    keys = loaded->keyring;
    key_secret_version = loaded->resource_version;
  }
  RemoveAbandonedUploads(**object_store, config->bucket, clock_, log_);
  auto engines = engines_(*config, block_store.get(), work_dir_);
  if (!engines.ok()) return engines.status();
  persistence::BackupStore store(**object_store, config->bucket, config->prefix, keys);
  // A killed backup may have uploaded its tarball, its log, even its metadata: a Failed backup
  // keeps nothing in the store, or sync would bring back as Completed what the cluster says
  // failed.
  std::erase_if(orphaned_backups_, [&](const std::string& name) {
    Status removed = store.DeleteBackup(name);
    if (!removed.ok()) {
      log_.Warn("Cannot remove the uploads of an orphaned backup; tried again when the controllers restart",
                {{"backup", options_.namespace_ + "/" + name}, {"error", removed.ToString()}});
      return false;
    }
    log_.Info("Removed the uploads of an orphaned backup", {{"backup", options_.namespace_ + "/" + name}});
    return true;
  });
  BackupDeleter deleter(client_, store, block_store.get(), log_);

  Informer backups(client_, api::BackupsGvr(), ns, log_);
  Informer restores(client_, api::RestoresGvr(), ns, log_);
  Informer schedules(client_, api::SchedulesGvr(), ns, log_);
  Informer downloads(client_, api::DownloadRequestsGvr(), ns, log_);
  Informer deletes(client_, api::DeleteBackupRequestsGvr(), ns, log_);
  Informer verifications(client_, api::BackupVerificationsGvr(), ns, log_);

  const bool has_volumes = block_store != nullptr;
  VerifyFn verify = [&store, snapshots = block_store.get()](const std::string& backup,
                                                            const verify::VerifyOptions& options,
                                                            const CancelToken* cancel) {
    return verify::VerifyBackup(store, snapshots, backup, options, cancel);
  };
  BackupController::Deps backup_deps{client_, backups, *engines->backup, store, metrics_, clock_,
                                     log_, has_volumes, work_dir_, &cancel_};
  backup_deps.verify = verify;
  backup_deps.volume_provider = config->volumes ? config->volumes->name : "";
  BackupController backup_ctl(std::move(backup_deps));
  RestoreController restore_ctl({client_, restores, *engines->restore, store, metrics_, clock_,
                                 log_, has_volumes, work_dir_, &cancel_});
  ScheduleController schedule_ctl(client_, schedules, clock_, log_);
  GcController gc_ctl(store, backups, deleter, ns, clock_, log_);
  SyncController sync_ctl(client_, store, ns, log_);
  DownloadRequestController download_ctl(client_, downloads, store, clock_, log_);
  DeleteBackupRequestController delete_ctl(client_, deletes, store, deleter, log_);
  BackupVerificationController verification_ctl({.client = client_,
                                                 .requests = verifications,
                                                 .store = store,
                                                 .verify = verify,
                                                 .restore = engines->restore.get(),
                                                 .metrics = metrics_,
                                                 .clock = clock_,
                                                 .log = log_,
                                                 .temp_dir = work_dir_,
                                                 .cancel = &cancel_,
                                                 .keep_for = options_.verification_keep_for});

  std::vector<std::unique_ptr<GenericController>> controllers;
  auto add = [&](GenericController::Options o, GenericController::SyncFn fn, Informer* informer) {
    auto c = std::make_unique<GenericController>(std::move(o), std::move(fn), log_);
    if (informer) {
      GenericController* raw = c.get();
      informer->OnChange([raw](const json& obj) { raw->Enqueue(ObjectKey(obj)); });
    }
    controllers.push_back(std::move(c));
  };
  auto noop = [](const std::string&) { return Status::Ok(); };

  add(Opts("backup-sync", 1, Pick(options_.backup_sync_period, config->backup_sync_period),
       [&] { sync_ctl.Run(); }),
      noop, nullptr);
  if (!config->restore_only) {
    add(Opts("backup", options_.backup_workers), [&](const std::string& k) { return backup_ctl.Sync(k); },
        &backups);
    GenericController* sched_raw = nullptr;
    add(Opts("schedule", 1), [&](const std::string& k) { return schedule_ctl.Sync(k); }, &schedules);
    sched_raw = controllers.back().get();
    add(Opts("schedule-resync", 1, Pick(options_.schedule_sync_period, config->schedule_sync_period),
         [&, sched_raw] {
           for (const auto& s : schedules.List()) sched_raw->Enqueue(ObjectKey(s));
         }),
        noop, nullptr);
    add(Opts("gc", 1, Pick(options_.gc_sync_period, config->gc_sync_period), [&] { gc_ctl.Run(); }),
        noop, nullptr);
    add(Opts("delete-backup-request", 1),
        [&](const std::string& k) { return delete_ctl.Sync(k); }, &deletes);
  }
  add(Opts("restore", options_.restore_workers),
      [&](const std::string& k) { return restore_ctl.Sync(k); }, &restores);
  GenericController* dl_raw = nullptr;
  add(Opts("download-request", 1), [&](const std::string& k) { return download_ctl.Sync(k); },
      &downloads);
  dl_raw = controllers.back().get();
  add(Opts("download-request-resync", 1, options_.download_resync_period,
       [&, dl_raw] {
         for (const auto& d : downloads.List()) dl_raw->Enqueue(ObjectKey(d));
       }),
      noop, nullptr);

  // Verifying reads the store and writes only the request: it runs in restoreOnlyMode too.
  GenericController* verification_raw = nullptr;
  add(Opts("backup-verification", 1),
      [&](const std::string& k) { return verification_ctl.Sync(k); }, &verifications);
  verification_raw = controllers.back().get();
  add(Opts("backup-verification-resync", 1, options_.download_resync_period,
           [&, verification_raw] {
             for (const auto& v : verifications.List()) verification_raw->Enqueue(ObjectKey(v));
           }),
      noop, nullptr);

  for (Informer* i : {&backups, &restores, &schedules, &downloads, &deletes, &verifications}) {
    i->Start();
  }
  for (auto& c : controllers) c->Start();
  log_.Info("Server started", {{"namespace", ns},
                               {"storageProvider", config->storage.name},
                               {"bucket", config->bucket},
                               {"restoreOnlyMode", config->restore_only ? "true" : "false"},
                               {"encryptionKeyID", store.sealing_key_id()}});
  judged(Status::Ok());

  auto result = wait_for_change();
  const bool stopping = result.ok() && !*result;
  if (stopping) {
    for (auto& c : controllers) c->StopTaking();
  }
  // No new events. The informers are all asked first, so their waits overlap.
  const auto informers = {&backups,  &restores,      &schedules, &downloads,
                          &deletes, &verifications, &configs};
  for (Informer* i : informers) i->RequestStop();
  const auto deadline = std::chrono::steady_clock::now() + milliseconds(200);
  for (Informer* i : informers) i->StopBy(deadline);
  // A changed Config drains: every controller finishes what it is doing. A stop is bounded:
  // what runs past its grace is cancelled and ends Failed.
  if (stopping) {
    std::vector<GenericController*> all;
    std::vector<RequestController> requests;
    for (auto& c : controllers) {
      all.push_back(c.get());
      if (c->name() == "backup") requests.push_back({c.get(), api::BackupsGvr()});
      if (c->name() == "restore") requests.push_back({c.get(), api::RestoresGvr()});
    }
    StopControllers(all, requests, cancel_, options_.stop_times, client_, clock_, log_);
  }
  for (auto& c : controllers) c->Stop();
  return result;
}

Status Server::Run(const StopSignal& stop) {
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<WorkDir> work_dir, OpenServerWorkDir(options_.temp_dir, log_));
  work_dir_ = work_dir->path();
  ARK_RETURN_IF_ERROR(EnsureNamespace());
  ARK_ASSIGN_OR_RETURN(auto metrics_server,
                       MetricsServer::Start(options_.metrics_address, metrics_, [] { return true; }));
  log_.Info("Metrics server listening", {{"address", metrics_server->address()}});
  ARK_RETURN_IF_ERROR(FailOrphans());
  while (!stop.IsSet()) {
    auto config = WaitForConfig(stop);
    if (!config.ok()) break;
    auto changed = RunControllers(*config, stop);
    if (!changed.ok()) return changed.status();
    if (!*changed) break;
  }
  log_.Info("Server stopped");
  return Status::Ok();
}

}  // namespace ark::controller
