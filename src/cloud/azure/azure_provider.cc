#include "cloud/azure/azure_provider.h"

#include "cloud/azure/arm_block_store.h"
#include "cloud/azure/blob_object_store.h"
#include "cloud/azure/credentials.h"
#include "cloud/http_options.h"
#include "cloud/provider_config.h"
#include "http/client.h"
#include "util/duration.h"

namespace ark::cloud::azure {

Result<std::unique_ptr<ObjectStore>> NewBlobObjectStore(const ProviderConfig& config,
                                                        const ProviderEnv& env) {
  ARK_ASSIGN_OR_RETURN(StorageAccount account, LoadStorageAccount(env));
  BlobOptions options;
  options.endpoint = BlobEndpoint(config, env, account.name);
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<http::Client> client,
                       http::NewCurlClient(CloudClientOptions("ark (azure)")));
  return std::unique_ptr<ObjectStore>(
      new BlobObjectStore(std::move(options), std::shared_ptr<http::Client>(std::move(client)),
                          std::move(account), *env.clock));
}

Result<std::unique_ptr<BlockStore>> NewArmBlockStore(const ProviderConfig& config,
                                                     const ProviderEnv& env) {
  ARK_ASSIGN_OR_RETURN(
      AzureCredentials creds,
      LoadCredentials(env, {"AZURE_SUBSCRIPTION_ID", "AZURE_TENANT_ID", "AZURE_RESOURCE_GROUP",
                            "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"}));
  auto value = [&](const char* key) { return ConfigValue(config, key); };
  ArmOptions options;
  options.subscription_id = creds.subscription_id;
  options.resource_group = creds.resource_group;
  options.location = value("location");
  if (options.location.empty()) {
    return InvalidArgument("persistentVolumeProvider.azure.location: required (e.g. westeurope)");
  }
  if (std::string t = value("apiTimeout"); !t.empty()) {
    Result<std::chrono::nanoseconds> d = ParseDuration(t);
    if (!d.ok() || d->count() <= 0) {
      return InvalidArgument("persistentVolumeProvider.azure.apiTimeout: \"" + t +
                             "\" is not a positive duration (e.g. 2m)");
    }
    options.api_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(*d);
  }
  std::string arm = value("resourceManagerEndpoint");
  if (arm.empty() && env.getenv) arm = env.getenv("AZURE_RESOURCE_MANAGER_ENDPOINT").value_or("");
  if (!arm.empty()) {
    while (!arm.empty() && arm.back() == '/') arm.pop_back();
    options.endpoint = arm;
  }
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<http::Client> c,
                       http::NewCurlClient(CloudClientOptions("ark (azure)")));
  std::shared_ptr<http::Client> client(std::move(c));
  auto tokens = std::make_shared<AdTokenSource>(
      AuthorityHost(env), ServicePrincipal{creds.tenant_id, creds.client_id, creds.client_secret},
      options.endpoint == "https://management.azure.com" ? kArmScope
                                                         : options.endpoint + "/.default",
      client, *env.clock);
  return std::unique_ptr<BlockStore>(
      new ArmBlockStore(std::move(options), client, std::move(tokens), *env.clock));
}

}  // namespace ark::cloud::azure
