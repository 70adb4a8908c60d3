#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cloud/provider_registry.h"
#include "controller/engines.h"
#include "controller/metrics.h"
#include "kube/dynamic_client.h"
#include "persistence/backup_store.h"
#include "server/server_config.h"
#include "server/shutdown.h"
#include "server/stop_signal.h"
#include "util/cancel.h"
#include "util/clock.h"
#include "util/log.h"

namespace ark::server {

// The engines for one configuration, built by the caller (the real ones in the `ark`
// binary, fakes in tests). `volumes` is null when no persistentVolumeProvider is set.
struct Engines {
  std::unique_ptr<controller::BackupRunner> backup;
  std::unique_ptr<controller::RestoreRunner> restore;
};
// `work_dir` is the server's private folder, where restores spool their tarballs.
using EngineFactory = std::function<Result<Engines>(
    const ServerConfig& config, cloud::BlockStore* volumes, const std::string& work_dir)>;

struct ServerOptions {
  std::string namespace_ = "heptio-ark";
  std::string metrics_address = ":8085";  // "127.0.0.1:0" picks a free port
  int backup_workers = 2;                 // backups processed at once
  int restore_workers = 2;                // restores processed at once
  std::chrono::milliseconds config_poll{5000};
  // Overrides of the Config's periods (not clamped); 0 = use the Config.
  std::chrono::milliseconds backup_sync_period{0};
  std::chrono::milliseconds gc_sync_period{0};
  std::chrono::milliseconds schedule_sync_period{0};
  // How often download requests and backup verifications are looked at again (to expire them).
  std::chrono::milliseconds download_resync_period{60000};
  // How long a finished BackupVerification is kept before the server deletes it.
  std::chrono::seconds verification_keep_for = std::chrono::hours(1);
  // How long running backups and restores get when the server stops (StopControllers).
  StopTimes stop_times;
  // Where the server makes its private working folder (`<temp_dir>/ark-<uid>/server-XXXXXX`,
  // util/work_dir.h), for staged tarballs, logs and restore spools.
  std::string temp_dir = "/tmp";
};

// `ark server`: makes its private working folder (removing what killed servers left),
// creates its namespace if missing, marks Backups, Restores and BackupVerifications left InProgress
// by a previous run as Failed, serves /metrics and /healthz, waits for Config `default`,
// then runs the controllers (backup, restore, schedule, gc, backup sync, download request,
// delete-backup request, backup verification; backup/schedule/gc not in restoreOnlyMode) until
// `stop` is notified. A changed Config drains the controllers and starts them again with the new
// values. Stopping is bounded: no new work is taken, running backups and restores get
// options.stop_times.grace to finish, are then cancelled and end Failed ("the server was
// stopped before the backup finished") by options.stop_times.deadline.
class Server {
 public:
  Server(ServerOptions options, kube::DynamicClient& client,
         const cloud::ProviderRegistry& providers, cloud::ProviderEnv provider_env,
         EngineFactory engines, const Clock& clock, Logger log);

  // Blocks until `stop`; an error when startup fails (bad address, API unreachable).
  Status Run(const StopSignal& stop);

  const controller::Metrics& metrics() const { return metrics_; }

 private:
  Status EnsureNamespace();
  Status FailOrphans();
  // Waits for Config default; NotFound-style loop ends with Cancelled when stopped.
  Result<nlohmann::json> WaitForConfig(const StopSignal& stop);
  // Runs the controllers for `config` until `stop` or a config change; returns true when
  // the config changed.
  Result<bool> RunControllers(const nlohmann::json& config_object, const StopSignal& stop);
  // Removes what FailOrphans' backups uploaded before they were killed; those that cannot be
  // removed yet stay listed for the next start of the controllers.
  void RemoveOrphanedUploads(persistence::BackupStore& store);

  ServerOptions options_;
  kube::DynamicClient& client_;
  const cloud::ProviderRegistry& providers_;
  cloud::ProviderEnv provider_env_;
  EngineFactory engines_;
  const Clock& clock_;
  Logger log_;
  controller::Metrics metrics_;
  CancelToken cancel_;    // given to the backup and restore runs; cancelled by a stop's deadline
  std::string work_dir_;  // this server's private folder, made by Run
  // Backups FailOrphans marked Failed (as updated) whose uploads (some objects, maybe all,
  // metadata included) are still to be removed from the store, once the Config names it.
  // Files under the name that another backup wrote are left alone.
  std::vector<nlohmann::json> orphaned_backups_;
};

}  // namespace ark::server
