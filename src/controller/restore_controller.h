#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "archive/gzip_log_sink.h"
#include "controller/engines.h"
#include "controller/informer.h"
#include "controller/metrics.h"
#include "kube/dynamic_client.h"
#include "persistence/backup_store.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/result.h"
#include "util/temp_file.h"

namespace ark::controller {

// Processes new Restores (phase "" or New), one per Sync:
//   validate (backupName set, `nodes` not included, include/exclude rules, restorePVs=true
//   needs a volume provider, the backup exists as a CR or in storage) -> FailedValidation;
//   InProgress -> stage the log (gzipped into a temp file as it goes) -> download the tarball
//   to a temp file -> run the engine -> upload the log and the results
//   (restore-<name>-results.gz) -> Completed, or PartiallyFailed when the engine reported
//   errors, or Failed (status.failureReason) when it could not run; a restore that fails
//   after its log was staged still uploads the log and the results, the reason in both. A log file
//   that cannot be created fails the restore before it changes anything; a log that cannot be
//   written or uploaded once the restore ran is a warning in the server's log.
// status.warnings and status.errors are counts (Ark v0.6+). Safe to Sync different keys
// from several threads.
class RestoreController {
 public:
  struct Deps {
    kube::DynamicClient& client;
    const Informer& restores;
    RestoreRunner& runner;
    persistence::BackupStore& store;
    Metrics& metrics;
    const Clock& clock;
    Logger log;
    bool has_volume_provider = false;
    // Where the tarball and the log are staged: the server's private folder (util/work_dir.h).
    std::string temp_dir = "/tmp";
    // Set when the server stops: the download or run stops early and the restore ends
    // Failed, its final status written by the token's wrap_up_by. Null = never.
    const CancelToken* cancel = nullptr;
    // Opens the staged file the run's log is gzipped into; tests inject one whose writes fail.
    std::function<Result<std::unique_ptr<archive::GzipLogSink>>(const std::string& path)> open_log =
        archive::GzipLogSink::OpenFile;
  };

  explicit RestoreController(Deps deps) : d_(std::move(deps)) {}

  Status Sync(const std::string& key);

  static std::vector<std::string> Validate(const nlohmann::json& restore, bool has_volume_provider);

 private:
  // The restore being processed: where it is, the backup it restores, that backup's schedule
  // (the metrics' label, known once the backup is), the server log naming it, and when it
  // started.
  struct Job {
    std::string ns;
    std::string name;
    std::string backup_name;
    std::string schedule;
    Logger log;
    Clock::TimePoint start;
  };
  // The staged log of the run (defined in restore_controller.cc); the file goes with it.
  struct StagedLog;

  // Validates and claims a new Restore (controller/restore_decisions.h), then runs it.
  Status Start(const nlohmann::json& restore);
  // The Backup CR in `ns`, else the metadata in storage; NotFound when neither exists.
  Result<nlohmann::json> FetchBackup(const std::string& ns, const std::string& name);
  // The steps of a claimed restore, in order; an error before the engine ran fails the
  // restore (Fail), one after it is a warning in the server's log.
  Status Run(const Job& job, const nlohmann::json& restore, const nlohmann::json& backup);
  Result<TempFile> Download(const Job& job);
  Result<StagedLog> StageLog(const Job& job);
  Result<RestoreOutcome> RunEngine(const Job& job, const nlohmann::json& restore,
                                   const nlohmann::json& backup, const TempFile& tarball,
                                   archive::GzipLogSink& log_sink);
  void UploadLog(const Job& job, StagedLog& log);
  void UploadResults(const Job& job, const RestoreOutcome& outcome);
  void RecordMetrics(const Job& job, const RestoreOutcome& outcome);
  // Ends the restore Failed with `why` as its failureReason.
  Status Fail(const Job& job, const Status& why);
  // Fail, once the log is staged: the reason is also written to the log, which is uploaded,
  // and uploaded as the restore's one error (`ark restore logs` and `describe` say why), and
  // status.errors is 1. A stopping server skips the uploads.
  Status FailWithLog(const Job& job, StagedLog& log, const Status& why);
  Status Finish(const Job& job, const nlohmann::json& status);

  Deps d_;
};

}  // namespace ark::controller
