// Encrypted backups on S3 (moto, signature checking on): the shared scenario of
// support/e2e/encryption_scenario.h, with the stored objects read back through S3 itself.
#include <gtest/gtest.h>

#include "aws_world.h"
#include "support/e2e/encryption_scenario.h"

namespace ark::testing {
namespace {

constexpr const char* kBucket = "ark-encrypted";

TEST(AwsEncryptionTest, EncryptedBackupsOnS3) {
  AwsWorld aws = StartAwsWorld(kBucket);
  ASSERT_NE(aws.account, nullptr);
  AwsAccount& account = *aws.account;

  ArkEnvOptions options;
  options.config_yaml = AwsConfig(kBucket, "us-east-1a");
  options.start_server = false;
  options.env = AwsKeyEnvironment(*aws.moto);
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);

  RunEncryptionScenario(*env, [&](const std::string& prefix) {
    std::map<std::string, std::string> objects;
    auto keys = account.ListKeys(kBucket, prefix);
    EXPECT_TRUE(keys.ok()) << keys.status().ToString();
    if (!keys.ok()) return objects;
    for (const std::string& key : *keys) {
      auto bytes = account.GetObject(kBucket, key);
      EXPECT_TRUE(bytes.ok()) << key << ": " << bytes.status().ToString();
      if (bytes.ok()) objects[key] = *bytes;
    }
    return objects;
  });
}

}  // namespace
}  // namespace ark::testing
