#pragma once

#include <memory>
#include <string>

#include "api/config.h"
#include "crypto/keyring.h"
#include "kube/dynamic_client.h"
#include "util/result.h"

namespace ark::persistence {

// The keys of Config `encryption`, as read from their Secret.
struct EncryptionKeys {
  std::shared_ptr<const crypto::Keyring> keyring;  // current key = settings.current_key_id
  std::string resource_version;                    // the Secret's, to notice a change
};

// Reads Secret `settings.key_secret` in `ns`: every data entry is a key (name = key ID,
// value = 32 bytes, base64 in the Secret). The server calls it when it reads the Config; the
// CLI to open what it downloads. Key bytes never appear in errors or logs. Errors:
//   encryption.keySecret: Secret "heptio-ark/ark-keys" not found (create it: ...)
//   encryption.keySecret: cannot read Secret "heptio-ark/ark-keys": <the API's error>
//   encryption.currentKeyID: encryption key ID "k2" is not in Secret "heptio-ark/ark-keys" (it
//   holds: k1) encryption key "k1" in Secret "heptio-ark/ark-keys" is 16 bytes; a key must be 32
//   ...
Result<EncryptionKeys> LoadEncryptionKeys(kube::DynamicClient& client, const std::string& ns,
                                          const api::EncryptionSettings& settings);

// The Secret's resourceVersion ("" when it is gone), for noticing a change cheaply.
Result<std::string> EncryptionSecretVersion(kube::DynamicClient& client, const std::string& ns,
                                            const api::EncryptionSettings& settings);

}  // namespace ark::persistence
