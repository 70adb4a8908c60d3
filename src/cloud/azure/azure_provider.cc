#include "cloud/azure/azure_provider.h"

#include "cloud/azure/blob_object_store.h"
#include "cloud/azure/credentials.h"
#include "http/client.h"

namespace ark::cloud::azure {

Result<std::unique_ptr<ObjectStore>> NewBlobObjectStore(const ProviderConfig& config,
                                                        const ProviderEnv& env) {
  ARK_ASSIGN_OR_RETURN(StorageAccount account, LoadStorageAccount(env));
  BlobOptions options;
  options.endpoint = BlobEndpoint(config, env, account.name);
  http::ClientOptions client_options;
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<http::Client> client, http::NewCurlClient(client_options));
  return std::unique_ptr<ObjectStore>(new BlobObjectStore(
      std::move(options), std::shared_ptr<http::Client>(std::move(client)), std::move(account),
      *env.clock));
}

}  // namespace ark::cloud::azure
