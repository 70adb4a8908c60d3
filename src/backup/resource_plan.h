#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kube/resource.h"
#include "util/includes_excludes.h"
#include "util/log.h"

namespace ark::backup {

// One unit of work for a backup worker.
struct ListTask {
  enum class Kind {
    kList,             // LIST `resource` in `ns` ("" = all namespaces / cluster-scoped)
    kNamespacesByName  // GET each of `names` from `namespaces`, selector applied locally
  };
  Kind kind = Kind::kList;
  kube::ApiResource resource;
  std::string ns;
  std::vector<std::string> names;
};

// The resources a backup covers, in the order they are started.
struct ResourcePlan {
  std::vector<ListTask> tasks;
  // Every backed-up-able resource by group-resource, for GETs of items added by actions.
  std::map<std::string, kube::ApiResource> by_group_resource;
};

struct PlanInput {
  const std::vector<kube::ApiResource>* preferred = nullptr;  // Discovery::PreferredResources
  const std::vector<std::string>* skipped_groups = nullptr;
  const IncludesExcludes* namespaces = nullptr;
  const IncludesExcludes* resources = nullptr;  // resolved to group-resources
  std::optional<bool> include_cluster_resources;
};

// Ark v0.5's resource iteration: resources supporting list/create/get/delete, skipped groups
// dropped, the `extensions` group last and taken only for resources no other group serves,
// core persistentvolumes last within the core group (so claims pull their volumes in first),
// the cluster-scope tri-state and the resource filter applied. Each skip is logged at info.
ResourcePlan MakeResourcePlan(const PlanInput& in, const Logger& log);

}  // namespace ark::backup
