#include "server/storage_setup.h"

#include "persistence/encryption_keys.h"

namespace ark::server {

Result<ConfiguredStorage> SetUpStorage(const ServerConfig& config,
                                       const cloud::ProviderRegistry& providers,
                                       const cloud::ProviderEnv& provider_env,
                                       kube::DynamicClient& client, const std::string& ns,
                                       ConfigWatch& watch, const Logger& log) {
  ConfiguredStorage out;
  auto object_store =
      providers.NewObjectStore(config.storage.name, config.storage.config, provider_env);
  if (!object_store.ok()) {
    log.Error("Cannot set up the backup storage provider; waiting for the Config to change",
              {{"error", object_store.status().ToString()}});
    return Status(object_store.status()).Annotate("backupStorageProvider");
  }
  out.object_store = std::move(*object_store);
  if (config.volumes) {
    auto bs = providers.NewBlockStore(config.volumes->name, config.volumes->config, provider_env);
    if (!bs.ok()) {
      log.Error("Cannot set up the persistent volume provider; waiting for the Config to change",
                {{"error", bs.status().ToString()}});
      return Status(bs.status()).Annotate("persistentVolumeProvider");
    }
    out.block_store = std::move(*bs);
  }
  if (config.encryption) {
    auto loaded = persistence::LoadEncryptionKeys(client, ns, *config.encryption);
    if (!loaded.ok()) {
      // Backups would otherwise go out unencrypted, or restores fail one by one.
      log.Error("Cannot read the encryption keys; waiting for the Config or the Secret to change",
                {{"error", loaded.status().ToString()}});
      auto version = persistence::EncryptionSecretVersion(client, ns, *config.encryption);
      watch.WatchKeySecret(*config.encryption, version.ok() ? *version : "");
      return loaded.status();
    }
    out.keys = loaded->keyring;
    watch.WatchKeySecret(*config.encryption, loaded->resource_version);
  }
  return out;
}

}  // namespace ark::server
