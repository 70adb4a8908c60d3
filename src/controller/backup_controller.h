#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "archive/gzip_log_sink.h"
#include "controller/engines.h"
#include "controller/informer.h"
#include "controller/metrics.h"
#include "controller/verification.h"
#include "kube/dynamic_client.h"
#include "persistence/backup_store.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/result.h"

namespace ark::controller {

// Processes new Backups (phase "" or New), one per Sync:
//   expiration = now + spec.ttl (set even when validation fails, so GC removes it);
//   validate -> FailedValidation with status.validationErrors;
//   InProgress (startTimestamp) -> run the engine into a temp file, its log gzipped into
//   another, progress patched into status.progress as it goes -> build the integrity manifest
//   from the staged files (verify/manifest_builder.h) -> upload contents, log, manifest, then
//   metadata (BackupStore) -> Completed, or PartiallyFailed when the engine reported item
//   errors (never Completed then), or Failed with status.failureReason when the engine, the
//   log file or the upload fails.
// Failed backups are not uploaded. Safe to Sync different keys from several threads.
class BackupController {
 public:
  struct Deps {
    kube::DynamicClient& client;
    const Informer& backups;
    BackupRunner& runner;
    persistence::BackupStore& store;
    Metrics& metrics;
    const Clock& clock;
    Logger log;
    bool has_volume_provider = false;  // false: spec.snapshotVolumes=true fails validation
    // Where the tarball and the log are staged: the server's private folder (util/work_dir.h).
    std::string temp_dir = "/tmp";
    // Set when the server stops: the run stops early and the backup ends Failed (never
    // uploaded), its final status written by the token's wrap_up_by. Null = never.
    const CancelToken* cancel = nullptr;
    // Opens the staged file the run's log is gzipped into; tests inject one whose writes fail.
    std::function<Result<std::unique_ptr<archive::GzipLogSink>>(const std::string& path)> open_log =
        archive::GzipLogSink::OpenFile;
    // The persistentVolumeProvider's name ("aws", "gcp", "azure"), recorded with each snapshot
    // in the backup's manifest; "" without one.
    std::string volume_provider = "";
    // Verifies a completed backup whose spec.verify is true; its outcome goes into
    // status.verification after the backup's final status (a verification failure does not
    // change the phase). Empty: such backups record that they could not be verified.
    VerifyFn verify = nullptr;
  };

  explicit BackupController(Deps deps) : d_(std::move(deps)) {}

  Status Sync(const std::string& key);

  // The messages of every validation rule `backup` breaks (empty when valid).
  static std::vector<std::string> Validate(const nlohmann::json& backup, bool has_volume_provider);

 private:
  // The backup being processed: where it is, its schedule (the metrics' label), the server log
  // naming it, and when it started.
  struct Job {
    std::string ns;
    std::string name;
    std::string schedule;
    Logger log;
    Clock::TimePoint start;
  };
  // The staged tarball and log, and the staged manifest (defined in backup_controller.cc);
  // their files are removed with them.
  struct Staged;
  struct StagedManifest;

  // Validates and claims a new Backup (controller/backup_decisions.h), then runs it.
  Status Start(const nlohmann::json& backup);
  // The steps of a claimed backup, in order; a step's error fails the backup (Fail).
  Status Run(const Job& job, const nlohmann::json& backup);
  Status CheckNotStored(const std::string& name);
  Result<Staged> Stage(const Job& job);
  Result<BackupOutcome> RunEngine(const Job& job, const nlohmann::json& backup, Staged& staged);
  // The integrity manifest built from the staged files (verify/manifest_builder.h).
  Result<StagedManifest> StageManifest(const Job& job, const Staged& staged,
                                       const BackupOutcome& outcome);
  // Contents, log, manifest, then the metadata last (persistence::BackupStore::PutBackup).
  Status Upload(const Job& job, const Staged& staged, const StagedManifest& manifest,
                int64_t tarball_size, const nlohmann::json& metadata);
  void RecordMetrics(const Job& job, const BackupOutcome& outcome, int64_t tarball_size);
  // Ends the backup Failed with `why` as its failureReason.
  Status Fail(const Job& job, const Status& why);
  Status Finish(const Job& job, const nlohmann::json& status);
  // spec.verify: verifies the stored backup and records status.verification.
  Status RecordVerification(const Job& job);

  Deps d_;
};

}  // namespace ark::controller
