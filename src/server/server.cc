#include "server/server.h"

#include "api/resources.h"
#include "controller/ark_objects.h"
#include "controller/config_status.h"
#include "controller/final_status.h"
#include "controller/stored_backup_files.h"
#include "server/config_watch.h"
#include "server/controller_set.h"
#include "server/leftovers.h"
#include "server/metrics_server.h"
#include "server/storage_setup.h"

namespace ark::server {

using nlohmann::json;

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
  json ns = {
      {"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", options_.namespace_}}}};
  auto created = client_.Create(api::NamespacesGvr(), "", ns);
  if (!created.ok() && created.status().code() != Code::kAlreadyExists) {
    return Status(created.status()).Annotate("creating namespace " + options_.namespace_);
  }
  log_.Info("Created namespace", {{"namespace", options_.namespace_}});
  return Status::Ok();
}

Status Server::FailOrphans() {
  // Verifications too: one whose dry run killed the server would otherwise be taken up again
  // at every start.
  for (const auto& gvr : {api::BackupsGvr(), api::RestoresGvr(), api::BackupVerificationsGvr()}) {
    std::vector<std::string> orphans;
    Status st = client_.List(gvr, options_.namespace_, kube::ListOptions{}, [&](kube::ListPage& p) {
      for (const auto& item : p.items) {
        if (api::Phase(item) == "InProgress") orphans.push_back(api::Name(item));
      }
      return Status::Ok();
    });
    if (!st.ok()) return st.Annotate("listing " + gvr.resource);
    for (const auto& name : orphans) {
      const std::string kind = gvr.resource == "backups"    ? "backup"
                               : gvr.resource == "restores" ? "restore"
                                                            : "verification";
      auto updated =
          controller::UpdateWithRetry(client_, gvr, options_.namespace_, name, [&](json& o) {
            if (api::Phase(o) != "InProgress") return;
            const std::string reason = "found a " + kind +
                                       " with status \"InProgress\" during the server starting, "
                                       "mark it as \"Failed\"";
            controller::MergeStatus(o, controller::FailedStatusOf(gvr, reason, clock_.Now()));
          });
      if (!updated.ok()) return Status(updated.status()).Annotate("failing orphan " + name);
      log_.Warn("Marked an orphaned " + kind + " as Failed",
                {{kind, options_.namespace_ + "/" + name}});
      if (kind == "backup") orphaned_backups_.push_back(*updated);
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

void Server::RemoveOrphanedUploads(persistence::BackupStore& store) {
  // A killed backup may have uploaded its tarball, its log, even its metadata: a Failed backup
  // keeps nothing in the store, or sync would bring back as Completed what the cluster says
  // failed.
  std::erase_if(orphaned_backups_, [&](const json& backup) {
    const std::string which = options_.namespace_ + "/" + api::Name(backup);
    Result<controller::StoredFilesVerdict> removed = controller::DeleteStoredFilesOf(store, backup);
    if (!removed.ok()) {
      log_.Warn(
          "Cannot remove the uploads of an orphaned backup; tried again when the controllers "
          "restart",
          {{"backup", which}, {"error", removed.status().ToString()}});
      return false;
    }
    if (removed->owner == controller::StoredFilesOwner::kOtherBackup) {
      log_.Warn("Leaving the files in object storage of another backup with this name",
                {{"backup", which}, {"reason", removed->reason}});
    } else {
      log_.Info("Removed the uploads of an orphaned backup", {{"backup", which}});
    }
    return true;
  });
}

Result<bool> Server::RunControllers(const json& config_object, const StopSignal& stop) {
  ConfigWatch watch(client_, options_.namespace_, config_object, log_);
  // What the server made of the Config goes into its status, for `kubectl get` and `ark`.
  auto judged = [&](const Status& verdict, const std::vector<std::string>& notes = {}) {
    Status written = controller::WriteConfigStatus(client_, config_object, verdict, notes);
    if (!written.ok())
      log_.Warn("Cannot record the Config's status", {{"error", written.ToString()}});
  };
  auto config = ParseServerConfig(config_object);
  if (!config.ok()) {
    log_.Error("Invalid Config; waiting for it to change", {{"error", config.status().ToString()}});
    judged(config.status());
    return watch.WaitForChange(stop);
  }
  auto storage =
      SetUpStorage(*config, providers_, provider_env_, client_, options_.namespace_, watch, log_);
  if (!storage.ok()) {
    judged(storage.status());
    return watch.WaitForChange(stop);
  }
  RemoveAbandonedUploads(*storage->object_store, config->bucket, clock_, log_);
  auto engines = engines_(*config, storage->block_store.get(), work_dir_);
  if (!engines.ok()) return engines.status();
  persistence::BackupStore store(*storage->object_store, config->bucket, config->prefix,
                                 storage->keys);
  RemoveOrphanedUploads(store);

  ControllerSet controllers({.client = client_,
                             .store = store,
                             .block_store = storage->block_store.get(),
                             .engines = *engines,
                             .metrics = metrics_,
                             .clock = clock_,
                             .log = log_,
                             .options = options_,
                             .config = *config,
                             .work_dir = work_dir_,
                             .cancel = cancel_});
  controllers.Start();
  log_.Info("Server started", {{"namespace", options_.namespace_},
                               {"storageProvider", config->storage.name},
                               {"bucket", config->bucket},
                               {"restoreOnlyMode", config->restore_only ? "true" : "false"},
                               {"encryptionKeyID", store.sealing_key_id()}});
  for (const std::string& note : config->notes)
    log_.Warn("Config setting adjusted", {{"note", note}});
  judged(Status::Ok(), config->notes);

  auto result = watch.WaitForChange(stop);
  controllers.Stop(/*stopping=*/result.ok() && !*result, watch.informer());
  return result;
}

Status Server::Run(const StopSignal& stop) {
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<WorkDir> work_dir,
                       OpenServerWorkDir(options_.temp_dir, log_));
  work_dir_ = work_dir->path();
  ARK_RETURN_IF_ERROR(EnsureNamespace());
  ARK_ASSIGN_OR_RETURN(auto metrics_server, MetricsServer::Start(options_.metrics_address, metrics_,
                                                                 [] { return true; }));
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

}  // namespace ark::server
