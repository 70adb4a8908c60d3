// Config `encryption`: off unless given, and every mistake in it named by its field.
#include <gtest/gtest.h>

#include "api/config.h"

namespace ark::api {
namespace {

Json Config(const std::string& encryption) {
  Json j =
      Json::parse(R"({"backupStorageProvider": {"bucket": "ark", "local": {"path": "/tmp/x"}}})");
  if (!encryption.empty()) j["encryption"] = Json::parse(encryption);
  j["apiVersion"] = "ark.heptio.com/v1";
  j["kind"] = "Config";
  j["metadata"] = {{"name", "default"}, {"namespace", "heptio-ark"}};
  return j;
}

TEST(ConfigEncryptionTest, OffUnlessGiven) {
  for (const char* absent : {"", "null"}) {
    auto c = ParseServerConfig(Config(absent));
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    EXPECT_FALSE(c->encryption.has_value());
  }
}

TEST(ConfigEncryptionTest, ReadsTheSecretAndTheCurrentKey) {
  auto c = ParseServerConfig(
      Config(R"({"keySecret": "ark-encryption", "currentKeyID": "2026-12.k_1"})"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_TRUE(c->encryption.has_value());
  EXPECT_EQ(c->encryption->key_secret, "ark-encryption");
  EXPECT_EQ(c->encryption->current_key_id, "2026-12.k_1");
}

TEST(ConfigEncryptionTest, MistakesNameTheField) {
  const std::pair<const char*, const char*> cases[] = {
      {R"("yes")", "encryption: expected an object, got string"},
      {R"({"keySecret": "k", "currentKeyID": "a", "key": "x"})",
       "encryption: unknown key \"key\" (known: keySecret, currentKeyID)"},
      {R"({"currentKeyID": "k1"})", "encryption.keySecret: \"\" is not a Secret name"},
      {R"({"keySecret": "Ark_Keys", "currentKeyID": "k1"})",
       "encryption.keySecret: \"Ark_Keys\" is not a Secret name"},
      {R"({"keySecret": "ark-keys"})",
       "encryption.currentKeyID: \"\" is not a key of a Secret's data"},
      {R"({"keySecret": "ark-keys", "currentKeyID": "k/1"})",
       "encryption.currentKeyID: \"k/1\" is not a key"},
      {R"({"keySecret": 7, "currentKeyID": "k1"})", "encryption.keySecret"},
  };
  for (const auto& [encryption, expected] : cases) {
    SCOPED_TRACE(encryption);
    auto c = ParseServerConfig(Config(encryption));
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().code(), Code::kInvalidArgument);
    EXPECT_NE(c.status().message().find(expected), std::string::npos) << c.status().message();
    EXPECT_NE(c.status().message().find("Config \"heptio-ark/default\""), std::string::npos)
        << c.status().message();
  }
}

}  // namespace
}  // namespace ark::api
