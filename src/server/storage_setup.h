#pragma once

#include <memory>
#include <string>

#include "cloud/block_store.h"
#include "cloud/object_store.h"
#include "cloud/provider_registry.h"
#include "crypto/keyring.h"
#include "kube/dynamic_client.h"
#include "server/config_watch.h"
#include "server/server_config.h"
#include "util/log.h"
#include "util/result.h"

namespace ark::server {

// What a Config names outside the cluster, set up before any controller runs.
struct ConfiguredStorage {
  std::unique_ptr<cloud::ObjectStore> object_store;
  std::unique_ptr<cloud::BlockStore> block_store;  // null without a persistentVolumeProvider
  std::shared_ptr<const crypto::Keyring> keys;     // null without encryption
};

// Sets up the backup storage provider, the persistent volume provider and the encryption keys
// of `config`; the keys' Secret is handed to `watch` whether or not its keys can be read, so
// fixing it restarts the controllers. On failure it logs what the server waits for and returns
// the verdict for the Config's status (annotated with the provider's field for providers).
Result<ConfiguredStorage> SetUpStorage(const ServerConfig& config,
                                       const cloud::ProviderRegistry& providers,
                                       const cloud::ProviderEnv& provider_env,
                                       kube::DynamicClient& client, const std::string& ns,
                                       ConfigWatch& watch, const Logger& log);

}  // namespace ark::server
