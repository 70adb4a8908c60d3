#include "persistence/encryption_keys.h"

#include "util/base64.h"

namespace ark::persistence {
namespace {

const kube::GroupVersionResource kSecrets{"", "v1", "secrets"};

std::string SecretName(const std::string& ns, const api::EncryptionSettings& settings) {
  return "Secret \"" + ns + "/" + settings.key_secret + "\"";
}

}  // namespace

Result<EncryptionKeys> LoadEncryptionKeys(kube::DynamicClient& client, const std::string& ns,
                                          const api::EncryptionSettings& settings) {
  const std::string secret_name = SecretName(ns, settings);
  Result<nlohmann::json> secret = client.Get(kSecrets, ns, settings.key_secret);
  if (!secret.ok()) {
    if (secret.status().code() == Code::kNotFound) {
      return FailedPrecondition(
          "encryption.keySecret: " + secret_name +
          " not found (create it: head -c 32 /dev/urandom > " + settings.current_key_id +
          "; kubectl create secret generic " + settings.key_secret + " --namespace " + ns +
          " --from-file=" + settings.current_key_id + "=" + settings.current_key_id + ")");
    }
    return Status(secret.status().code(), "encryption.keySecret: cannot read " + secret_name +
                                              ": " + secret.status().message());
  }
  auto keyring = std::make_shared<crypto::Keyring>(secret_name);
  auto data = secret->find("data");
  if (data != secret->end() && data->is_object()) {
    for (auto it = data->begin(); it != data->end(); ++it) {
      std::optional<std::string> key =
          it->is_string() ? Base64Decode(it->get<std::string>()) : std::nullopt;
      if (!key)
        return InvalidArgument("encryption key \"" + it.key() + "\" in " + secret_name +
                               " is not base64");
      ARK_RETURN_IF_ERROR(keyring->Add(it.key(), std::move(*key)));
    }
  }
  Status current = keyring->SetCurrent(settings.current_key_id);
  if (!current.ok()) return current.Annotate("encryption.currentKeyID");
  EncryptionKeys keys;
  keys.keyring = std::move(keyring);
  if (auto meta = secret->find("metadata"); meta != secret->end() && meta->is_object()) {
    keys.resource_version = meta->value("resourceVersion", "");
  }
  return keys;
}

Result<std::string> EncryptionSecretVersion(kube::DynamicClient& client, const std::string& ns,
                                            const api::EncryptionSettings& settings) {
  Result<nlohmann::json> secret = client.Get(kSecrets, ns, settings.key_secret);
  if (!secret.ok()) {
    if (secret.status().code() == Code::kNotFound) return std::string();
    return std::move(secret).status();
  }
  auto meta = secret->find("metadata");
  return meta != secret->end() && meta->is_object() ? meta->value("resourceVersion", "")
                                                    : std::string();
}

}  // namespace ark::persistence
