#include "server/server_cmd.h"

#include <chrono>
#include <memory>

#include "cli/commands.h"
#include "cloud/builtin_providers.h"
#include "cloud/provider_registry.h"
#include "server/engine_adapters.h"
#include "server/server.h"
#include "server/signal_watcher.h"
#include "util/byte_size.h"
#include "util/duration.h"
#include "util/log.h"
#include "util/temp_file.h"

namespace ark::server {

using cli::Check;
using cli::CommandError;
using cli::Session;

namespace {

struct ServerFlags {
  std::string log_level = "info";
  ServerOptions options;
  int config_poll_ms = 5000;
  std::string backup_sync, gc_sync, schedule_sync;
  std::string restore_bytes_in_flight = "256Mi";
  double client_qps = 0;
  int client_burst = 0;
};

// The process ends this long after SIGTERM even when a backup or restore ignores its
// cancellation (a hook, a request without a timeout): the server's own deadline
// (StopTimes::deadline, 8 s) plus room to write what it can, within the 10 s Kubernetes
// and users expect.
constexpr std::chrono::milliseconds kExitDeadline{9500};

// Parses a period flag ("30s", "1m"); 0 when empty.
std::chrono::milliseconds Period(const std::string& text, const char* flag) {
  if (text.empty()) return std::chrono::milliseconds(0);
  auto d = ParseDuration(text);
  if (!d.ok() || d->count() <= 0) {
    throw CommandError{std::string("invalid ") + flag + " \"" + text +
                           "\": want a positive duration such as 30s or 1m",
                       2};
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(*d);
}

}  // namespace

CLI::App* AddServerCommand(CLI::App& parent, Session& s) {
  auto* cmd = parent.add_subcommand("server", "Run the ark server");
  auto f = std::make_shared<ServerFlags>();
  cmd->add_option("--log-level", f->log_level,
                  "the level at which to log: debug, info, warning, error")
      ->capture_default_str();
  cmd->add_option(
         "--metrics-address", f->options.metrics_address,
         "the address to expose /metrics and /healthz on (host:port; port 0 = any free port)")
      ->capture_default_str();
  cmd->add_option("--backup-workers", f->options.backup_workers,
                  "backups processed at the same time")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->add_option("--restore-workers", f->options.restore_workers,
                  "restores processed at the same time")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->add_option(
      "--backup-sync-period", f->backup_sync,
      "how often to sync backups from object storage (overrides the Config's backupSyncPeriod)");
  cmd->add_option("--gc-sync-period", f->gc_sync,
                  "how often to delete expired backups (overrides the Config's gcSyncPeriod)");
  cmd->add_option("--schedule-sync-period", f->schedule_sync,
                  "how often to check schedules (overrides the Config's scheduleSyncPeriod)");
  cmd->add_option("--restore-bytes-in-flight", f->restore_bytes_in_flight,
                  "the most bytes of backed-up items a restore holds at once (read and not yet "
                  "created), such as 256Mi or 1Gi; an item larger than this is restored alone")
      ->capture_default_str();
  cmd->add_option("--client-qps", f->client_qps,
                  "requests per second the server sends to the Kubernetes API (0 = no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--client-burst", f->client_burst,
                  "requests the server may send at once above --client-qps (0 = one second's worth "
                  "of --client-qps)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--config-poll-ms", f->config_poll_ms,
                  "how often to look for Config \"default\" until it exists")
      ->capture_default_str();
  f->options.temp_dir = SystemTempDir();
  cmd->add_option(
         "--temp-dir", f->options.temp_dir,
         "where the server makes its private working folder (ark-<uid>/server-XXXXXX, mode "
         "0700) for staged tarballs, logs and restore spools; at start it removes the "
         "folders of servers that were killed")
      ->capture_default_str();
  cmd->callback([&s, f] {
    LogLevel level;
    if (!ParseLogLevel(f->log_level, &level)) {
      throw CommandError{"invalid --log-level \"" + f->log_level +
                             "\": valid values are debug, info, warning, error",
                         2};
    }
    SetProcessLogLevel(level);
    ServerOptions options = f->options;
    options.namespace_ = s.ns();
    options.config_poll = std::chrono::milliseconds(f->config_poll_ms);
    options.backup_sync_period = Period(f->backup_sync, "--backup-sync-period");
    options.gc_sync_period = Period(f->gc_sync, "--gc-sync-period");
    options.schedule_sync_period = Period(f->schedule_sync, "--schedule-sync-period");
    auto restore_bytes_flag = ParseByteSize(f->restore_bytes_in_flight);
    if (!restore_bytes_flag.ok() || *restore_bytes_flag <= 0) {
      throw CommandError{"invalid --restore-bytes-in-flight \"" + f->restore_bytes_in_flight +
                             "\": " +
                             (restore_bytes_flag.ok() ? "want a size above 0"
                                                      : restore_bytes_flag.status().message()),
                         2};
    }
    const int64_t restore_bytes = *restore_bytes_flag;

    StopSignal stop;
    SignalWatcher signals(stop, kExitDeadline);
    // The server's own client, rate limited as --client-qps and --client-burst say.
    kube::RestConfig rest = Check(s.Config());
    if (f->client_qps > 0) rest.qps = f->client_qps;
    if (f->client_burst > 0) rest.burst = f->client_burst;
    std::unique_ptr<kube::DynamicClient> own_client = Check(kube::NewDynamicClient(rest));
    kube::DynamicClient* client = own_client.get();
    auto* discovery = Check(s.Discovery());
    cloud::ProviderRegistry registry;
    cloud::RegisterBuiltinProviders(registry);
    // Pods' exec hooks reach the API server with the same configuration as the client.
    std::shared_ptr<kube::PodExecutor> pod_executor =
        Check(kube::NewWebSocketPodExecutor(Check(s.Config())));
    EngineFactory engines = [client, discovery, restore_bytes, pod_executor](
                                const ServerConfig& config, cloud::BlockStore* volumes,
                                const std::string& work_dir) -> Result<Engines> {
      Engines e;
      e.backup = NewEngineBackupRunner(*client, *discovery, volumes, pod_executor.get());
      e.restore = NewEngineRestoreRunner(*client, *discovery, volumes, config.resource_priorities,
                                         work_dir, restore_bytes);
      return e;
    };
    Logger log = ProcessLogger();
    Server server(options, *client, registry, cloud::ProcessProviderEnv(), engines, SystemClock(),
                  log);
    log.Info("Starting ark server", {{"namespace", s.ns()}});
    Check(server.Run(stop));
  });
  return cmd;
}

}  // namespace ark::server
