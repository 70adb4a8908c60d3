#pragma once

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kube/discovery.h"
#include "kube/dynamic_client.h"
#include "restore/result_collector.h"
#include "util/log.h"

namespace ark::restore {

// The owner references of the objects a restore created. Objects are created without them:
// a backed-up reference names its owner by the source cluster's uid, and a real cluster's
// garbage collector deletes an object whose owner uid does not exist. Once every item is
// restored (owners come in any tier), Link points each reference at the object of that kind
// and name the target has now (restored by this restore or already there) with its uid, and
// drops, with a warning, a reference whose owner the target does not have. Add is
// thread-safe; Link runs after the workers.
class OwnerLinks {
 public:
  // `references`: the backed-up metadata.ownerReferences of the object created as `name` in
  // `ns` ("" = cluster-scoped).
  void Add(const kube::GroupVersionResource& gvr, const std::string& group_resource,
           const std::string& ns, const std::string& name, nlohmann::json references);

  // Patches each recorded object's metadata.ownerReferences. Warnings (in the object's
  // namespace) name each reference dropped, e.g.
  //   configmaps "apps/cfg" restored without its owner reference to Widget "parent": the
  //   cluster has no such owner
  // and errors each patch that fails.
  void Link(kube::DynamicClient& client, kube::Discovery& discovery, ResultCollector& results,
            const Logger& log) const;

 private:
  struct Owned {
    kube::GroupVersionResource gvr;
    std::string group_resource, ns, name;
    nlohmann::json references;
  };
  mutable std::mutex mu_;
  std::vector<Owned> owned_;  // guarded by mu_
};

}  // namespace ark::restore
