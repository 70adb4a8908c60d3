#include "cloud/builtin_providers.h"

#include "cloud/aws/aws_provider.h"
#include "cloud/azure/azure_provider.h"
#include "cloud/gcp/gcp_provider.h"
#include "cloud/local/local_object_store.h"
#include "cloud/provider_registry.h"

namespace ark::cloud {

// One line per provider compiled into ark.
void RegisterBuiltinProviders(ProviderRegistry& registry) {
  registry.RegisterObjectStore("local", local::NewLocalObjectStore);
  aws::RegisterAwsProvider(registry);
  azure::RegisterAzureProvider(registry);
  gcp::RegisterGcpProvider(registry);
}

}  // namespace ark::cloud
