#pragma once

#include <memory>

#include "cloud/provider_registry.h"

namespace ark::cloud::azure {

// The "azure" provider's Blob object store. Credentials (AZURE_STORAGE_ACCOUNT_ID,
// AZURE_STORAGE_KEY) are read when the store is built, so a bad setup fails at startup naming
// the variable. Config: `storageEndpoint` (see credentials.h BlobEndpoint).
Result<std::unique_ptr<ObjectStore>> NewBlobObjectStore(const ProviderConfig& config,
                                                        const ProviderEnv& env);

// The managed-disk block store. Needs AZURE_SUBSCRIPTION_ID, AZURE_TENANT_ID,
// AZURE_RESOURCE_GROUP, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET. Config: `location` (required),
// `apiTimeout` (Go duration, default 2m), `resourceManagerEndpoint` (else
// AZURE_RESOURCE_MANAGER_ENDPOINT, else https://management.azure.com); Azure AD from
// AZURE_AUTHORITY_HOST (else the public cloud).
Result<std::unique_ptr<BlockStore>> NewArmBlockStore(const ProviderConfig& config,
                                                     const ProviderEnv& env);

// Registers the stores as "azure". Inline so the registry's library need not link back here.
inline void RegisterAzureProvider(ProviderRegistry& registry) {
  registry.RegisterObjectStore("azure", NewBlobObjectStore);
  registry.RegisterBlockStore("azure", NewArmBlockStore);
}

}  // namespace ark::cloud::azure
