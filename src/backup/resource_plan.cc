#include "backup/resource_plan.h"

#include <algorithm>
#include <set>

namespace ark::backup {
namespace {

bool Backupable(const kube::ApiResource& r) {
  return r.HasVerb("list") && r.HasVerb("create") && r.HasVerb("get") && r.HasVerb("delete");
}

// Server order, with the `extensions` group moved last and core persistentvolumes moved to
// the end of the core group.
std::vector<kube::ApiResource> Ordered(const std::vector<kube::ApiResource>& in) {
  std::vector<kube::ApiResource> core, pvs, others, extensions;
  for (const kube::ApiResource& r : in) {
    if (r.group.empty() && r.name == "persistentvolumes")
      pvs.push_back(r);
    else if (r.group.empty())
      core.push_back(r);
    else if (r.group == "extensions")
      extensions.push_back(r);
    else
      others.push_back(r);
  }
  std::vector<kube::ApiResource> out;
  // Groups keep their server order; the core group comes first in discovery.
  for (auto* part : {&core, &pvs, &others, &extensions}) {
    out.insert(out.end(), part->begin(), part->end());
  }
  return out;
}

}  // namespace

ResourcePlan MakeResourcePlan(const PlanInput& in, const Logger& log) {
  ResourcePlan plan;
  const std::set<std::string> skipped(in.skipped_groups->begin(), in.skipped_groups->end());
  std::set<std::string> non_extension_names;
  for (const kube::ApiResource& r : *in.preferred) {
    if (r.group != "extensions") non_extension_names.insert(r.name);
  }
  const bool all_namespaces = in.namespaces->IncludesEverything();
  const bool includes_all = in.namespaces->IncludesAllByDefault();

  for (const kube::ApiResource& r : Ordered(*in.preferred)) {
    const std::string gr = r.GroupResource();
    const LogFields fields = {{"resource", gr}};
    if (!Backupable(r)) continue;
    if (skipped.count(r.group)) {
      log.Info("Skipping resource because its API group is never backed up", fields);
      continue;
    }
    if (r.group == "extensions" && non_extension_names.count(r.name)) {
      log.Info("Skipping resource because another API group serves it", fields);
      continue;
    }
    plan.by_group_resource.emplace(gr, r);

    const bool is_namespaces = r.group.empty() && r.name == "namespaces";
    if (!r.namespaced && !is_namespaces) {
      if (in.include_cluster_resources == false) {
        log.Info("Skipping resource because cluster-scoped resources are excluded", fields);
        continue;
      }
      if (!in.include_cluster_resources.has_value() && !all_namespaces) {
        log.Info(
            "Skipping resource because it's cluster-scoped and only specific namespaces "
            "are included in the backup",
            fields);
        continue;
      }
    }
    if (!in.resources->ShouldInclude(gr)) {
      log.Info("Skipping resource because it is not included", fields);
      continue;
    }

    if (is_namespaces && !includes_all) {
      ListTask task{ListTask::Kind::kNamespacesByName, r, "", {}};
      for (const std::string& ns : in.namespaces->includes()) {
        if (in.namespaces->ShouldInclude(ns)) task.names.push_back(ns);
      }
      plan.tasks.push_back(std::move(task));
    } else if (!r.namespaced || includes_all) {
      plan.tasks.push_back({ListTask::Kind::kList, r, "", {}});
    } else {
      for (const std::string& ns : in.namespaces->includes()) {
        if (in.namespaces->ShouldInclude(ns))
          plan.tasks.push_back({ListTask::Kind::kList, r, ns, {}});
      }
    }
  }
  return plan;
}

}  // namespace ark::backup
