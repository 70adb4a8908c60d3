// Encrypted backups on S3 (moto, signature checking on): the shared scenario of
// support/e2e/encryption_scenario.h, with the stored objects read back through S3 itself.
#include <gtest/gtest.h>

#include "aws_account.h"
#include "moto.h"
#include "support/e2e/encryption_scenario.h"

namespace ark::testing {
namespace {

constexpr const char* kBucket = "ark-encrypted";
constexpr const char* kRegion = "us-east-1";

TEST(AwsEncryptionTest, EncryptedBackupsOnS3) {
  std::string error;
  auto moto = Moto::Start(&error);
  ASSERT_NE(moto, nullptr) << error;
  auto account = AwsAccount::Connect(moto->url(), moto->credentials(), kRegion);
  ASSERT_TRUE(account.ok()) << account.status().ToString();
  ASSERT_TRUE((*account)->CreateBucket(kBucket).ok());

  std::string config = ReadFile(SourcePath("examples/aws/00-ark-config.yaml"));
  config = FillIn(config, "<YOUR_BUCKET>", kBucket);
  config = FillIn(config, "<YOUR_REGION>", kRegion);
  config = FillIn(config, "<YOUR_AVAILABILITY_ZONE>", "us-east-1a");
  const std::string storage = "backupStorageProvider:\n  bucket: " + std::string(kBucket) +
                              "\n  aws:\n    region: " + kRegion + "\n";
  config = FillIn(config, storage, storage + "    s3ForcePathStyle: true\n");
  ArkEnvOptions options;
  options.config_yaml = config;
  options.start_server = false;
  options.env = {{"AWS_ACCESS_KEY_ID", moto->credentials().access_key_id},
                 {"AWS_SECRET_ACCESS_KEY", moto->credentials().secret_access_key},
                 {"AWS_ENDPOINT_URL", moto->url()}};
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);

  RunEncryptionScenario(*env, [&](const std::string& prefix) {
    std::map<std::string, std::string> objects;
    auto keys = (*account)->ListKeys(kBucket, prefix);
    EXPECT_TRUE(keys.ok()) << keys.status().ToString();
    if (!keys.ok()) return objects;
    for (const std::string& key : *keys) {
      auto bytes = (*account)->GetObject(kBucket, key);
      EXPECT_TRUE(bytes.ok()) << key << ": " << bytes.status().ToString();
      if (bytes.ok()) objects[key] = *bytes;
    }
    return objects;
  });
}

}  // namespace
}  // namespace ark::testing
