#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <memory>
#include <thread>

#include "cli/commands.h"
#include "cloud/provider_registry.h"
#include "controller/engine_adapters.h"
#include "controller/server.h"
#include "util/duration.h"
#include "util/log.h"
#include "util/temp_file.h"

namespace ark::cli {

namespace {

struct ServerFlags {
  std::string log_level = "info";
  controller::ServerOptions options;
  int config_poll_ms = 5000;
  std::string backup_sync, gc_sync, schedule_sync;
};

// Parses a period flag ("30s", "1m"); 0 when empty.
std::chrono::milliseconds Period(const std::string& text, const char* flag) {
  if (text.empty()) return std::chrono::milliseconds(0);
  auto d = ParseDuration(text);
  if (!d.ok() || d->count() <= 0) {
    throw CommandError{std::string("invalid ") + flag + " \"" + text + "\": want a positive duration such as 30s or 1m", 2};
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(*d);
}

// SIGTERM / SIGINT -> `stop`, on a thread of its own (the signals are blocked everywhere
// else, so no handler runs in a random thread).
class SignalWatcher {
 public:
  explicit SignalWatcher(controller::StopSignal& stop) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    thread_ = std::thread([this, set, &stop] {
      while (!done_) {
        timespec ts{0, 200 * 1000 * 1000};
        int sig = sigtimedwait(&set, nullptr, &ts);
        if (sig == SIGTERM || sig == SIGINT) {
          ProcessLogger().Info("Received signal; shutting down gracefully",
                               {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
          stop.Notify();
          return;
        }
      }
    });
  }
  ~SignalWatcher() {
    done_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace

CLI::App* AddServer(CLI::App& parent, Session& s) {
  auto* cmd = parent.add_subcommand("server", "Run the ark server");
  auto f = std::make_shared<ServerFlags>();
  cmd->add_option("--log-level", f->log_level, "the level at which to log: debug, info, warning, error")
      ->capture_default_str();
  cmd->add_option("--metrics-address", f->options.metrics_address,
                  "the address to expose /metrics and /healthz on (host:port; port 0 = any free port)")
      ->capture_default_str();
  cmd->add_option("--backup-workers", f->options.backup_workers, "backups processed at the same time")
      ->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_option("--restore-workers", f->options.restore_workers, "restores processed at the same time")
      ->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_option("--backup-sync-period", f->backup_sync,
                  "how often to sync backups from object storage (overrides the Config's backupSyncPeriod)");
  cmd->add_option("--gc-sync-period", f->gc_sync,
                  "how often to delete expired backups (overrides the Config's gcSyncPeriod)");
  cmd->add_option("--schedule-sync-period", f->schedule_sync,
                  "how often to check schedules (overrides the Config's scheduleSyncPeriod)");
  cmd->add_option("--config-poll-ms", f->config_poll_ms, "how often to look for Config \"default\" until it exists")
      ->capture_default_str();
  f->options.temp_dir = SystemTempDir();
  cmd->add_option("--temp-dir", f->options.temp_dir,
                  "where the server makes its private working folder (ark-<uid>/server-XXXXXX, mode "
                  "0700) for staged tarballs, logs and restore spools; at start it removes the "
                  "folders of servers that were killed")
      ->capture_default_str();
  cmd->callback([&s, f] {
    LogLevel level;
    if (!ParseLogLevel(f->log_level, &level)) {
      throw CommandError{"invalid --log-level \"" + f->log_level + "\": valid values are debug, info, warning, error", 2};
    }
    SetProcessLogLevel(level);
    controller::ServerOptions options = f->options;
    options.namespace_ = s.ns();
    options.config_poll = std::chrono::milliseconds(f->config_poll_ms);
    options.backup_sync_period = Period(f->backup_sync, "--backup-sync-period");
    options.gc_sync_period = Period(f->gc_sync, "--gc-sync-period");
    options.schedule_sync_period = Period(f->schedule_sync, "--schedule-sync-period");

    controller::StopSignal stop;
    SignalWatcher signals(stop);
    auto* client = Check(s.Client());
    auto* discovery = Check(s.Discovery());
    cloud::ProviderRegistry registry;
    cloud::RegisterBuiltinProviders(registry);
    // Pods' exec hooks reach the API server with the same configuration as the client.
    std::shared_ptr<kube::PodExecutor> pod_executor =
        Check(kube::NewWebSocketPodExecutor(Check(s.Config())));
    controller::EngineFactory engines = [client, discovery, pod_executor](
                                            const controller::ServerConfig& config,
                                            cloud::BlockStore* volumes,
                                            const std::string& work_dir) -> Result<controller::Engines> {
      controller::Engines e;
      e.backup = controller::NewEngineBackupRunner(*client, *discovery, volumes,
                                                   pod_executor.get());
      e.restore = controller::NewEngineRestoreRunner(*client, *discovery, volumes,
                                                     config.resource_priorities, work_dir);
      return e;
    };
    Logger log = ProcessLogger();
    controller::Server server(options, *client, registry, cloud::ProcessProviderEnv(), engines,
                              SystemClock(), log);
    log.Info("Starting ark server", {{"namespace", s.ns()}});
    Check(server.Run(stop));
  });
  return cmd;
}

}  // namespace ark::cli
