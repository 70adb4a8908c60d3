#include "backup/backup_engine.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "backup/backup_run.h"
#include "backup/builtin_actions.h"
#include "backup/entry_writer.h"
#include "backup/pod_hooks.h"
#include "kube/label_selector.h"
#include "util/includes_excludes.h"
#include "backup/resource_plan.h"

namespace ark::backup {

std::string_view BackupPhaseName(BackupPhase phase) {
  switch (phase) {
    case BackupPhase::kCompleted: return "Completed";
    case BackupPhase::kPartiallyFailed: return "PartiallyFailed";
    case BackupPhase::kFailedValidation: return "FailedValidation";
  }
  return "Completed";
}

BackupEngine::BackupEngine(kube::DynamicClient& client, kube::Discovery& discovery,
                           cloud::BlockStore* block_store, kube::PodExecutor* pod_executor,
                           BackupOptions options,
                           std::vector<std::unique_ptr<ItemAction>> extra_actions)
    : client_(client), discovery_(discovery), block_store_(block_store),
      pod_executor_(pod_executor), options_(std::move(options)) {
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
  auto selector = kube::LabelSelector::FromJson(request.label_selector);
  if (!selector.ok()) errors.push_back("invalid label selector: " + selector.status().message());
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

}  // namespace

Result<BackupOutcome> BackupEngine::Run(const BackupRequest& request,
                                        archive::TarballWriter& tar, const Logger& log,
                                        const ProgressFn& progress) {
  BackupOutcome outcome;
  outcome.validation_errors = Validate(request);
  if (!outcome.validation_errors.empty()) {
    outcome.phase = BackupPhase::kFailedValidation;
    return outcome;
  }
  const Logger blog = log.With("backup", request.namespace_ + "/" + request.name);
  blog.Info("Starting backup");

  std::vector<std::string> warnings;
  const IncludesExcludes namespaces(request.included_namespaces, request.excluded_namespaces);
  ARK_ASSIGN_OR_RETURN(std::vector<std::string> included,
                       ResolveResources(discovery_, request.included_resources, "included",
                                        &warnings));
  ARK_ASSIGN_OR_RETURN(std::vector<std::string> excluded,
                       ResolveResources(discovery_, request.excluded_resources, "excluded",
                                        &warnings));
  const IncludesExcludes resources(included, excluded);
  ARK_ASSIGN_OR_RETURN(const kube::LabelSelector selector,
                       kube::LabelSelector::FromJson(request.label_selector));
  // Hook entries name resources as users type them; resolved as the backup's own lists are.
  ARK_ASSIGN_OR_RETURN(
      const HookResolver hooks,
      HookResolver::New(request.hooks, [&](const std::string& name) -> std::string {
        if (name == "*") return name;
        auto resource = discovery_.Resolve(name);
        return resource.ok() ? resource->GroupResource() : name;
      }));
  blog.Info("Including namespaces: " + namespaces.IncludesString());
  blog.Info("Excluding namespaces: " + namespaces.ExcludesString());
  blog.Info("Including resources: " + resources.IncludesString());
  blog.Info("Excluding resources: " + resources.ExcludesString());
  for (const std::string& w : warnings) blog.Warn(w);

  auto preferred = discovery_.PreferredResources();
  if (!preferred.ok()) {
    Status s = preferred.status();
    return s.Annotate("discovering the API server's resources");
  }
  PlanInput plan_input;
  plan_input.preferred = &*preferred;
  plan_input.skipped_groups = &options_.skipped_groups;
  plan_input.namespaces = &namespaces;
  plan_input.resources = &resources;
  plan_input.include_cluster_resources = request.include_cluster_resources;
  const ResourcePlan plan = MakeResourcePlan(plan_input, blog);

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
  deps.namespaces = &namespaces;
  deps.resources = &resources;
  deps.selector = &selector;
  deps.hooks = &hooks;
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

  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < plan.tasks.size() && !run->stopping(); i = next++) {
      run->RunTask(plan.tasks[i]);
    }
  };
  const int n = std::max(1, std::min<int>(options_.workers, static_cast<int>(plan.tasks.size())));
  std::vector<std::thread> threads;
  for (int i = 1; i < n; ++i) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  Status written = writer.Finish();
  if (options_.cancel != nullptr && options_.cancel->cancelled()) {
    blog.Error("Backup stopped before it finished", {{"reason", options_.cancel->reason()}});
    return options_.cancel->Check();
  }
  if (!written.ok()) {
    blog.Error("Backup failed: " + written.ToString());
    return written;
  }

  outcome.items_backed_up = items_written.load();
  outcome.items_failed = run->items_failed();
  outcome.resources_failed = run->resources_failed();
  outcome.errors = run->errors();
  outcome.warnings = std::move(warnings);
  for (std::string& w : run->warnings()) outcome.warnings.push_back(std::move(w));
  outcome.volume_backups = run->volume_backups().ToJson();
  outcome.phase = outcome.errors.empty() ? BackupPhase::kCompleted : BackupPhase::kPartiallyFailed;
  LogFields summary = {{"items", std::to_string(outcome.items_backed_up)},
                       {"errors", std::to_string(outcome.errors.size())},
                       {"warnings", std::to_string(outcome.warnings.size())}};
  if (outcome.phase == BackupPhase::kCompleted) {
    blog.Info("Backup completed successfully", summary);
  } else {
    blog.Error("Backup completed with errors", summary);
  }
  return outcome;
}

}  // namespace ark::backup
