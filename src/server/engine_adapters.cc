#include "server/engine_adapters.h"

#include "api/backup.h"
#include "api/restore.h"
#include "archive/tarball_writer.h"
#include "backup/backup_engine.h"
#include "backup/backup_request.h"
#include "backup/request_from_backup.h"
#include "restore/request_from_restore.h"
#include "restore/restore_engine.h"
#include "restore/restore_request.h"

namespace ark::server {

using nlohmann::json;

namespace {

// The engine's request for a Backup CR. InvalidArgument names the object and the field.
Result<backup::BackupRequest> BackupRequestFor(const json& backup_cr) {
  ARK_ASSIGN_OR_RETURN(api::Backup backup, api::Backup::FromJson(backup_cr));
  return backup::RequestFromBackup(backup);
}

class EngineBackupRunner final : public controller::BackupRunner {
 public:
  EngineBackupRunner(kube::DynamicClient& client, kube::Discovery& discovery,
                     cloud::BlockStore* block_store, kube::PodExecutor* pod_executor)
      : client_(client),
        discovery_(discovery),
        block_store_(block_store),
        pod_executor_(pod_executor) {}

  std::vector<std::string> Validate(const json& backup) override {
    auto request = BackupRequestFor(backup);
    if (!request.ok()) return {request.status().message()};
    return backup::BackupEngine(client_, discovery_, block_store_, pod_executor_, {})
        .Validate(*request);
  }

  Result<controller::BackupOutcome> Run(const json& backup, ByteSink& tarball, const Logger& log,
                                        const controller::ProgressFn& progress,
                                        const CancelToken* cancel) override {
    ARK_ASSIGN_OR_RETURN(auto request, BackupRequestFor(backup));
    // A backup takes what the cluster serves now: a CRD created since the server last looked
    // (since it started, say) must have its objects in it.
    discovery_.Invalidate();
    ARK_ASSIGN_OR_RETURN(auto writer, archive::NewTarballWriter(tarball));
    // An engine runs one backup at a time; each backup gets its own.
    backup::BackupOptions options;
    options.cancel = cancel;
    backup::BackupEngine engine(client_, discovery_, block_store_, pod_executor_, options);
    auto outcome = engine.Run(request, *writer, log, [&](const backup::BackupProgress& p) {
      if (progress) progress(p.items_done, p.items_total_estimate);
    });
    Status closed = writer->Close();
    if (!outcome.ok()) return outcome.status();
    ARK_RETURN_IF_ERROR(closed);
    if (outcome->phase == backup::BackupPhase::kFailedValidation) {
      std::string all;
      for (const auto& e : outcome->validation_errors) all += (all.empty() ? "" : "; ") + e;
      return InvalidArgument("backup failed validation: " + all);
    }
    controller::BackupOutcome out;
    out.items = outcome->items_backed_up;
    out.errors = static_cast<int64_t>(outcome->errors.size());
    if (out.errors == 0) out.errors = outcome->items_failed + outcome->resources_failed;
    out.warnings = static_cast<int64_t>(outcome->warnings.size());
    out.volume_backups = outcome->volume_backups;
    // The engine logged each error and warning where it arose, with the item's fields.
    return out;
  }

 private:
  kube::DynamicClient& client_;
  kube::Discovery& discovery_;
  cloud::BlockStore* block_store_;
  kube::PodExecutor* pod_executor_;
};

// The engine's request for a Restore CR, with the Config's priorities. InvalidArgument names
// the field.
Result<restore::RestoreRequest> RequestFor(const json& restore_cr,
                                           const std::vector<std::string>& priorities) {
  ARK_ASSIGN_OR_RETURN(api::Restore restore, api::Restore::FromJson(restore_cr));
  ARK_ASSIGN_OR_RETURN(restore::RestoreRequest request, restore::RequestFromRestore(restore));
  request.resource_priorities = priorities;
  return request;
}

json ToRestoreResult(const restore::Messages& m) {
  json j = {{"ark", m.ark}, {"cluster", m.cluster}, {"namespaces", json::object()}};
  for (const auto& [ns, list] : m.namespaces) j["namespaces"][ns] = list;
  return j;
}

class EngineRestoreRunner final : public controller::RestoreRunner {
 public:
  EngineRestoreRunner(kube::DynamicClient& client, kube::Discovery& discovery,
                      cloud::BlockStore* block_store, std::vector<std::string> priorities,
                      std::string work_dir, int64_t max_bytes_in_flight)
      : client_(client),
        discovery_(discovery),
        block_store_(block_store),
        priorities_(std::move(priorities)),
        work_dir_(std::move(work_dir)),
        max_bytes_in_flight_(max_bytes_in_flight) {}

  std::vector<std::string> Validate(const json& restore) override {
    auto request = RequestFor(restore, priorities_);
    if (!request.ok()) return {request.status().message()};
    return restore::ValidateRestoreRequest(*request);
  }

  Result<controller::RestoreOutcome> Run(const json& restore, const json& backup,
                                         ByteSource& tarball, const Logger& log, bool dry_run,
                                         const CancelToken* cancel,
                                         const controller::ProgressFn& progress) override {
    ARK_ASSIGN_OR_RETURN(auto request, RequestFor(restore, priorities_));
    request.dry_run = dry_run;
    // A dry run judges the cluster as it is now: a CRD deleted or added since the server last
    // looked must count.
    if (dry_run) discovery_.Invalidate();
    // An engine runs one restore at a time; each restore gets its own.
    restore::EngineOptions options;
    options.work_dir = work_dir_;
    options.max_bytes_in_flight = max_bytes_in_flight_;
    options.cancel = cancel;
    restore::RestoreEngine engine(client_, discovery_, block_store_, options);
    restore::ProgressFn report;
    if (progress) {
      report = [&progress](const restore::RestoreProgress& p) {
        progress(p.items_processed, p.total_items);
      };
    }
    ARK_ASSIGN_OR_RETURN(auto outcome, engine.Run(request, tarball, backup, log, report));
    if (outcome.phase == restore::Phase::kFailed) return Internal(outcome.failure_reason);
    controller::RestoreOutcome out;
    out.warnings = ToRestoreResult(outcome.warnings);
    out.errors = ToRestoreResult(outcome.errors);
    out.items = outcome.counts.created + outcome.counts.updated;
    out.total_items = outcome.counts.archive_items;
    out.resource_order = outcome.resource_order;
    for (const auto& p : outcome.plan) out.plan.push_back(restore::PlanLine(p));
    return out;
  }

 private:
  kube::DynamicClient& client_;
  kube::Discovery& discovery_;
  cloud::BlockStore* block_store_;
  std::vector<std::string> priorities_;
  std::string work_dir_;
  int64_t max_bytes_in_flight_;
};

}  // namespace

std::unique_ptr<controller::BackupRunner> NewEngineBackupRunner(kube::DynamicClient& client,
                                                                kube::Discovery& discovery,
                                                                cloud::BlockStore* block_store,
                                                                kube::PodExecutor* pod_executor) {
  return std::make_unique<EngineBackupRunner>(client, discovery, block_store, pod_executor);
}

std::unique_ptr<controller::RestoreRunner> NewEngineRestoreRunner(
    kube::DynamicClient& client, kube::Discovery& discovery, cloud::BlockStore* block_store,
    std::vector<std::string> resource_priorities, std::string work_dir,
    int64_t max_bytes_in_flight) {
  return std::make_unique<EngineRestoreRunner>(client, discovery, block_store,
                                               std::move(resource_priorities), std::move(work_dir),
                                               max_bytes_in_flight);
}

}  // namespace ark::server
