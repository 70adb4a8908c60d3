#include "cloud/azure/credentials.h"

#include "cloud/provider_config.h"

namespace ark::cloud::azure {

Result<AzureCredentials> LoadCredentials(const ProviderEnv& env,
                                         const std::vector<std::string>& names) {
  AzureCredentials c;
  const std::pair<const char*, std::string*> fields[] = {
      {"AZURE_SUBSCRIPTION_ID", &c.subscription_id},
      {"AZURE_TENANT_ID", &c.tenant_id},
      {"AZURE_RESOURCE_GROUP", &c.resource_group},
      {"AZURE_CLIENT_ID", &c.client_id},
      {"AZURE_CLIENT_SECRET", &c.client_secret},
      {"AZURE_STORAGE_ACCOUNT_ID", &c.storage_account_id},
      {"AZURE_STORAGE_KEY", &c.storage_key},
  };
  std::vector<std::string> missing;
  for (const auto& name : names) {
    bool known = false;
    for (const auto& [var, field] : fields) {
      if (name != var) continue;
      known = true;
      std::optional<std::string> v = env.getenv ? env.getenv(var) : std::nullopt;
      if (!v || v->empty()) {
        missing.push_back(var);
      } else {
        *field = *v;
      }
    }
    if (!known) return InvalidArgument("azure credentials: unknown variable " + name);
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    return InvalidArgument("azure credentials: " + list + (missing.size() == 1 ? " is" : " are") +
                           " not set (the cloud-credentials secret provides them)");
  }
  return c;
}

Result<StorageAccount> LoadStorageAccount(const ProviderEnv& env) {
  ARK_ASSIGN_OR_RETURN(AzureCredentials c,
                       LoadCredentials(env, {"AZURE_STORAGE_ACCOUNT_ID", "AZURE_STORAGE_KEY"}));
  Result<std::string> key = Base64Decode(c.storage_key);
  if (!key.ok()) {
    return InvalidArgument("azure credentials: AZURE_STORAGE_KEY is not a base64 storage key");
  }
  return StorageAccount{c.storage_account_id, std::move(*key)};
}

std::string BlobEndpoint(const ProviderConfig& config, const ProviderEnv& env,
                         const std::string& account) {
  std::string endpoint = ConfigValue(config, "storageEndpoint");
  if (endpoint.empty() && env.getenv) endpoint = env.getenv("AZURE_STORAGE_ENDPOINT").value_or("");
  if (endpoint.empty()) endpoint = "https://" + account + ".blob.core.windows.net";
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  return endpoint;
}

}  // namespace ark::cloud::azure
