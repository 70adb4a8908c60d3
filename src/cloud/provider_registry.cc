#include "cloud/provider_registry.h"

#include <cstdlib>

namespace ark::cloud {
namespace {

template <typename Map>
std::vector<std::string> Names(const Map& m) {
  std::vector<std::string> names;
  for (const auto& [name, factory] : m) names.push_back(name);
  return names;
}

template <typename Map>
Status Unknown(const char* kind, const std::string& name, const Map& m) {
  std::string known;
  for (const std::string& n : Names(m)) known += (known.empty() ? "" : ", ") + n;
  return InvalidArgument(std::string("unknown ") + kind + " provider \"" + name +
                         "\" (known: " + (known.empty() ? "none" : known) + ")");
}

}  // namespace

ProviderEnv ProcessProviderEnv() {
  ProviderEnv env;
  env.clock = &SystemClock();
  env.getenv = [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
  return env;
}

void ProviderRegistry::RegisterObjectStore(std::string name, ObjectStoreFactory factory) {
  object_stores_[std::move(name)] = std::move(factory);
}

void ProviderRegistry::RegisterBlockStore(std::string name, BlockStoreFactory factory) {
  block_stores_[std::move(name)] = std::move(factory);
}

Result<std::unique_ptr<ObjectStore>> ProviderRegistry::NewObjectStore(
    const std::string& name, const ProviderConfig& config, const ProviderEnv& env) const {
  auto it = object_stores_.find(name);
  if (it == object_stores_.end()) return Unknown("object store", name, object_stores_);
  Result<std::unique_ptr<ObjectStore>> store = it->second(config, env);
  if (!store.ok()) return Status(store.status()).Annotate("object store provider \"" + name + "\"");
  return store;
}

Result<std::unique_ptr<BlockStore>> ProviderRegistry::NewBlockStore(const std::string& name,
                                                                    const ProviderConfig& config,
                                                                    const ProviderEnv& env) const {
  auto it = block_stores_.find(name);
  if (it == block_stores_.end()) return Unknown("block store", name, block_stores_);
  Result<std::unique_ptr<BlockStore>> store = it->second(config, env);
  if (!store.ok()) return Status(store.status()).Annotate("block store provider \"" + name + "\"");
  return store;
}

std::vector<std::string> ProviderRegistry::ObjectStoreNames() const {
  return Names(object_stores_);
}
std::vector<std::string> ProviderRegistry::BlockStoreNames() const { return Names(block_stores_); }

}  // namespace ark::cloud
