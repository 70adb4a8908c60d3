#pragma once

#include <set>
#include <string>
#include <vector>

#include "kube/discovery.h"
#include "util/result.h"

namespace ark::restore {

// Maps the backup's group-resources and the user's resource names to what the target cluster
// serves. Thread-compatible (used from the restore's coordinating thread).
class ResourceResolver {
 public:
  explicit ResourceResolver(kube::Discovery& discovery) : discovery_(discovery) {}

  // The served resource whose group-resource is exactly `group_resource` (at the group's
  // preferred version, else any served version). NotFound when the cluster does not serve it.
  Result<kube::ApiResource> Find(const std::string& group_resource);
  // Every version at which the cluster serves `group_resource` (empty when none).
  std::set<std::string> ServedVersions(const std::string& group_resource);

  // A user-entered name ("po", "deploy", "customresourcedefinitions") in group-resource form:
  // the name itself when the backup has it, else what discovery resolves it to, else the
  // single backup group-resource "<name>.<group>", else the name unchanged. "*" stays "*".
  std::string Canonical(const std::string& name, const std::set<std::string>& in_backup);
  std::vector<std::string> Canonical(const std::vector<std::string>& names,
                                     const std::set<std::string>& in_backup);

  // After CRDs are created: the next lookups see the new resources.
  void Invalidate() { discovery_.Invalidate(); }

 private:
  kube::Discovery& discovery_;
};

}  // namespace ark::restore
