#include "backup/backup_engine.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "backup/backup_run.h"
#include "backup/builtin_actions.h"
#include "backup/entry_writer.h"
#include "backup/pod_hooks.h"
#include "backup/resource_plan.h"
#include "kube/label_selector.h"
#include "util/includes_excludes.h"
#include "util/worker_pool.h"

namespace ark::backup {

std::string_view BackupPhaseName(BackupPhase phase) {
  switch (phase) {
    case BackupPhase::kCompleted:
      return "Completed";
    case BackupPhase::kPartiallyFailed:
      return "PartiallyFailed";
    case BackupPhase::kFailedValidation:
      return "FailedValidation";
  }
  return "Completed";
}

BackupEngine::BackupEngine(kube::DynamicClient& client, kube::Discovery& discovery,
                           cloud::BlockStore* block_store, kube::PodExecutor* pod_executor,
                           BackupOptions options,
                           std::vector<std::unique_ptr<ItemAction>> extra_actions)
    : client_(client),
      discovery_(discovery),
      block_store_(block_store),
      pod_executor_(pod_executor),
      options_(std::move(options)) {
  actions_.push_back(NewPodClaimsAction());
  actions_.push_back(NewClaimVolumeAction());
  if (block_store_ != nullptr) {
    actions_.push_back(NewVolumeSnapshotAction(*block_store_, options_.default_availability_zone));
  }
  for (auto& a : extra_actions) actions_.push_back(std::move(a));
}

BackupEngine::~BackupEngine() = default;

std::vector<std::string> BackupEngine::Validate(const BackupRequest& request) const {
  std::vector<std::string> errors;
  for (std::string& e :
       ValidateIncludesExcludes(request.included_namespaces, request.excluded_namespaces)) {
    errors.push_back("namespaces: " + e);
  }
  for (std::string& e :
       ValidateIncludesExcludes(request.included_resources, request.excluded_resources)) {
    errors.push_back("resources: " + e);
  }
  if (request.snapshot_volumes == true && block_store_ == nullptr) {
    errors.push_back("Server is not configured for PV snapshots");
  }
  return errors;
}

namespace {

// Resolves user-entered resource names to group-resources. "*" stays; an unknown name is a
// warning and stays as typed, so it matches nothing.
Result<std::vector<std::string>> ResolveResources(kube::Discovery& discovery,
                                                  const std::vector<std::string>& names,
                                                  std::string_view list,
                                                  std::vector<std::string>* warnings) {
  std::vector<std::string> out;
  for (const std::string& name : names) {
    if (name == "*") {
      out.push_back(name);
      continue;
    }
    auto resource = discovery.Resolve(name);
    if (resource.ok()) {
      out.push_back(resource->GroupResource());
    } else if (resource.status().code() == Code::kNotFound) {
      warnings->push_back(std::string(list) + " resource \"" + name +
                          "\" is not served by the API server; it matches nothing");
      out.push_back(name);
    } else {
      Status s = resource.status();
      return s.Annotate("resolving resource \"" + name + "\"");
    }
  }
  return out;
}

// What one backup takes: its namespaces, its resources resolved to group-resources, its label
// selector and its hooks, plus the warnings resolving them raised.
struct Selection {
  IncludesExcludes namespaces;
  IncludesExcludes resources;
  kube::LabelSelector selector;
  HookResolver hooks;
  std::vector<std::string> warnings;
};

Result<Selection> Select(kube::Discovery& discovery, const BackupRequest& request) {
  Selection s;
  s.namespaces = IncludesExcludes(request.included_namespaces, request.excluded_namespaces);
  ARK_ASSIGN_OR_RETURN(
      std::vector<std::string> included,
      ResolveResources(discovery, request.included_resources, "included", &s.warnings));
  ARK_ASSIGN_OR_RETURN(
      std::vector<std::string> excluded,
      ResolveResources(discovery, request.excluded_resources, "excluded", &s.warnings));
  s.resources = IncludesExcludes(included, excluded);
  s.selector = request.label_selector;
  // Hook entries name resources as users type them; resolved as the backup's own lists are.
  ARK_ASSIGN_OR_RETURN(
      s.hooks, HookResolver::New(request.hooks, [&](const std::string& name) -> std::string {
        if (name == "*") return name;
        auto resource = discovery.Resolve(name);
        return resource.ok() ? resource->GroupResource() : name;
      }));
  return s;
}

void LogSelection(const Selection& s, const Logger& log) {
  log.Info("Including namespaces: " + s.namespaces.IncludesString());
  log.Info("Excluding namespaces: " + s.namespaces.ExcludesString());
  log.Info("Including resources: " + s.resources.IncludesString());
  log.Info("Excluding resources: " + s.resources.ExcludesString());
  for (const std::string& w : s.warnings) log.Warn(w);
}

// The list tasks of the resources the API server prefers, as the selection narrows them.
Result<ResourcePlan> PlanResources(kube::Discovery& discovery, const Selection& selection,
                                   const BackupRequest& request, const BackupOptions& options,
                                   const Logger& log) {
  auto preferred = discovery.PreferredResources();
  if (!preferred.ok()) {
    Status s = preferred.status();
    return s.Annotate("discovering the API server's resources");
  }
  PlanInput input;
  input.preferred = &*preferred;
  input.skipped_groups = &options.skipped_groups;
  input.namespaces = &selection.namespaces;
  input.resources = &selection.resources;
  input.include_cluster_resources = request.include_cluster_resources;
  return MakeResourcePlan(input, log);
}

// Runs the plan's tasks on up to `workers` threads of a bounded pool, in plan order, until
// all are done or the run stops (aborted or cancelled).
void RunTasks(BackupRun& run, const ResourcePlan& plan, int workers) {
  const int n = std::max(1, std::min<int>(workers, static_cast<int>(plan.tasks.size())));
  WorkerPool pool(n, n);
  for (const ListTask& task : plan.tasks) {
    if (run.stopping()) break;
    pool.Submit([&run, &task] {
      if (!run.stopping()) run.RunTask(task);
    });
  }
  pool.Wait();
}

// The outcome of a run whose tarball was written completely, logged as Ark logs it.
BackupOutcome Summarize(BackupRun& run, int64_t items_written, std::vector<std::string> warnings,
                        const Logger& log) {
  BackupOutcome outcome;
  outcome.items_backed_up = items_written;
  outcome.items_failed = run.items_failed();
  outcome.resources_failed = run.resources_failed();
  outcome.errors = run.errors();
  outcome.warnings = std::move(warnings);
  for (std::string& w : run.warnings()) outcome.warnings.push_back(std::move(w));
  outcome.volume_backups = run.volume_backups().ToJson();
  outcome.phase = outcome.errors.empty() ? BackupPhase::kCompleted : BackupPhase::kPartiallyFailed;
  LogFields summary = {{"items", std::to_string(outcome.items_backed_up)},
                       {"errors", std::to_string(outcome.errors.size())},
                       {"warnings", std::to_string(outcome.warnings.size())}};
  if (outcome.phase == BackupPhase::kCompleted) {
    log.Info("Backup completed successfully", summary);
  } else {
    log.Error("Backup completed with errors", summary);
  }
  return outcome;
}

}  // namespace

Result<BackupOutcome> BackupEngine::Run(const BackupRequest& request, archive::TarballWriter& tar,
                                        const Logger& log, const ProgressFn& progress) {
  BackupOutcome rejected;
  rejected.validation_errors = Validate(request);
  if (!rejected.validation_errors.empty()) {
    rejected.phase = BackupPhase::kFailedValidation;
    return rejected;
  }
  const Logger blog = log.With("backup", request.namespace_ + "/" + request.name);
  blog.Info("Starting backup");
  ARK_ASSIGN_OR_RETURN(Selection selection, Select(discovery_, request));
  LogSelection(selection, blog);
  ARK_ASSIGN_OR_RETURN(const ResourcePlan plan,
                       PlanResources(discovery_, selection, request, options_, blog));

  if (options_.write_format_version) {
    Status written = tar.Add("metadata/version", "1\n");
    if (!written.ok()) return written.Annotate("writing metadata/version to the backup tarball");
  }
  std::atomic<int64_t> items_written{0};
  std::unique_ptr<BackupRun> run;
  std::mutex progress_mu;  // one report at a time, in order
  auto report = [&] {
    if (!progress) return;
    std::lock_guard<std::mutex> lock(progress_mu);
    const int64_t written = items_written.load();
    progress({written, run ? run->items_total_estimate(written) : written});
  };
  EntryWriter writer(tar, options_.max_queued_bytes, [&](int64_t written) {
    items_written = written;
    report();
  });

  BackupRun::Deps deps;
  deps.client = &client_;
  deps.request = &request;
  deps.namespaces = &selection.namespaces;
  deps.resources = &selection.resources;
  deps.selector = &selection.selector;
  deps.hooks = &selection.hooks;
  deps.pod_executor = pod_executor_;
  deps.plan = &plan;
  for (const auto& action : actions_) {
    for (const std::string& gr : action->AppliesTo()) deps.actions[gr].push_back(action.get());
  }
  deps.writer = &writer;
  deps.log = &blog;
  deps.page_size = options_.page_size;
  deps.log_items = options_.log_items;
  deps.cancel = options_.cancel;
  deps.estimate_changed = report;
  run = std::make_unique<BackupRun>(std::move(deps));
  RunTasks(*run, plan, options_.workers);

  Status written = writer.Finish();
  if (options_.cancel != nullptr && options_.cancel->cancelled()) {
    blog.Error("Backup stopped before it finished", {{"reason", options_.cancel->reason()}});
    return options_.cancel->Check();
  }
  if (!written.ok()) {
    blog.Error("Backup failed: " + written.ToString());
    return written;
  }
  return Summarize(*run, items_written.load(), std::move(selection.warnings), blog);
}

}  // namespace ark::backup
