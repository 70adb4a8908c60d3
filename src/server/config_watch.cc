#include "server/config_watch.h"

#include <chrono>

#include "api/resources.h"
#include "persistence/encryption_keys.h"

namespace ark::server {

using nlohmann::json;
using std::chrono::milliseconds;

json ConfigBody(const json& config) {
  json body = config;
  body.erase("metadata");
  body.erase("status");
  return body;
}

ConfigWatch::ConfigWatch(kube::DynamicClient& client, const std::string& ns, const json& config,
                         const Logger& log)
    : client_(client),
      ns_(ns),
      log_(log),
      body_(ConfigBody(config)),
      configs_(client, api::ConfigsGvr(), ns, log) {
  configs_.OnChange([this](const json& c) {
    if (api::Name(c) == "default" && ConfigBody(c) != body_) changed_ = true;
  });
  configs_.OnDelete([this](const json& c) {
    if (api::Name(c) == "default") changed_ = true;
  });
  configs_.Start();
}

void ConfigWatch::WatchKeySecret(const api::EncryptionSettings& settings, std::string version) {
  key_secret_ = settings;
  key_secret_version_ = std::move(version);
}

bool ConfigWatch::KeySecretChanged() {
  if (!key_secret_) return false;
  auto version = persistence::EncryptionSecretVersion(client_, ns_, *key_secret_);
  return version.ok() && *version != key_secret_version_;
}

Result<bool> ConfigWatch::WaitForChange(const StopSignal& stop) {
  for (int tick = 1; !changed_; ++tick) {
    if (stop.WaitFor(milliseconds(200))) return false;
    if (tick % 25 == 0 && KeySecretChanged()) {
      log_.Info("The encryption keys' Secret changed; restarting the controllers",
                {{"secret", ns_ + "/" + key_secret_->key_secret}});
      return true;
    }
  }
  log_.Info("Config \"default\" changed; restarting the controllers");
  return true;
}

}  // namespace ark::server
