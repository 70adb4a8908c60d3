#pragma once

#include <string>
#include <vector>

#include "cloud/azure/shared_key.h"
#include "cloud/provider_registry.h"
#include "util/result.h"

namespace ark::cloud::azure {

// The seven variables of the `cloud-credentials` secret, read through ProviderEnv::getenv.
// The client secret and storage key never appear in logs or errors.
struct AzureCredentials {
  std::string subscription_id;
  std::string tenant_id;
  std::string resource_group;
  std::string client_id;
  std::string client_secret;
  std::string storage_account_id;
  std::string storage_key;  // base64, as the portal shows it
};

// Reads `names` (a subset of the seven AZURE_* variables) into a credentials struct. A missing
// or empty variable is InvalidArgument naming every absent one:
//   azure credentials: AZURE_STORAGE_KEY is not set (the cloud-credentials secret provides ...)
Result<AzureCredentials> LoadCredentials(const ProviderEnv& env,
                                         const std::vector<std::string>& names);

// What the Blob store needs: AZURE_STORAGE_ACCOUNT_ID and AZURE_STORAGE_KEY, the key decoded
// (InvalidArgument naming the variable when it is not base64).
Result<StorageAccount> LoadStorageAccount(const ProviderEnv& env);

// The Blob endpoint: Config `storageEndpoint`, else AZURE_STORAGE_ENDPOINT, else
// https://<account>.blob.core.windows.net; trailing slashes removed.
std::string BlobEndpoint(const ProviderConfig& config, const ProviderEnv& env,
                         const std::string& account);

}  // namespace ark::cloud::azure
