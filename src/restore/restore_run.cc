#include "restore/restore_run.h"

#include <algorithm>
#include <utility>

#include "restore/crd_waiter.h"
#include "restore/item_rewriter.h"
#include "restore/priorities.h"

namespace ark::restore {
namespace {

constexpr char kCrdResource[] = "customresourcedefinitions.apiextensions.k8s.io";
constexpr int64_t kProgressEvery = 16;  // items handed to the workers between reports

std::set<std::string> GroupResourcesOf(const ArchiveSpool& spool) {
  std::vector<std::string> grs = spool.GroupResources();
  return {grs.begin(), grs.end()};
}

IncludesExcludes ResourceFilter(ResourceResolver& resolver, const RestoreRequest& request,
                                const std::set<std::string>& in_backup) {
  std::vector<std::string> excluded = resolver.Canonical(request.excluded_resources, in_backup);
  excluded.push_back("nodes");
  return IncludesExcludes(resolver.Canonical(request.included_resources, in_backup), excluded);
}

}  // namespace

RestoreRun::RestoreRun(Deps deps, const RestoreRequest& request, const BackupInfo& backup,
                       const ArchiveSpool& spool, const Logger& log, const ProgressFn& progress)
    : deps_(deps),
      request_(request),
      spool_(spool),
      log_(log),
      progress_(progress),
      in_backup_(GroupResourcesOf(spool)),
      resolver_(deps.discovery),
      namespaces_(request.included_namespaces, request.excluded_namespaces),
      resources_(ResourceFilter(resolver_, request, in_backup_)),
      results_(request.dry_run),
      ensurer_(deps.client, results_, request.dry_run, RestoreLabelValue(request.name), log),
      volumes_(deps.block_store, backup, request.restore_pvs, deps.clock,
               VolumeOptions{deps.options.volume_ready_timeout, deps.options.volume_poll_interval}),
      owners_(deps.client, deps.discovery,
              BackupOwners::Read(spool,
                                 [this](const std::string& gr, const SpoolItem& item,
                                        const kube::Json& obj) { return Selects(gr, item, obj); })),
      items_(ItemRestorerDeps{deps.client, ensurer_, volumes_, results_, created_, owners_,
                              owner_links_, log},
             request),
      budget_(deps.options.max_bytes_in_flight),
      pool_(deps.options.workers,
            deps.options.workers * std::max(1, deps.options.queue_per_worker)) {}

RestoreOutcome RestoreRun::Execute() {
  const std::vector<std::string>& wanted = request_.resource_priorities.empty()
                                               ? DefaultResourcePriorities()
                                               : request_.resource_priorities;
  std::vector<std::string> priorities = resolver_.Canonical(wanted, in_backup_);
  // Namespace objects always come before namespaced objects, so a namespace is restored from
  // its backed-up object rather than created bare.
  if (std::find(priorities.begin(), priorities.end(), "namespaces") == priorities.end()) {
    priorities.insert(priorities.begin(), "namespaces");
  }
  const std::vector<std::string> order = OrderGroupResources(priorities, spool_.GroupResources());
  log_.Info("Starting restore", {{"items", std::to_string(spool_.stats().items)},
                                 {"resources", std::to_string(order.size())},
                                 {"includedNamespaces", namespaces_.IncludesString()},
                                 {"excludedNamespaces", namespaces_.ExcludesString()},
                                 {"includedResources", resources_.IncludesString()},
                                 {"excludedResources", resources_.ExcludesString()},
                                 {"dryRun", request_.dry_run ? "true" : "false"}});
  if (spool_.stats().items == 0) results_.ArkWarning("the backup contains no items");
  ReportProgress("");  // the total is known before the first item is restored
  for (const std::string& gr : order) {
    if (cancelled()) break;
    std::string why;
    if (!Selected(gr, &why)) {
      log_.Info("Skipping resource", {{"resource", gr}, {"reason", why}});
      for (int64_t i = 0; i < spool_.ItemCount(gr); ++i) results_.MarkProcessed();
      continue;
    }
    RunTier(gr);
    if (gr == kCrdResource && !request_.dry_run) WaitForCrds();
  }
  if (!request_.dry_run && !cancelled()) {
    owner_links_.Link(deps_.client, deps_.discovery, results_, log_);
    // Pages of the check hold no more item bytes than the budget allows in flight.
    int64_t page_limit = 500;
    if (budget_.limit() > 0 && largest_item_ > 0) {
      page_limit = std::clamp<int64_t>(budget_.limit() / largest_item_, 1, page_limit);
    }
    created_.CheckStillPresent(deps_.client,
                               std::string(kRestoreLabel) + "=" + RestoreLabelValue(request_.name),
                               results_, page_limit);
  }
  RestoreOutcome outcome = results_.Finish();
  outcome.counts.archive_items = spool_.stats().items;
  outcome.resource_order = order;
  outcome.counts.peak_bytes_in_flight = budget_.peak();
  return outcome;
}

bool RestoreRun::cancelled() const {
  return deps_.options.cancel != nullptr && deps_.options.cancel->cancelled();
}

bool RestoreRun::Selected(const std::string& gr, std::string* why) {
  if (!resources_.ShouldInclude(gr)) {
    *why = "excluded by the resource filter";
    return false;
  }
  // The cluster's discovery decides what is cluster-scoped, never the archive's paths: a
  // crafted archive could place a ClusterRoleBinding under namespaces/. Only a resource the
  // cluster does not serve (yet) falls back to where the archive put its items.
  Result<kube::ApiResource> served = resolver_.Find(gr);
  const bool cluster_scoped =
      served.ok() ? !served->namespaced : spool_.ClusterItemCount(gr) == spool_.ItemCount(gr);
  if (cluster_scoped && gr != "namespaces" && request_.include_cluster_resources == false) {
    *why = "cluster-scoped resources are not included";
    return false;
  }
  return true;
}

bool RestoreRun::InNamespaceFilter(const std::string& gr, const SpoolItem& item) const {
  if (!item.ns.empty()) return namespaces_.ShouldInclude(item.ns);
  if (gr == "namespaces") return namespaces_.ShouldInclude(item.name);
  return true;  // other cluster-scoped objects are not filtered by namespace (Ark v0.5)
}

bool RestoreRun::Selects(const std::string& gr, const SpoolItem& item,
                         const nlohmann::json& obj) const {
  if (!resources_.ShouldInclude(gr) || !InNamespaceFilter(gr, item)) return false;
  const nlohmann::json* metadata = obj.contains("metadata") ? &obj["metadata"] : nullptr;
  return request_.label_selector.Matches(metadata != nullptr && metadata->is_object()
                                             ? metadata->value("labels", nlohmann::json(nullptr))
                                             : nlohmann::json(nullptr));
}

TierPlan RestoreRun::PlanTier(const std::string& gr) {
  TierPlan tier;
  tier.group_resource = gr;
  if (std::optional<std::string_view> why = NonRestorableReason(gr)) {
    tier.skip_reason = std::string(*why);
    return tier;
  }
  Result<kube::ApiResource> resource = resolver_.Find(gr);
  if (resource.ok()) {
    tier.resource = *resource;
    tier.served_versions = resolver_.ServedVersions(gr);
    return tier;
  }
  if (request_.dry_run && spool_.crd_names().count(gr) > 0) {
    tier.pending_reason = "served once CustomResourceDefinition \"" + gr + "\" is restored";
    return tier;
  }
  if (resource.status().code() == Code::kNotFound && spool_.crd_names().count(gr) == 0) {
    // An API the target no longer serves at any version (a migration to a newer release,
    // e.g. podsecuritypolicies.policy after 1.25): its objects cannot exist there.
    tier.skip_reason = "the cluster does not serve resource \"" + gr + "\" at any version";
    results_.ArkWarning(std::to_string(spool_.ItemCount(gr)) + " " + gr +
                        " not restored: the cluster does not serve resource \"" + gr +
                        "\" at any version");
  } else {
    tier.fail_reason = resource.status().code() == Code::kNotFound
                           ? "the cluster does not serve resource \"" + gr + "\""
                           : "discovery failed: " + resource.status().ToString();
  }
  log_.Warn("Resource cannot be restored",
            {{"resource", gr}, {"reason", tier.skip_reason + tier.fail_reason}});
  return tier;
}

void RestoreRun::RunTier(const std::string& gr) {
  const TierPlan tier = PlanTier(gr);
  log_.Info("Restoring resource",
            {{"resource", gr}, {"items", std::to_string(spool_.ItemCount(gr))}});
  int64_t submitted = 0;
  // Room taken for the item being read and not yet handed to a worker (or given back).
  int64_t admitted = 0;
  auto admit = [&](size_t bytes) {
    admitted = static_cast<int64_t>(bytes);
    largest_item_ = std::max(largest_item_, admitted);
    budget_.Acquire(admitted);
  };
  Status read = spool_.ForEach(
      gr,
      [&](SpoolItem& item) {
        const int64_t held = std::exchange(admitted, 0);
        if (cancelled()) {
          budget_.Release(held);
          return Status(deps_.options.cancel->Check());
        }
        if (!InNamespaceFilter(gr, item)) {
          budget_.Release(held);
          results_.MarkProcessed();
          return Status::Ok();
        }
        pool_.Submit([this, &tier, held, item = std::move(item)]() mutable {
          // A restore being cancelled leaves its queued items alone.
          if (!cancelled()) items_.Restore(tier, item);
          item = SpoolItem{};  // its bytes are gone before the room is given back
          budget_.Release(held);
        });
        if (++submitted % kProgressEvery == 0) ReportProgress(gr);
        return Status::Ok();
      },
      admit);
  budget_.Release(std::exchange(admitted, 0));  // read but never handed over (a read error)
  pool_.Wait();
  if (cancelled()) return;
  if (!read.ok()) results_.ArkError("reading the spooled items of " + gr + ": " + read.ToString());
  ReportProgress(gr);
}

void RestoreRun::WaitForCrds() {
  Result<kube::ApiResource> crds = resolver_.Find(kCrdResource);
  if (!crds.ok()) {
    results_.ArkError("waiting for restored CRDs: " + crds.status().ToString());
    return;
  }
  for (const std::string& name : spool_.crd_names()) {
    Result<kube::Json> live = deps_.client.Get(crds->Gvr(), "", name);
    if (!live.ok()) continue;  // not restored (filtered out or failed: already reported)
    Status ready =
        WaitForCrdEstablished(deps_.client, crds->Gvr(), name, deps_.clock,
                              deps_.options.crd_ready_timeout, deps_.options.crd_poll_interval);
    if (!ready.ok()) results_.ArkError(ready.ToString());
  }
  resolver_.Invalidate();
}

void RestoreRun::ReportProgress(const std::string& gr) {
  if (!progress_) return;
  progress_(RestoreProgress{spool_.stats().items, results_.processed(), gr});
}

}  // namespace ark::restore
