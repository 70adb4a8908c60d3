#include "controller/backup_verification_controller.h"

#include "api/resources.h"
#include "api/validation.h"
#include "controller/ark_objects.h"
#include "util/byte_stream.h"
#include "util/json_access.h"
#include "util/temp_file.h"
#include "util/time_format.h"

namespace ark::controller {

using nlohmann::json;
namespace phase = api::verification_phase;

Status BackupVerificationController::Sync(const std::string& key) {
  auto object = d_.requests.Get(key);
  if (!object) return Status::Ok();
  const std::string ns = api::Namespace(*object);
  const std::string name = api::Name(*object);
  const Logger log = d_.log.With("backupVerification", key);

  auto parsed = api::BackupVerification::FromJson(*object);
  if (!parsed.ok()) {
    // A request nobody can read still gets an answer, so whoever waits for it stops, and
    // goes away like the others.
    const std::string current = api::Phase(*object);
    if (!current.empty() && current != phase::kNew) {
      auto done = ParseRfc3339(Str(Obj(*object, "status"), "completionTimestamp"));
      if (done.ok() && *done + d_.keep_for > d_.clock.Now()) return Status::Ok();
      Status st = d_.client.Delete(api::BackupVerificationsGvr(), ns, name);
      return st.code() == Code::kNotFound ? Status::Ok() : st;
    }
    api::BackupVerification answer;
    answer.phase = phase::kFailed;
    answer.message = parsed.status().message();
    return UpdateWithRetry(d_.client, api::BackupVerificationsGvr(), ns, name,
                           [&](json& r) {
                             answer.completion_timestamp = d_.clock.Now();
                             r["status"] = answer.ToJson()["status"];
                           })
        .status();
  }
  api::BackupVerification request = std::move(*parsed);

  switch (NextStep(request, d_.clock.Now(), d_.keep_for)) {
    case VerificationStep::kWait:
      return Status::Ok();
    case VerificationStep::kDelete: {
      Status st = d_.client.Delete(api::BackupVerificationsGvr(), ns, name);
      if (!st.ok() && st.code() != Code::kNotFound) return st;
      log.Info("Deleted finished backup verification");
      return Status::Ok();
    }
    case VerificationStep::kRun:
      break;
  }
  if (d_.cancel != nullptr && d_.cancel->cancelled()) return Status::Ok();

  // Claim it: the update fails with a conflict if another writer got there first.
  request.phase = phase::kInProgress;
  request.start_timestamp = d_.clock.Now();
  auto claimed = d_.client.Update(api::BackupVerificationsGvr(), ns, request.ToJson());
  if (!claimed.ok() && claimed.status().code() == Code::kConflict) {
    log.Debug("Backup verification claimed or changed by another writer");
    return Status::Ok();
  }
  if (!claimed.ok()) return claimed.status();
  request.raw = *claimed;

  log.Info("Backup verification starting", {{"backup", request.backup_name}});
  Verify(request, log);
  request.completion_timestamp = d_.clock.Now();
  if (request.phase == phase::kCompleted) {
    d_.metrics.BackupVerification(request.result == api::verification_result::kPassed);
  }
  log.Info("Backup verification finished", {{"phase", request.phase},
                                            {"result", request.result},
                                            {"problems", std::to_string(request.problem_count)},
                                            {"message", request.message}});
  return WriteStatus(request);
}

void BackupVerificationController::Verify(api::BackupVerification& request, const Logger& log) {
  auto fail = [&](const std::string& why) {
    request.phase = phase::kFailed;
    request.message = why;
  };
  std::vector<std::string> invalid = api::ValidateBackupVerification(request);
  if (!invalid.empty()) {
    std::string all;
    for (const auto& e : invalid) all += (all.empty() ? "" : "; ") + e;
    return fail("invalid request: " + all);
  }
  Result<bool> stored = d_.store.BackupExists(request.backup_name);
  if (!stored.ok()) {
    return fail("cannot look for backup \"" + request.backup_name +
                "\" in object storage: " + stored.status().ToString());
  }
  if (!*stored) return fail("backup \"" + request.backup_name + "\" not found in object storage");
  if (!d_.verify) return fail("this server cannot verify backups");

  verify::VerifyOptions options;
  options.deep = request.deep;
  auto report = d_.verify(request.backup_name, options, d_.cancel);
  if (!report.ok()) {
    return fail("the verification could not run: " + report.status().ToString());
  }
  ApplyReport(*report, request);
  if (!request.against_cluster) return;
  auto check = CheckAgainstCluster(request);
  if (!check.ok()) {
    log.Warn("Restore dry run against the cluster failed", {{"error", check.status().ToString()}});
    return fail("the restore dry run against the cluster could not run: " +
                check.status().ToString());
  }
  ApplyClusterCheck(std::move(*check), request);
}

Result<api::ClusterCheck> BackupVerificationController::CheckAgainstCluster(
    const api::BackupVerification& request) {
  if (d_.restore == nullptr) return FailedPrecondition("this server runs no restores");
  const std::string ns = request.metadata.ns;
  json backup;
  auto cr = d_.client.Get(api::BackupsGvr(), ns, request.backup_name);
  if (cr.ok()) {
    backup = std::move(*cr);
  } else if (cr.status().code() == Code::kNotFound) {
    ARK_ASSIGN_OR_RETURN(backup, d_.store.GetBackup(request.backup_name));
  } else {
    return cr.status();
  }
  // The whole backup, as a restore with no filters would take it.
  json restore = {{"apiVersion", "ark.heptio.com/v1"},
                  {"kind", "Restore"},
                  {"metadata", {{"name", request.metadata.name}, {"namespace", ns}}},
                  {"spec", {{"backupName", request.backup_name}, {"includedNamespaces", {"*"}}}}};
  // Staged in the server's private folder: the contents grow with the cluster.
  ARK_ASSIGN_OR_RETURN(
      TempFile tarball,
      TempFile::Create(d_.temp_dir, "verify-" + request.backup_name + "-", ".tar.gz"));
  {
    ARK_ASSIGN_OR_RETURN(auto sink, OpenFileSink(tarball.path()));
    ARK_RETURN_IF_ERROR(d_.store.GetContents(request.backup_name, *sink));
    ARK_RETURN_IF_ERROR(sink->Close());
  }
  ARK_ASSIGN_OR_RETURN(auto source, OpenFileSource(tarball.path()));
  // The engine's line per object is not kept: the summary says what matters.
  DiscardSink discard;
  Logger engine_log(discard, LogLevel::kInfo, d_.clock);
  ARK_ASSIGN_OR_RETURN(RestoreOutcome outcome,
                       d_.restore->Run(restore, backup, *source, engine_log, /*dry_run=*/true,
                                       d_.cancel, /*progress=*/nullptr));
  return SummarizeDryRun(outcome.plan);
}

Status BackupVerificationController::WriteStatus(const api::BackupVerification& request) {
  const json status = request.ToJson()["status"];
  return UpdateWithRetry(d_.client, api::BackupVerificationsGvr(), request.metadata.ns,
                         request.metadata.name, [&](json& r) { r["status"] = status; })
      .status();
}

}  // namespace ark::controller
