#include "controller/backup_controller.h"

#include <filesystem>
#include <mutex>
#include <optional>

#include "api/defaults.h"
#include "api/resources.h"
#include "api/validation.h"
#include "archive/gzip_log_sink.h"
#include "controller/ark_objects.h"
#include "controller/final_status.h"
#include "controller/progress_patcher.h"
#include "util/duration.h"
#include "util/json_access.h"
#include "util/temp_file.h"
#include "util/time_format.h"
#include "verify/manifest_builder.h"

namespace ark::controller {

using nlohmann::json;

namespace {

bool WantsVerification(const json& backup) {
  const json& spec = Obj(backup, "spec");
  auto it = spec.find("verify");
  return it != spec.end() && it->is_boolean() && it->get<bool>();
}

std::string ScheduleOf(const json& backup) {
  const json& labels = Obj(Obj(backup, "metadata"), "labels");
  auto it = labels.find("ark-schedule");
  return it != labels.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

std::vector<std::string> BackupController::Validate(const json& backup, bool has_volume_provider) {
  return api::ValidateBackup(backup, has_volume_provider);
}

Status BackupController::Sync(const std::string& key) {
  auto backup = d_.backups.Get(key);
  if (!backup) return Status::Ok();  // deleted since it was queued
  std::string phase = api::Phase(*backup);
  if (!phase.empty() && phase != "New") return Status::Ok();
  return Process(std::move(*backup));
}

Status BackupController::Finish(const std::string& ns, const std::string& name,
                                const json& status) {
  return WriteFinalStatus(d_.client, api::BackupsGvr(), ns, name, status, d_.clock,
                          FinalStatusBudget(d_.cancel, d_.clock));
}

Status BackupController::Process(json backup) {
  const std::string ns = api::Namespace(backup);
  const std::string name = api::Name(backup);
  const std::string schedule = ScheduleOf(backup);
  Logger log = d_.log.With("backup", ns + "/" + name);
  const auto start = d_.clock.Now();

  json status = json::object();
  status["version"] = 1;
  // An unset or zero ttl means the default (api/defaults.h), as `ark backup create` writes
  // it; so does an invalid one, which fails validation below and still expires in time.
  auto ttl = ParseDuration(Str(Obj(backup, "spec"), "ttl"));
  const std::chrono::nanoseconds keep =
      ttl.ok() && ttl->count() > 0 ? *ttl : std::chrono::nanoseconds(api::kDefaultBackupTtl);
  status["expiration"] =
      FormatRfc3339(start + std::chrono::duration_cast<Clock::TimePoint::duration>(keep));

  auto errors = Validate(backup, d_.has_volume_provider);
  if (errors.empty()) errors = d_.runner.Validate(backup);
  if (!errors.empty()) {
    log.Info("Backup failed validation", {{"errors", std::to_string(errors.size())}});
    status["phase"] = "FailedValidation";
    status["validationErrors"] = errors;
    d_.metrics.BackupAttempt(schedule);
    d_.metrics.BackupFailure(schedule);
    return Finish(ns, name, status);
  }

  // A stopping server claims nothing more: the backup stays New for the next one.
  if (d_.cancel != nullptr && d_.cancel->cancelled()) return Status::Ok();
  // Claim the backup: the update fails with a conflict if another writer got there first.
  backup["status"] = Obj(backup, "status");
  backup["status"].update(status);
  backup["status"]["phase"] = "InProgress";
  backup["status"]["startTimestamp"] = FormatRfc3339(start);
  auto claimed = d_.client.Update(api::BackupsGvr(), ns, backup);
  if (!claimed.ok() && claimed.status().code() == Code::kConflict) {
    // Someone else (another server, a user) changed it first: a normal outcome of an
    // optimistic claim. The change comes back as an event and is judged then.
    log.Debug("Backup claimed or changed by another writer",
              {{"error", claimed.status().ToString()}});
    return Status::Ok();
  }
  if (!claimed.ok()) return claimed.status();
  backup = std::move(*claimed);
  d_.metrics.BackupAttempt(schedule);
  log.Info("Backup starting");

  // status.progress is written once a second while the backup runs, and no more once it
  // ended (the final status carries its own).
  std::optional<ProgressPatcher> patcher;
  patcher.emplace(
      [&](int64_t done, int64_t total) {
        json patch = {{"status", {{"progress", {{"totalItems", total}, {"itemsBackedUp", done}}}}}};
        auto st =
            d_.client.Patch(api::BackupsGvr(), ns, name, kube::PatchType::kMerge, patch.dump());
        if (!st.ok()) log.Warn("Cannot record progress", {{"error", st.status().ToString()}});
      },
      std::chrono::seconds(1));
  ProgressFn progress = [&](int64_t done, int64_t total) { patcher->Report(done, total); };

  auto fail = [&](const Status& why) {
    log.Error("Backup failed", {{"error", why.ToString()}});
    d_.metrics.BackupFailure(schedule);
    json s = {{"phase", "Failed"},
              {"failureReason", FailureReason(why, d_.cancel, "backup")},
              {"completionTimestamp", FormatRfc3339(d_.clock.Now())}};
    return Finish(ns, name, s);
  };

  // Never overwrite a stored backup: another cluster's sharing the bucket, one whose Backup
  // was deleted with kubectl, or metadata planted in the bucket.
  Result<bool> stored = d_.store.BackupExists(name);
  if (!stored.ok()) {
    return fail(std::move(stored).status().Annotate(
        "checking whether the backup is already in object storage"));
  }
  if (*stored) return fail(AlreadyExists("backup already exists in object storage"));

  // Staged in the server's private folder under unpredictable names; the prefix is for people.
  const std::string temp_prefix = "backup-" + ns + "-" + name + "-";
  auto tarball = TempFile::Create(d_.temp_dir, temp_prefix, ".tar.gz");
  if (!tarball.ok()) return fail(std::move(tarball).status().Annotate("staging the backup"));
  // The backup's log (a line per item) is gzipped into a file as the lines come: held in
  // memory, it would grow with the cluster.
  auto log_file = TempFile::Create(d_.temp_dir, temp_prefix, "-logs.gz");
  if (!log_file.ok()) return fail(std::move(log_file).status().Annotate("creating the backup log"));
  auto log_sink = d_.open_log(log_file->path());
  if (!log_sink.ok()) {
    return fail(std::move(log_sink).status().Annotate("creating the backup log"));
  }
  const Logger backup_log =
      Logger(**log_sink, LogLevel::kInfo, d_.clock).With("backup", ns + "/" + name);
  Result<BackupOutcome> outcome = [&]() -> Result<BackupOutcome> {
    ARK_ASSIGN_OR_RETURN(auto sink, OpenFileSink(tarball->path()));
    return d_.runner.Run(backup, *sink, backup_log, progress, d_.cancel);
  }();
  patcher.reset();
  if (!outcome.ok()) return fail(outcome.status());
  // The log is uploaded with the backup, and `ark backup logs` must find all of it there.
  if (Status closed = (*log_sink)->Close(); !closed.ok()) {
    return fail(closed.Annotate("writing the backup log"));
  }

  const bool partial = outcome->errors > 0;
  json final_status = {
      {"phase", partial ? "PartiallyFailed" : "Completed"},
      {"volumeBackups", outcome->volume_backups},
      {"warnings", outcome->warnings},
      {"errors", outcome->errors},
      {"progress", {{"totalItems", outcome->items}, {"itemsBackedUp", outcome->items}}},
      {"completionTimestamp", FormatRfc3339(d_.clock.Now())},
  };
  // How the stored files are sealed (BackupStore stamps the same into the metadata).
  if (const std::string key_id = d_.store.sealing_key_id(); !key_id.empty()) {
    final_status["encryption"] = {{"algorithm", "AES-256-GCM"}, {"keyID", key_id}};
  }
  json metadata = backup;
  metadata["status"].update(final_status);
  for (const char* field : {"resourceVersion", "uid", "managedFields"}) {
    metadata["metadata"].erase(field);
  }
  if (Str(metadata, "kind").empty()) metadata["kind"] = "Backup";
  if (Str(metadata, "apiVersion").empty()) metadata["apiVersion"] = "ark.heptio.com/v1";

  std::error_code ec;
  auto size = std::filesystem::file_size(tarball->path(), ec);
  if (ec) return fail(Internal("reading " + tarball->path() + ": " + ec.message()));
  // The integrity manifest: one more read of the staged files, uploaded before the metadata.
  auto manifest_file = TempFile::Create(d_.temp_dir, temp_prefix, "-manifest.json.gz");
  if (!manifest_file.ok())
    return fail(std::move(manifest_file).status().Annotate("staging the manifest"));
  auto manifest_size =
      verify::StageManifest({name, outcome->volume_backups, d_.volume_provider}, tarball->path(),
                            log_file->path(), manifest_file->path(), d_.cancel);
  if (!manifest_size.ok()) return fail(manifest_size.status());
  {
    auto contents = OpenFileSource(tarball->path());
    if (!contents.ok()) return fail(contents.status());
    auto log_gz = OpenFileSource(log_file->path());
    if (!log_gz.ok()) return fail(log_gz.status());
    auto manifest_gz = OpenFileSource(manifest_file->path());
    if (!manifest_gz.ok()) return fail(manifest_gz.status());
    // A stop during the upload fails its next read; PutBackup then removes what it wrote.
    CancellableSource contents_read(**contents, d_.cancel);
    CancellableSource log_read(**log_gz, d_.cancel);
    CancellableSource manifest_read(**manifest_gz, d_.cancel);
    persistence::ManifestUpload manifest{manifest_read, *manifest_size};
    Status put = d_.store.PutBackup(name, contents_read, static_cast<int64_t>(size), log_read,
                                    (*log_sink)->compressed_bytes(), metadata, &manifest);
    if (!put.ok()) return fail(put);  // the store's error names the backup and the bucket
  }

  const double seconds = std::chrono::duration<double>(d_.clock.Now() - start).count();
  d_.metrics.BackupDuration(schedule, seconds);
  d_.metrics.BackupTarballSize(schedule, static_cast<double>(size));
  d_.metrics.BackupItems(schedule, static_cast<double>(outcome->items));
  if (partial) {
    d_.metrics.BackupPartialFailure(schedule);
  } else {
    d_.metrics.BackupSuccess(schedule);
  }
  log.Info("Backup completed", {{"phase", final_status["phase"].get<std::string>()},
                                {"items", std::to_string(outcome->items)}});
  Status finished = Finish(ns, name, final_status);
  if (!finished.ok() || !WantsVerification(backup)) return finished;
  return RecordVerification(ns, name, log);
}

Status BackupController::RecordVerification(const std::string& ns, const std::string& name,
                                            const Logger& log) {
  // After the final status, not before: a server stopped while verifying leaves a Completed
  // backup without a verification, never a finished backup marked Failed as an orphan.
  api::BackupVerificationSummary summary = VerifyNewBackup(d_.verify, name, d_.cancel, d_.clock);
  if (!summary.result.empty()) {
    d_.metrics.BackupVerification(summary.result == api::verification_result::kPassed);
  }
  log.Info("Backup verified", {{"result", summary.result.empty() ? "not run" : summary.result},
                               {"problems", std::to_string(summary.problem_count)},
                               {"message", summary.message}});
  json patch = {{"status", {{"verification", summary.ToJson()}}}};
  auto patched =
      d_.client.Patch(api::BackupsGvr(), ns, name, kube::PatchType::kMerge, patch.dump());
  if (!patched.ok()) {
    log.Warn("Cannot record the backup's verification", {{"error", patched.status().ToString()}});
  }
  return Status::Ok();
}

}  // namespace ark::controller
