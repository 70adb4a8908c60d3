#include "controller/restore_controller.h"

#include <optional>

#include "api/resources.h"
#include "api/validation.h"
#include "archive/gzip.h"
#include "archive/gzip_log_sink.h"
#include "controller/backup_decisions.h"
#include "controller/final_status.h"
#include "controller/progress_patcher.h"
#include "controller/restore_decisions.h"
#include "util/json_access.h"

namespace ark::controller {

using nlohmann::json;

struct RestoreController::StagedLog {
  TempFile file;
  // The restore's log (a line per item), gzipped into `file` as the lines come: held in
  // memory, it would grow with the backup.
  std::unique_ptr<archive::GzipLogSink> sink;
};

namespace {

// Staged files go into the server's private folder under unpredictable names; this prefix of
// their names is for people.
std::string TempPrefix(const std::string& ns, const std::string& name) {
  return "restore-" + ns + "-" + name + "-";
}

}  // namespace

std::vector<std::string> RestoreController::Validate(const json& restore,
                                                     bool has_volume_provider) {
  return api::ValidateRestore(restore, has_volume_provider);
}

Result<json> RestoreController::FetchBackup(const std::string& ns, const std::string& name) {
  auto cr = d_.client.Get(api::BackupsGvr(), ns, name);
  switch (WhereToReadBackup(cr)) {
    case BackupSource::kCluster:
      return cr;
    case BackupSource::kRetry:
      return cr.status();
    case BackupSource::kObjectStorage:
      break;
  }
  return d_.store.GetBackup(name);
}

Status RestoreController::Sync(const std::string& key) {
  auto restore = d_.restores.Get(key);
  if (!restore) return Status::Ok();  // deleted since it was queued
  if (!IsUnclaimedRestore(*restore)) return Status::Ok();
  return Start(*restore);
}

Status RestoreController::Start(const json& restore) {
  const std::string ns = api::Namespace(restore);
  const std::string name = api::Name(restore);
  Job job{ns,
          name,
          Str(Obj(restore, "spec"), "backupName"),
          /*schedule=*/"",
          d_.log.With("restore", ns + "/" + name),
          d_.clock.Now()};

  auto errors = Validate(restore, d_.has_volume_provider);
  if (errors.empty()) errors = d_.runner.Validate(restore);
  // Only a valid restore's backup is looked up.
  std::optional<Result<json>> backup;
  if (errors.empty()) backup.emplace(FetchBackup(ns, job.backup_name));
  const bool stopping = d_.cancel != nullptr && d_.cancel->cancelled();
  const RestoreStart start = DecideRestoreStart(restore, std::move(errors),
                                                backup ? &*backup : nullptr, stopping, job.start);
  switch (start.action) {
    case RestoreStart::Action::kRetry:
      return start.error;  // transient: retried
    case RestoreStart::Action::kFailValidation:
      job.log.Info("Restore failed validation");
      d_.metrics.RestoreAttempt("");
      d_.metrics.RestoreValidationFailure("");
      return Finish(job, start.status);
    case RestoreStart::Action::kLeave:
      return Status::Ok();  // a stopping server claims nothing more
    case RestoreStart::Action::kClaim:
      break;
  }
  auto claimed = d_.client.Update(api::RestoresGvr(), ns, start.claim);
  if (!claimed.ok() && claimed.status().code() == Code::kConflict) {
    // Claimed or changed by another writer first: normal for an optimistic claim.
    job.log.Debug("Restore claimed or changed by another writer",
                  {{"error", claimed.status().ToString()}});
    return Status::Ok();
  }
  if (!claimed.ok()) return claimed.status();
  const json& found = **backup;  // a claimed restore's backup was found
  job.schedule = ScheduleOf(found);
  d_.metrics.RestoreAttempt(job.schedule);
  job.log.Info("Restore starting", {{"backup", job.backup_name}});
  return Run(job, *claimed, found);
}

Status RestoreController::Run(const Job& job, const json& restore, const json& backup) {
  // The log is staged first, so a restore that fails from then on (the tarball cannot be
  // downloaded or read) still leaves a log saying why.
  auto log = StageLog(job);
  if (!log.ok()) return Fail(job, log.status());
  auto tarball = Download(job);
  if (!tarball.ok()) return FailWithLog(job, *log, tarball.status());
  Result<RestoreOutcome> outcome = RunEngine(job, restore, backup, *tarball, *log->sink);
  if (!outcome.ok()) return FailWithLog(job, *log, outcome.status());

  // What the restore did to the cluster stands whatever happens to its log and results: one
  // that cannot be written or uploaded is a warning in the server's log, not a failed restore.
  UploadLog(job, *log);
  UploadResults(job, *outcome);
  RecordMetrics(job, *outcome);
  job.log.Info("Restore completed",
               {{"warnings", std::to_string(api::CountResult(outcome->warnings))},
                {"errors", std::to_string(api::CountResult(outcome->errors))}});
  return Finish(job, FinalRestoreStatus(*outcome, d_.clock.Now()));
}

Result<TempFile> RestoreController::Download(const Job& job) {
  auto tarball = TempFile::Create(d_.temp_dir, TempPrefix(job.ns, job.name), ".tar.gz");
  if (!tarball.ok()) return std::move(tarball).status().Annotate("staging the backup");
  ARK_ASSIGN_OR_RETURN(auto sink, OpenFileSink(tarball->path()));
  CancellableSink download(*sink, d_.cancel);
  Status got = d_.store.GetContents(job.backup_name, download);
  if (got.ok()) got = sink->Close();
  if (!got.ok()) return got.Annotate("downloading backup \"" + job.backup_name + "\"");
  return std::move(*tarball);
}

Result<RestoreController::StagedLog> RestoreController::StageLog(const Job& job) {
  auto file = TempFile::Create(d_.temp_dir, TempPrefix(job.ns, job.name), "-logs.gz");
  if (!file.ok()) return std::move(file).status().Annotate("creating the restore log");
  auto sink = d_.open_log(file->path());
  if (!sink.ok()) return std::move(sink).status().Annotate("creating the restore log");
  return StagedLog{std::move(*file), std::move(*sink)};
}

Result<RestoreOutcome> RestoreController::RunEngine(const Job& job, const json& restore,
                                                    const json& backup, const TempFile& tarball,
                                                    archive::GzipLogSink& log_sink) {
  const Logger restore_log =
      Logger(log_sink, LogLevel::kInfo, d_.clock).With("restore", job.ns + "/" + job.name);
  // status.progress is written once a second while the restore runs, and no more once it
  // ended (the final status carries its own): the patcher stops when this returns.
  ProgressPatcher patcher(
      [&](int64_t done, int64_t total) {
        json patch = {{"status", {{"progress", {{"totalItems", total}, {"itemsRestored", done}}}}}};
        auto st = d_.client.Patch(api::RestoresGvr(), job.ns, job.name, kube::PatchType::kMerge,
                                  patch.dump());
        if (!st.ok()) job.log.Warn("Cannot record progress", {{"error", st.status().ToString()}});
      },
      std::chrono::seconds(1));
  ARK_ASSIGN_OR_RETURN(auto source, OpenFileSource(tarball.path()));
  return d_.runner.Run(restore, backup, *source, restore_log, /*dry_run=*/false, d_.cancel,
                       [&](int64_t done, int64_t total) { patcher.Report(done, total); });
}

void RestoreController::UploadLog(const Job& job, StagedLog& log) {
  if (Status closed = log.sink->Close(); !closed.ok()) {
    job.log.Warn("Cannot write the restore log", {{"error", closed.ToString()}});
    return;
  }
  auto log_gz = OpenFileSource(log.file.path());
  Status st = log_gz.ok() ? d_.store.PutRestoreLog(job.backup_name, job.name, **log_gz,
                                                   log.sink->compressed_bytes())
                          : log_gz.status();
  if (!st.ok()) job.log.Warn("Cannot upload the restore log", {{"error", st.ToString()}});
}

void RestoreController::UploadResults(const Job& job, const RestoreOutcome& outcome) {
  std::string results_gz = archive::Gzip(RestoreResults(outcome).dump());
  StringSource results_source(results_gz);
  Status st = d_.store.PutRestoreResults(job.backup_name, job.name, results_source,
                                         static_cast<int64_t>(results_gz.size()));
  if (!st.ok()) job.log.Warn("Cannot upload the restore results", {{"error", st.ToString()}});
}

void RestoreController::RecordMetrics(const Job& job, const RestoreOutcome& outcome) {
  d_.metrics.RestoreDuration(job.schedule,
                             std::chrono::duration<double>(d_.clock.Now() - job.start).count());
  d_.metrics.RestoreItems(job.schedule, static_cast<double>(outcome.items));
  if (PartiallyFailed(outcome)) {
    d_.metrics.RestorePartialFailure(job.schedule);
  } else {
    d_.metrics.RestoreSuccess(job.schedule);
  }
}

Status RestoreController::Fail(const Job& job, const Status& why) {
  job.log.Error("Restore failed", {{"error", why.ToString()}});
  d_.metrics.RestoreFailure(job.schedule);
  return Finish(job, FailedRestoreStatus(FailureReason(why, d_.cancel, "restore"), d_.clock.Now()));
}

Status RestoreController::FailWithLog(const Job& job, StagedLog& log, const Status& why) {
  const std::string reason = FailureReason(why, d_.cancel, "restore");
  // A stopping server has no time to spare for uploads; the reason is in the status.
  if (d_.cancel == nullptr || !d_.cancel->cancelled()) {
    Logger(*log.sink, LogLevel::kInfo, d_.clock)
        .With("restore", job.ns + "/" + job.name)
        .Error("Restore failed", {{"error", reason}});
    UploadLog(job, log);
    RestoreOutcome failed;
    failed.errors = {{"ark", {reason}}};
    UploadResults(job, failed);
  }
  job.log.Error("Restore failed", {{"error", why.ToString()}});
  d_.metrics.RestoreFailure(job.schedule);
  json status = FailedRestoreStatus(reason, d_.clock.Now());
  status["errors"] = 1;  // the reason, in the uploaded results
  return Finish(job, status);
}

Status RestoreController::Finish(const Job& job, const json& status) {
  return WriteFinalStatus(d_.client, api::RestoresGvr(), job.ns, job.name, status, d_.clock,
                          FinalStatusBudget(d_.cancel, d_.clock));
}

}  // namespace ark::controller
