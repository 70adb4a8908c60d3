#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/block_store.h"
#include "cloud/object_store.h"
#include "util/clock.h"
#include "util/result.h"

namespace ark::cloud {

// A provider's settings, flattened to strings: Config `aws: {region: us-east-1,
// s3ForcePathStyle: true}` becomes {"region": "us-east-1", "s3ForcePathStyle": "true"}.
using ProviderConfig = std::map<std::string, std::string>;

// The world a provider may touch, injected so tests control it.
struct ProviderEnv {
  const Clock* clock = &SystemClock();
  // Environment lookup (credentials, endpoint overrides); std::getenv in production.
  std::function<std::optional<std::string>(std::string_view)> getenv;
};
ProviderEnv ProcessProviderEnv();

using ObjectStoreFactory =
    std::function<Result<std::unique_ptr<ObjectStore>>(const ProviderConfig&, const ProviderEnv&)>;
using BlockStoreFactory =
    std::function<Result<std::unique_ptr<BlockStore>>(const ProviderConfig&, const ProviderEnv&)>;

// Providers by name ("aws", "gcp", "azure", "local"). Built explicitly at startup by
// RegisterBuiltinProviders (cloud/builtin_providers.h; no static self-registration). Read-only
// after setup, so concurrent New* calls are safe.
class ProviderRegistry {
 public:
  void RegisterObjectStore(std::string name, ObjectStoreFactory factory);
  void RegisterBlockStore(std::string name, BlockStoreFactory factory);

  // An unknown name is InvalidArgument naming the known ones:
  //   unknown object store provider "foo" (known: aws, azure, gcp, local)
  Result<std::unique_ptr<ObjectStore>> NewObjectStore(const std::string& name,
                                                      const ProviderConfig& config,
                                                      const ProviderEnv& env) const;
  Result<std::unique_ptr<BlockStore>> NewBlockStore(const std::string& name,
                                                    const ProviderConfig& config,
                                                    const ProviderEnv& env) const;
  std::vector<std::string> ObjectStoreNames() const;
  std::vector<std::string> BlockStoreNames() const;

 private:
  std::map<std::string, ObjectStoreFactory> object_stores_;
  std::map<std::string, BlockStoreFactory> block_stores_;
};

}  // namespace ark::cloud
