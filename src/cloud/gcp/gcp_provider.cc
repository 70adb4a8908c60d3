#include "cloud/gcp/gcp_provider.h"

#include "cloud/gcp/compute_block_store.h"
#include "cloud/gcp/credentials.h"
#include "cloud/gcp/gcs_object_store.h"
#include "cloud/http_options.h"
#include "cloud/provider_config.h"
#include "http/client.h"

namespace ark::cloud::gcp {
namespace {

std::optional<std::string> Getenv(const ProviderEnv& env, std::string_view name) {
  if (!env.getenv) return std::nullopt;
  auto value = env.getenv(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

Result<std::shared_ptr<http::Client>> NewGcpHttpClient() {
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<http::Client> client,
                       http::NewCurlClient(CloudClientOptions("ark (gcp)")));
  return std::shared_ptr<http::Client>(std::move(client));
}

Result<std::optional<ServiceAccountKey>> KeyFromEnv(const ProviderEnv& env, bool required) {
  auto path = Getenv(env, "GOOGLE_APPLICATION_CREDENTIALS");
  if (!path) {
    if (required) {
      return FailedPrecondition(
          "gcp: GOOGLE_APPLICATION_CREDENTIALS is not set; it must name a service-account JSON "
          "key file");
    }
    return std::optional<ServiceAccountKey>();
  }
  ARK_ASSIGN_OR_RETURN(ServiceAccountKey key, LoadServiceAccountKey(*path));
  return std::optional<ServiceAccountKey>(std::move(key));
}

std::string TrimSlash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace

Result<std::unique_ptr<ObjectStore>> NewGcsObjectStore(const ProviderConfig& config,
                                                       const ProviderEnv& env) {
  GcsOptions options;
  auto emulator = Getenv(env, "STORAGE_EMULATOR_HOST");
  ARK_ASSIGN_OR_RETURN(std::optional<ServiceAccountKey> key, KeyFromEnv(env, !emulator));
  ARK_ASSIGN_OR_RETURN(std::shared_ptr<http::Client> client, NewGcpHttpClient());
  std::shared_ptr<TokenSource> tokens;
  if (emulator) {
    options.endpoint =
        emulator->find("://") == std::string::npos ? "http://" + *emulator : *emulator;
  } else {
    tokens = std::make_shared<TokenSource>(*key, kStorageScope, ConfigValue(config, "tokenUri"),
                                           client, *env.clock);
  }
  if (std::string endpoint = ConfigValue(config, "storageEndpoint"); !endpoint.empty()) {
    options.endpoint = endpoint;
  }
  options.endpoint = TrimSlash(options.endpoint);
  auto transport = std::make_unique<Transport>(client, std::move(tokens), *env.clock);
  return std::unique_ptr<ObjectStore>(
      std::make_unique<GcsObjectStore>(std::move(options), std::move(transport), std::move(key)));
}

Result<std::unique_ptr<BlockStore>> NewComputeBlockStore(const ProviderConfig& config,
                                                         const ProviderEnv& env) {
  ARK_ASSIGN_OR_RETURN(std::optional<ServiceAccountKey> key, KeyFromEnv(env, true));
  ComputeOptions options;
  options.project = ConfigValue(config, "project", key->project_id);
  if (options.project.empty()) {
    return InvalidArgument(
        "gcp: persistentVolumeProvider config needs `project` (the service-account key " +
        key->source + " names no project_id)");
  }
  options.zone = ConfigValue(config, "zone");
  options.endpoint = TrimSlash(ConfigValue(config, "computeEndpoint", options.endpoint));
  ARK_ASSIGN_OR_RETURN(std::shared_ptr<http::Client> client, NewGcpHttpClient());
  auto tokens = std::make_shared<TokenSource>(*key, kComputeScope, ConfigValue(config, "tokenUri"),
                                              client, *env.clock);
  auto transport = std::make_unique<Transport>(client, std::move(tokens), *env.clock);
  return std::unique_ptr<BlockStore>(
      std::make_unique<ComputeBlockStore>(std::move(options), std::move(transport)));
}

}  // namespace ark::cloud::gcp
