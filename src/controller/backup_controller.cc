#include "controller/backup_controller.h"

#include <filesystem>

#include "api/resources.h"
#include "api/validation.h"
#include "archive/gzip_log_sink.h"
#include "controller/backup_decisions.h"
#include "controller/final_status.h"
#include "controller/progress_patcher.h"
#include "util/temp_file.h"
#include "verify/manifest_builder.h"

namespace ark::controller {

using nlohmann::json;

struct BackupController::StagedManifest {
  TempFile file;
  int64_t size;  // gzipped
};

struct BackupController::Staged {
  TempFile tarball;
  TempFile log_file;
  // The backup's log (a line per item), gzipped into `log_file` as the lines come: held in
  // memory, it would grow with the cluster.
  std::unique_ptr<archive::GzipLogSink> log_sink;
};

namespace {

// Staged files go into the server's private folder under unpredictable names; this prefix of
// their names is for people.
std::string TempPrefix(const std::string& ns, const std::string& name) {
  return "backup-" + ns + "-" + name + "-";
}

}  // namespace

std::vector<std::string> BackupController::Validate(const json& backup, bool has_volume_provider) {
  return api::ValidateBackup(backup, has_volume_provider);
}

Status BackupController::Sync(const std::string& key) {
  auto backup = d_.backups.Get(key);
  if (!backup) return Status::Ok();  // deleted since it was queued
  if (!IsUnclaimedBackup(*backup)) return Status::Ok();
  return Start(*backup);
}

Status BackupController::Start(const json& backup) {
  const std::string ns = api::Namespace(backup);
  const std::string name = api::Name(backup);
  const Job job{ns, name, ScheduleOf(backup), d_.log.With("backup", ns + "/" + name),
                d_.clock.Now()};

  auto errors = Validate(backup, d_.has_volume_provider);
  if (errors.empty()) errors = d_.runner.Validate(backup);
  const bool stopping = d_.cancel != nullptr && d_.cancel->cancelled();
  const BackupStart start = DecideBackupStart(backup, errors, stopping, job.start);
  switch (start.action) {
    case BackupStart::Action::kFailValidation:
      job.log.Info("Backup failed validation", {{"errors", std::to_string(errors.size())}});
      d_.metrics.BackupAttempt(job.schedule);
      d_.metrics.BackupFailure(job.schedule);
      return Finish(job, start.status);
    case BackupStart::Action::kLeave:
      return Status::Ok();  // a stopping server claims nothing more
    case BackupStart::Action::kClaim:
      break;
  }
  // The claim fails with a conflict if another writer got there first.
  auto claimed = d_.client.Update(api::BackupsGvr(), ns, start.claim);
  if (!claimed.ok() && claimed.status().code() == Code::kConflict) {
    // Someone else (another server, a user) changed it first: a normal outcome of an
    // optimistic claim. The change comes back as an event and is judged then.
    job.log.Debug("Backup claimed or changed by another writer",
                  {{"error", claimed.status().ToString()}});
    return Status::Ok();
  }
  if (!claimed.ok()) return claimed.status();
  d_.metrics.BackupAttempt(job.schedule);
  job.log.Info("Backup starting");
  return Run(job, *claimed);
}

Status BackupController::Run(const Job& job, const json& backup) {
  if (Status not_stored = CheckNotStored(job.name); !not_stored.ok()) return Fail(job, not_stored);
  auto staged = Stage(job);
  if (!staged.ok()) return Fail(job, staged.status());
  Result<BackupOutcome> outcome = RunEngine(job, backup, *staged);
  if (!outcome.ok()) return Fail(job, outcome.status());
  // The log is uploaded with the backup, and `ark backup logs` must find all of it there.
  if (Status closed = staged->log_sink->Close(); !closed.ok()) {
    return Fail(job, closed.Annotate("writing the backup log"));
  }

  const json final_status = FinalBackupStatus(*outcome, d_.store.sealing_key_id(), d_.clock.Now());
  const json metadata = StoredBackupMetadata(backup, final_status);
  std::error_code ec;
  const auto size = std::filesystem::file_size(staged->tarball.path(), ec);
  if (ec) return Fail(job, Internal("reading " + staged->tarball.path() + ": " + ec.message()));
  auto manifest = StageManifest(job, *staged, *outcome);
  if (!manifest.ok()) return Fail(job, manifest.status());
  Status put = Upload(job, *staged, *manifest, static_cast<int64_t>(size), metadata);
  if (!put.ok()) return Fail(job, put);  // the store's error names the backup and the bucket

  RecordMetrics(job, *outcome, static_cast<int64_t>(size));
  job.log.Info("Backup completed", {{"phase", final_status["phase"].get<std::string>()},
                                    {"items", std::to_string(outcome->items)}});
  Status finished = Finish(job, final_status);
  if (!finished.ok() || !WantsVerification(backup)) return finished;
  return RecordVerification(job);
}

Status BackupController::CheckNotStored(const std::string& name) {
  // Never overwrite a stored backup: another cluster's sharing the bucket, one whose Backup
  // was deleted with kubectl, or metadata planted in the bucket.
  Result<bool> stored = d_.store.BackupExists(name);
  if (!stored.ok()) {
    return std::move(stored).status().Annotate(
        "checking whether the backup is already in object storage");
  }
  if (*stored) return AlreadyExists("backup already exists in object storage");
  return Status::Ok();
}

Result<BackupController::Staged> BackupController::Stage(const Job& job) {
  const std::string prefix = TempPrefix(job.ns, job.name);
  auto tarball = TempFile::Create(d_.temp_dir, prefix, ".tar.gz");
  if (!tarball.ok()) return std::move(tarball).status().Annotate("staging the backup");
  auto log_file = TempFile::Create(d_.temp_dir, prefix, "-logs.gz");
  if (!log_file.ok()) return std::move(log_file).status().Annotate("creating the backup log");
  auto log_sink = d_.open_log(log_file->path());
  if (!log_sink.ok()) return std::move(log_sink).status().Annotate("creating the backup log");
  return Staged{std::move(*tarball), std::move(*log_file), std::move(*log_sink)};
}

Result<BackupOutcome> BackupController::RunEngine(const Job& job, const json& backup,
                                                  Staged& staged) {
  const Logger backup_log =
      Logger(*staged.log_sink, LogLevel::kInfo, d_.clock).With("backup", job.ns + "/" + job.name);
  // status.progress is written once a second while the backup runs, and no more once it
  // ended (the final status carries its own): the patcher stops when this returns.
  ProgressPatcher patcher(
      [&](int64_t done, int64_t total) {
        json patch = {{"status", {{"progress", {{"totalItems", total}, {"itemsBackedUp", done}}}}}};
        auto st = d_.client.Patch(api::BackupsGvr(), job.ns, job.name, kube::PatchType::kMerge,
                                  patch.dump());
        if (!st.ok()) job.log.Warn("Cannot record progress", {{"error", st.status().ToString()}});
      },
      std::chrono::seconds(1));
  ProgressFn progress = [&](int64_t done, int64_t total) { patcher.Report(done, total); };
  ARK_ASSIGN_OR_RETURN(auto sink, OpenFileSink(staged.tarball.path()));
  return d_.runner.Run(backup, *sink, backup_log, progress, d_.cancel);
}

Result<BackupController::StagedManifest> BackupController::StageManifest(
    const Job& job, const Staged& staged, const BackupOutcome& outcome) {
  // One more read of the staged files, uploaded before the metadata.
  auto file = TempFile::Create(d_.temp_dir, TempPrefix(job.ns, job.name), "-manifest.json.gz");
  if (!file.ok()) return std::move(file).status().Annotate("staging the manifest");
  ARK_ASSIGN_OR_RETURN(const int64_t size,
                       verify::StageManifest({job.name, outcome.volume_backups, d_.volume_provider},
                                             staged.tarball.path(), staged.log_file.path(),
                                             file->path(), d_.cancel));
  return StagedManifest{std::move(*file), size};
}

Status BackupController::Upload(const Job& job, const Staged& staged,
                                const StagedManifest& manifest, int64_t tarball_size,
                                const json& metadata) {
  ARK_ASSIGN_OR_RETURN(auto contents, OpenFileSource(staged.tarball.path()));
  ARK_ASSIGN_OR_RETURN(auto log_gz, OpenFileSource(staged.log_file.path()));
  ARK_ASSIGN_OR_RETURN(auto manifest_gz, OpenFileSource(manifest.file.path()));
  // A stop during the upload fails its next read; PutBackup then removes what it wrote.
  CancellableSource contents_read(*contents, d_.cancel);
  CancellableSource log_read(*log_gz, d_.cancel);
  CancellableSource manifest_read(*manifest_gz, d_.cancel);
  persistence::ManifestUpload manifest_upload{manifest_read, manifest.size};
  return d_.store.PutBackup(job.name, contents_read, tarball_size, log_read,
                            staged.log_sink->compressed_bytes(), metadata, &manifest_upload);
}

void BackupController::RecordMetrics(const Job& job, const BackupOutcome& outcome,
                                     int64_t tarball_size) {
  const double seconds = std::chrono::duration<double>(d_.clock.Now() - job.start).count();
  d_.metrics.BackupDuration(job.schedule, seconds);
  d_.metrics.BackupTarballSize(job.schedule, static_cast<double>(tarball_size));
  d_.metrics.BackupItems(job.schedule, static_cast<double>(outcome.items));
  if (PartiallyFailed(outcome)) {
    d_.metrics.BackupPartialFailure(job.schedule);
  } else {
    d_.metrics.BackupSuccess(job.schedule);
  }
}

Status BackupController::Fail(const Job& job, const Status& why) {
  job.log.Error("Backup failed", {{"error", why.ToString()}});
  d_.metrics.BackupFailure(job.schedule);
  return Finish(job, FailedBackupStatus(FailureReason(why, d_.cancel, "backup"), d_.clock.Now()));
}

Status BackupController::Finish(const Job& job, const json& status) {
  return WriteFinalStatus(d_.client, api::BackupsGvr(), job.ns, job.name, status, d_.clock,
                          FinalStatusBudget(d_.cancel, d_.clock));
}

Status BackupController::RecordVerification(const Job& job) {
  // After the final status, not before: a server stopped while verifying leaves a Completed
  // backup without a verification, never a finished backup marked Failed as an orphan.
  api::BackupVerificationSummary summary =
      VerifyNewBackup(d_.verify, job.name, d_.cancel, d_.clock);
  if (!summary.result.empty()) {
    d_.metrics.BackupVerification(summary.result == api::verification_result::kPassed);
  }
  job.log.Info("Backup verified", {{"result", summary.result.empty() ? "not run" : summary.result},
                                   {"problems", std::to_string(summary.problem_count)},
                                   {"message", summary.message}});
  json patch = {{"status", {{"verification", summary.ToJson()}}}};
  auto patched =
      d_.client.Patch(api::BackupsGvr(), job.ns, job.name, kube::PatchType::kMerge, patch.dump());
  if (!patched.ok()) {
    job.log.Warn("Cannot record the backup's verification",
                 {{"error", patched.status().ToString()}});
  }
  return Status::Ok();
}

}  // namespace ark::controller
