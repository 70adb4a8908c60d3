#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "kube/dynamic_client.h"
#include "kube/resource.h"
#include "restore/result_collector.h"

namespace ark::restore {

// The objects a restore created, per group-resource. A real cluster's controllers delete what
// they consider orphaned or invalid (a token Secret of another account's uid, a Lease of an
// unknown API server, ...) moments after it is created; the restore's outcome must not say
// Completed for objects that are gone, so after the last item it checks that each one it
// created is still there. Add is thread-safe; CheckStillPresent runs after the workers.
class CreatedObjects {
 public:
  // False when the object was already added.
  bool Add(const kube::GroupVersionResource& gvr, const std::string& group_resource,
           const std::string& ns, const std::string& name);

  // Lists each group-resource once (all namespaces, `label_selector`: the restore's label) and
  // records an error in `results` for every created object the list lacks, e.g.
  //   secrets "apps/builder-token" was created but the cluster has deleted it since
  // A list that fails is an error too: the restore cannot vouch for those objects.
  // `page_limit` items per LIST page keep a page of large objects within the restore's memory
  // bound.
  void CheckStillPresent(kube::DynamicClient& client, const std::string& label_selector,
                         ResultCollector& results, int64_t page_limit = 500) const;

 private:
  struct Created {
    kube::GroupVersionResource gvr;
    std::set<std::pair<std::string, std::string>> objects;  // (namespace, name)
  };
  mutable std::mutex mu_;
  std::map<std::string, Created> by_resource_;  // guarded by mu_
};

}  // namespace ark::restore
