#pragma once

#include <atomic>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/config.h"
#include "controller/informer.h"
#include "kube/dynamic_client.h"
#include "server/stop_signal.h"
#include "util/log.h"
#include "util/result.h"

namespace ark::server {

// Tells the server when the controllers it runs for one Config must start again: Config
// "default" changed (its body, not its metadata or status) or was deleted, or the Secret holding
// its encryption keys changed (a key added, replaced or made current). The Secret is polled
// every 5 s rather than watched: the server may read Secrets without listing them.
// Not thread-safe beyond the informer's own callbacks; one per run of the controllers.
class ConfigWatch {
 public:
  // `config` is the Config the controllers run with. Starts watching at once.
  ConfigWatch(kube::DynamicClient& client, const std::string& ns, const nlohmann::json& config,
              const Logger& log);

  // Also watch the keys' Secret, last seen at `version` ("" when it could not be read).
  void WatchKeySecret(const api::EncryptionSettings& settings, std::string version);

  // Blocks until a change (true) or `stop` (false), logging why the controllers restart.
  Result<bool> WaitForChange(const StopSignal& stop);

  // The Config informer, stopped with the controllers' informers so their waits overlap.
  controller::Informer& informer() { return configs_; }

 private:
  bool KeySecretChanged();

  kube::DynamicClient& client_;
  const std::string ns_;
  Logger log_;
  const nlohmann::json body_;
  std::atomic<bool> changed_{false};
  controller::Informer configs_;
  std::optional<api::EncryptionSettings> key_secret_;
  std::string key_secret_version_;
};

// The parts of a Config that matter (not its metadata or status).
nlohmann::json ConfigBody(const nlohmann::json& config);

}  // namespace ark::server
