#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kube/resource.h"
#include "kube/rest_config.h"
#include "util/result.h"

namespace ark::kube {

// What the API server serves, cached after the first call. Thread-safe.
class Discovery {
 public:
  virtual ~Discovery() = default;

  // Every top-level resource (no subresources) at its group's preferred version, in server
  // order: the core group first, then the groups as /apis lists them.
  virtual Result<std::vector<ApiResource>> PreferredResources() = 0;
  // Every served group/version's resources (for a resource served by two groups, both).
  virtual Result<std::vector<ApiResource>> AllResources() = 0;
  // Drops the cache; the next call fetches again (after a CRD is created, say).
  virtual void Invalidate() = 0;
  // Resolves a user-entered name as kubectl does: "pods", "pod", "po", "Pod", "deploy",
  // "deployments.apps", "deployments.v1.apps", "storageclasses.storage.k8s.io", CRD plurals
  // and short names. kNotFound when nothing matches.
  virtual Result<ApiResource> Resolve(std::string_view name) = 0;
};

Result<std::unique_ptr<Discovery>> NewDiscovery(const RestConfig& config);

class RestClient;
// Over a shared RestClient (see kube/rest_client.h).
std::unique_ptr<Discovery> NewDiscovery(std::shared_ptr<RestClient> rest);

}  // namespace ark::kube
