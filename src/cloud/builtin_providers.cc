#include "cloud/local/local_object_store.h"
#include "cloud/provider_registry.h"

namespace ark::cloud {

void RegisterBuiltinProviders(ProviderRegistry& registry) {
  registry.RegisterObjectStore("local", local::NewLocalObjectStore);
}

}  // namespace ark::cloud
