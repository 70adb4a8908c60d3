#pragma once

#include "cloud/provider_registry.h"

namespace ark::cloud {

// Adds every provider ark ships (local, aws, azure, gcp). Only what runs the server (and tests
// of the registry as a whole) links this: the registry itself knows no provider.
void RegisterBuiltinProviders(ProviderRegistry& registry);

}  // namespace ark::cloud
