// Encrypted backups on Azure Blob storage (azurite; managed disks in the ARM stub, as the
// example Config names them): the shared scenario of support/e2e/encryption_scenario.h, with
// the stored blobs read back through the Blob API.
#include <gtest/gtest.h>

#include "azure_world.h"
#include "support/e2e/encryption_scenario.h"
#include "util/byte_stream.h"

namespace ark::testing {
namespace {

constexpr const char* kClientSecret = "Wr4~Kp7.bYs_Nq2-Zv8Lm3HtJf5~Dc9Ga1Pe6Xo0";
constexpr const char* kBucket = "ark-encrypted";

TEST(AzureEncryptionTest, EncryptedBackupsOnBlobStorage) {
  auto azure = AzureWorld::Start(kBucket, kClientSecret);
  ASSERT_NE(azure, nullptr);
  cloud::azure::BlobObjectStore& blob = azure->blob();

  ArkEnvOptions options = azure->Options();
  options.start_server = false;
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);

  RunEncryptionScenario(*env, [&](const std::string& prefix) {
    std::map<std::string, std::string> objects;
    auto keys = blob.ListObjects(kBucket, prefix);
    EXPECT_TRUE(keys.ok()) << keys.status().ToString();
    if (!keys.ok()) return objects;
    for (const std::string& key : *keys) {
      StringSink bytes;
      Status got = blob.GetObject(kBucket, key, bytes);
      EXPECT_TRUE(got.ok()) << key << ": " << got.ToString();
      objects[key] = bytes.Take();
    }
    return objects;
  });
}

}  // namespace
}  // namespace ark::testing
