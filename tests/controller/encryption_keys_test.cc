// Reading the encryption keys from their Secret (kubesim): the keyring it gives, and errors
// that name the Secret and the key ID but never a key's bytes.

#include "persistence/encryption_keys.h"

#include <gtest/gtest.h>

#include "controller/kubesim_client.h"
#include "util/base64.h"

namespace ark::controller {
namespace {

const kube::GroupVersionResource kSecrets{"", "v1", "secrets"};

class EncryptionKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kube_ = StartKubesimClient();
    ASSERT_NE(kube_.client, nullptr);
  }
  void CreateSecret(const nlohmann::json& data) {
    nlohmann::json secret = {{"apiVersion", "v1"},
                             {"kind", "Secret"},
                             {"metadata", {{"name", "ark-keys"}, {"namespace", "heptio-ark"}}},
                             {"data", data}};
    auto created = kube_.client->Create(kSecrets, "heptio-ark", secret);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
  }
  Result<persistence::EncryptionKeys> Load(const std::string& current) {
    return persistence::LoadEncryptionKeys(*kube_.client, "heptio-ark", {"ark-keys", current});
  }

  KubesimClient kube_;
};

TEST_F(EncryptionKeysTest, EveryDataEntryIsAKey) {
  ASSERT_NO_FATAL_FAILURE(CreateSecret(
      {{"k1", Base64Encode(std::string(32, 'a'))}, {"k2", Base64Encode(std::string(32, 'b'))}}));
  auto keys = Load("k2");
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  EXPECT_EQ(keys->keyring->ids(), (std::vector<std::string>{"k1", "k2"}));
  EXPECT_EQ(keys->keyring->current_id(), "k2");
  EXPECT_EQ(*keys->keyring->Find("k1"), std::string(32, 'a'));
  EXPECT_FALSE(keys->resource_version.empty());
  auto version =
      persistence::EncryptionSecretVersion(*kube_.client, "heptio-ark", {"ark-keys", "k2"});
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, keys->resource_version);
}

TEST_F(EncryptionKeysTest, AMissingSecretSaysHowToCreateIt) {
  auto keys = Load("k1");
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(keys.status().message(),
            "encryption.keySecret: Secret \"heptio-ark/ark-keys\" not found (create it: head -c 32 "
            "/dev/urandom > k1; kubectl create secret generic ark-keys --namespace heptio-ark "
            "--from-file=k1=k1)");
  auto version =
      persistence::EncryptionSecretVersion(*kube_.client, "heptio-ark", {"ark-keys", "k1"});
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, "");
}

TEST_F(EncryptionKeysTest, AShortKeyIsNamedWithoutItsBytes) {
  const std::string short_key = "sixteen-byte-key";
  ASSERT_NO_FATAL_FAILURE(CreateSecret(
      {{"k1", Base64Encode(std::string(32, 'a'))}, {"short", Base64Encode(short_key)}}));
  auto keys = Load("k1");
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.status().message(),
            "encryption key \"short\" in Secret \"heptio-ark/ark-keys\" is 16 bytes; a key must be "
            "32 random "
            "bytes (256 bits)");
  EXPECT_EQ(keys.status().message().find(short_key), std::string::npos);
}

TEST_F(EncryptionKeysTest, ACurrentKeyIdNotInTheSecretIsNamed) {
  ASSERT_NO_FATAL_FAILURE(CreateSecret({{"k1", Base64Encode(std::string(32, 'a'))}}));
  auto keys = Load("k2");
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(
      keys.status().message(),
      "encryption.currentKeyID: encryption key ID \"k2\" is not in Secret \"heptio-ark/ark-keys\" "
      "(it holds: k1)");
}

}  // namespace
}  // namespace ark::controller
