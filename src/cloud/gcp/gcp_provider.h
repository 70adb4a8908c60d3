#pragma once

#include <memory>

#include "cloud/provider_registry.h"

namespace ark::cloud::gcp {

// The "gcp" provider: GCS object store and Compute Engine disk snapshots.
//
// Credentials: the service-account JSON key named by GOOGLE_APPLICATION_CREDENTIALS, read
// when the store is built so a bad key fails at startup (naming the file and field).
// Endpoints:
//   STORAGE_EMULATOR_HOST ("host:port" or a URL): GCS at that address without auth (the
//     Google client libraries' convention); the key, if any, still signs URLs.
//   Config `storageEndpoint`: GCS at that base URL, with auth (private endpoints).
//   Config `computeEndpoint`: base of the Compute API (default
//     "https://compute.googleapis.com/compute/v1").
//   Config `tokenUri`: where the JWT is exchanged for a token (default: the key's token_uri).
// Block store config: `project` (default: the key's project_id), `zone` (used when the
//   caller passes no zone; Ark v0.3).
Result<std::unique_ptr<ObjectStore>> NewGcsObjectStore(const ProviderConfig& config,
                                                       const ProviderEnv& env);
Result<std::unique_ptr<BlockStore>> NewComputeBlockStore(const ProviderConfig& config,
                                                         const ProviderEnv& env);

// Registers both stores as "gcp". Inline so the registry's library need not link back here.
inline void RegisterGcpProvider(ProviderRegistry& registry) {
  registry.RegisterObjectStore("gcp", NewGcsObjectStore);
  registry.RegisterBlockStore("gcp", NewComputeBlockStore);
}

}  // namespace ark::cloud::gcp
