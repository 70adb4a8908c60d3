#include "controller/restore_controller.h"

#include <filesystem>
#include <optional>

#include "api/resources.h"
#include "api/validation.h"
#include "archive/gzip.h"
#include "archive/gzip_log_sink.h"
#include "controller/ark_objects.h"
#include "controller/final_status.h"
#include "controller/progress_patcher.h"
#include "util/json_access.h"
#include "util/temp_file.h"
#include "util/time_format.h"

namespace ark::controller {

using nlohmann::json;

std::vector<std::string> RestoreController::Validate(const json& restore,
                                                     bool has_volume_provider) {
  return api::ValidateRestore(restore, has_volume_provider);
}

Result<json> RestoreController::FetchBackup(const std::string& ns, const std::string& name) {
  auto cr = d_.client.Get(api::BackupsGvr(), ns, name);
  if (cr.ok()) {
    std::string phase = api::Phase(*cr);
    if (phase == "Completed" || phase == "PartiallyFailed") return cr;
  } else if (cr.status().code() != Code::kNotFound) {
    return cr.status();
  }
  return d_.store.GetBackup(name);
}

Status RestoreController::Sync(const std::string& key) {
  auto restore = d_.restores.Get(key);
  if (!restore) return Status::Ok();
  std::string phase = api::Phase(*restore);
  if (!phase.empty() && phase != "New") return Status::Ok();

  const std::string ns = api::Namespace(*restore);
  const std::string name = api::Name(*restore);
  const std::string backup_name = Str(Obj(*restore, "spec"), "backupName");
  Logger log = d_.log.With("restore", ns + "/" + name);
  const auto start = d_.clock.Now();

  auto errors = Validate(*restore, d_.has_volume_provider);
  if (errors.empty()) errors = d_.runner.Validate(*restore);
  json backup;
  if (errors.empty()) {
    auto fetched = FetchBackup(ns, backup_name);
    if (fetched.ok()) {
      backup = std::move(*fetched);
    } else if (fetched.status().code() == Code::kNotFound) {
      errors.push_back("Backup \"" + backup_name + "\" not found (neither as a Backup in " + ns +
                       " nor in object storage)");
    } else {
      return fetched.status();  // transient: retried
    }
  }
  if (!errors.empty()) {
    log.Info("Restore failed validation");
    d_.metrics.RestoreAttempt("");
    d_.metrics.RestoreValidationFailure("");
    return Finish(ns, name, {{"phase", "FailedValidation"}, {"validationErrors", errors}});
  }

  // A stopping server claims nothing more: the restore stays New for the next one.
  if (d_.cancel != nullptr && d_.cancel->cancelled()) return Status::Ok();
  json claimed_obj = *restore;
  claimed_obj["status"] = {{"phase", "InProgress"}, {"startTimestamp", FormatRfc3339(start)}};
  auto claimed = d_.client.Update(api::RestoresGvr(), ns, claimed_obj);
  if (!claimed.ok() && claimed.status().code() == Code::kConflict) {
    // Claimed or changed by another writer first: normal for an optimistic claim.
    log.Debug("Restore claimed or changed by another writer",
              {{"error", claimed.status().ToString()}});
    return Status::Ok();
  }
  if (!claimed.ok()) return claimed.status();
  const std::string schedule = Str(Obj(Obj(backup, "metadata"), "labels"), "ark-schedule");
  d_.metrics.RestoreAttempt(schedule);
  log.Info("Restore starting", {{"backup", backup_name}});

  auto fail = [&](const Status& why) {
    log.Error("Restore failed", {{"error", why.ToString()}});
    d_.metrics.RestoreFailure(schedule);
    return Finish(ns, name,
                  {{"phase", "Failed"},
                   {"failureReason", FailureReason(why, d_.cancel, "restore")},
                   {"completionTimestamp", FormatRfc3339(d_.clock.Now())}});
  };

  // Staged in the server's private folder under unpredictable names; the prefix is for people.
  const std::string temp_prefix = "restore-" + ns + "-" + name + "-";
  auto tarball = TempFile::Create(d_.temp_dir, temp_prefix, ".tar.gz");
  if (!tarball.ok()) return fail(std::move(tarball).status().Annotate("staging the backup"));
  {
    auto sink = OpenFileSink(tarball->path());
    if (!sink.ok()) return fail(sink.status());
    CancellableSink download(**sink, d_.cancel);
    Status got = d_.store.GetContents(backup_name, download);
    if (got.ok()) got = (*sink)->Close();
    if (!got.ok()) return fail(got.Annotate("downloading backup \"" + backup_name + "\""));
  }

  // The restore's log (a line per item) is gzipped into a file as the lines come: held in
  // memory, it would grow with the backup.
  auto log_file = TempFile::Create(d_.temp_dir, temp_prefix, "-logs.gz");
  if (!log_file.ok())
    return fail(std::move(log_file).status().Annotate("creating the restore log"));
  auto log_sink = d_.open_log(log_file->path());
  if (!log_sink.ok()) {
    return fail(std::move(log_sink).status().Annotate("creating the restore log"));
  }
  const Logger restore_log =
      Logger(**log_sink, LogLevel::kInfo, d_.clock).With("restore", ns + "/" + name);
  // status.progress is written once a second while the restore runs, and no more once it
  // ended (the final status carries its own).
  std::optional<ProgressPatcher> patcher;
  patcher.emplace(
      [&](int64_t done, int64_t total) {
        json patch = {{"status", {{"progress", {{"totalItems", total}, {"itemsRestored", done}}}}}};
        auto st =
            d_.client.Patch(api::RestoresGvr(), ns, name, kube::PatchType::kMerge, patch.dump());
        if (!st.ok()) log.Warn("Cannot record progress", {{"error", st.status().ToString()}});
      },
      std::chrono::seconds(1));
  Result<RestoreOutcome> outcome = [&]() -> Result<RestoreOutcome> {
    ARK_ASSIGN_OR_RETURN(auto source, OpenFileSource(tarball->path()));
    return d_.runner.Run(*claimed, backup, *source, restore_log, /*dry_run=*/false, d_.cancel,
                         [&](int64_t done, int64_t total) { patcher->Report(done, total); });
  }();
  patcher.reset();
  if (!outcome.ok()) return fail(outcome.status());

  // What the restore did to the cluster stands whatever happens to its log: a log that cannot
  // be written or uploaded is a warning in the server's log, not a failed restore.
  Status st = (*log_sink)->Close();
  if (!st.ok()) {
    log.Warn("Cannot write the restore log", {{"error", st.ToString()}});
  } else {
    auto log_gz = OpenFileSource(log_file->path());
    st = log_gz.ok()
             ? d_.store.PutRestoreLog(backup_name, name, **log_gz, (*log_sink)->compressed_bytes())
             : log_gz.status();
    if (!st.ok()) log.Warn("Cannot upload the restore log", {{"error", st.ToString()}});
  }
  json results = {{"warnings", outcome->warnings}, {"errors", outcome->errors}};
  std::string results_gz = archive::Gzip(results.dump());
  StringSource results_source(results_gz);
  st = d_.store.PutRestoreResults(backup_name, name, results_source,
                                  static_cast<int64_t>(results_gz.size()));
  if (!st.ok()) log.Warn("Cannot upload the restore results", {{"error", st.ToString()}});

  const int64_t nerrors = api::CountResult(outcome->errors);
  const int64_t nwarnings = api::CountResult(outcome->warnings);
  d_.metrics.RestoreDuration(schedule,
                             std::chrono::duration<double>(d_.clock.Now() - start).count());
  d_.metrics.RestoreItems(schedule, static_cast<double>(outcome->items));
  if (nerrors > 0) {
    d_.metrics.RestorePartialFailure(schedule);
  } else {
    d_.metrics.RestoreSuccess(schedule);
  }
  log.Info("Restore completed",
           {{"warnings", std::to_string(nwarnings)}, {"errors", std::to_string(nerrors)}});
  return Finish(ns, name,
                {{"phase", nerrors > 0 ? "PartiallyFailed" : "Completed"},
                 {"warnings", nwarnings},
                 {"errors", nerrors},
                 // Every item of the backup was handled: restored, found in place, skipped.
                 {"progress",
                  {{"totalItems", outcome->total_items}, {"itemsRestored", outcome->total_items}}},
                 {"resourceOrder", outcome->resource_order},
                 {"completionTimestamp", FormatRfc3339(d_.clock.Now())}});
}

Status RestoreController::Finish(const std::string& ns, const std::string& name,
                                 const json& status) {
  return WriteFinalStatus(d_.client, api::RestoresGvr(), ns, name, status, d_.clock,
                          FinalStatusBudget(d_.cancel, d_.clock));
}

}  // namespace ark::controller
