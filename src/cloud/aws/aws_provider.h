#pragma once

#include <memory>

#include "cloud/aws/config.h"
#include "cloud/aws/credentials.h"
#include "cloud/provider_registry.h"
#include "http/client.h"

namespace ark::cloud::aws {

// The "aws" provider: S3 object store and EBS block store. Credentials are resolved when the
// store is built (ResolveCredentials), so a bad setup fails at startup, naming the file and
// profile. Config keys: see config.h; `profile` and `credentialsFile`: see credentials.h.
Result<std::unique_ptr<ObjectStore>> NewS3ObjectStore(const ProviderConfig& config,
                                                      const ProviderEnv& env);
Result<std::unique_ptr<BlockStore>> NewEbsBlockStore(const ProviderConfig& config,
                                                     const ProviderEnv& env);

// The HTTP client the stores use for an endpoint's TLS settings.
Result<std::unique_ptr<http::Client>> NewAwsHttpClient(const http::TlsOptions& tls);

// Registers both stores as "aws". Inline so the registry's library need not link back here.
inline void RegisterAwsProvider(ProviderRegistry& registry) {
  registry.RegisterObjectStore("aws", NewS3ObjectStore);
  registry.RegisterBlockStore("aws", NewEbsBlockStore);
}

}  // namespace ark::cloud::aws
