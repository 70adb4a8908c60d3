#include "restore/restore_engine.h"

#include <filesystem>

#include "restore/archive_spool.h"
#include "restore/restore_run.h"

namespace ark::restore {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : "; ") + s;
  return out;
}

std::string DefaultWorkDir() {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::temp_directory_path(ec);
  return ec ? "/tmp" : p.string();
}

}  // namespace

RestoreEngine::RestoreEngine(kube::DynamicClient& client, kube::Discovery& discovery,
                             cloud::BlockStore* block_store, EngineOptions options)
    : client_(client),
      discovery_(discovery),
      block_store_(block_store),
      options_(std::move(options)) {}

Result<RestoreOutcome> RestoreEngine::Run(const RestoreRequest& request, ByteSource& tarball,
                                          const nlohmann::json& backup_metadata, const Logger& log,
                                          const ProgressFn& progress) {
  ARK_ASSIGN_OR_RETURN(BackupInfo backup, BackupInfoFromMetadata(backup_metadata));
  return Run(request, tarball, backup, log, progress);
}

Result<RestoreOutcome> RestoreEngine::Run(const RestoreRequest& request, ByteSource& tarball,
                                          const BackupInfo& backup, const Logger& log,
                                          const ProgressFn& progress) {
  std::vector<std::string> problems = ValidateRestoreRequest(request);
  if (request.restore_pvs == true && block_store_ == nullptr) {
    problems.push_back(
        "volumes are to be restored from snapshots but no block store is configured");
  }
  if (!problems.empty()) return InvalidArgument("invalid restore: " + Join(problems));

  const Clock& clock = options_.clock != nullptr ? *options_.clock : SystemClock();
  const Logger run_log = log.With("restore", request.name);
  const std::string work_dir = options_.work_dir.empty() ? DefaultWorkDir() : options_.work_dir;
  CancellableSource cancellable(tarball, options_.cancel);
  Result<std::unique_ptr<ArchiveSpool>> spool =
      ArchiveSpool::Build(cancellable, work_dir, options_.archive_limits);
  if (options_.cancel != nullptr && options_.cancel->cancelled()) {
    run_log.Error("Restore stopped", {{"reason", options_.cancel->reason()}});
    return options_.cancel->Check();
  }
  if (!spool.ok()) {
    RestoreOutcome failed;
    failed.phase = Phase::kFailed;
    failed.failure_reason = "reading the backup tarball: " + spool.status().ToString();
    failed.errors.ark.push_back(failed.failure_reason);
    run_log.Error("Restore failed", {{"error", failed.failure_reason}});
    return failed;
  }
  const SpoolStats& stats = (*spool)->stats();
  run_log.Info("Spooled backup tarball", {{"items", std::to_string(stats.items)},
                                          {"bytes", std::to_string(stats.bytes)},
                                          {"maxOpenFiles", std::to_string(stats.max_open_files)}});

  RestoreRun run(RestoreRun::Deps{client_, discovery_, block_store_, options_, clock}, request,
                 backup, **spool, run_log, progress);
  RestoreOutcome outcome = run.Execute();
  if (options_.cancel != nullptr && options_.cancel->cancelled()) {
    run_log.Error("Restore stopped before it finished",
                  {{"reason", options_.cancel->reason()},
                   {"created", std::to_string(outcome.counts.created)}});
    return options_.cancel->Check();
  }
  const Counts& c = outcome.counts;
  if (c.failed > 0 && c.failed == c.selected) {
    outcome.phase = Phase::kFailed;
    outcome.failure_reason =
        "none of the " + std::to_string(c.selected) + " selected objects could be restored";
  }
  run_log.Info("Restore finished",
               {{"phase", std::string(PhaseName(outcome.phase))},
                {"selected", std::to_string(outcome.counts.selected)},
                {"created", std::to_string(outcome.counts.created)},
                {"skipped", std::to_string(outcome.counts.skipped)},
                {"failed", std::to_string(outcome.counts.failed)},
                {"peakBytesInFlight", std::to_string(outcome.counts.peak_bytes_in_flight)},
                {"warnings", std::to_string(outcome.warnings.Count())},
                {"errors", std::to_string(outcome.errors.Count())}});
  return outcome;
}

}  // namespace ark::restore
