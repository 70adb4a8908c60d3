// Encrypted backups on Azure Blob storage (azurite; managed disks in the ARM stub, as the
// example Config names them): the shared scenario of support/e2e/encryption_scenario.h, with
// the stored blobs read back through the Blob API.
#include <gtest/gtest.h>

#include "arm_stub.h"
#include "azurite.h"
#include "cloud/azure/blob_object_store.h"
#include "http/client.h"
#include "support/e2e/encryption_scenario.h"
#include "util/byte_stream.h"

namespace ark::testing {
namespace {

constexpr const char* kSubscription = "5c1f3e2a-8d4b-4f6e-9a7c-2b3d4e5f6a7b";
constexpr const char* kTenant = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";
constexpr const char* kResourceGroup = "MC_ark-rg_ark-aks_westeurope";
constexpr const char* kClientId = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
constexpr const char* kClientSecret = "Wr4~Kp7.bYs_Nq2-Zv8Lm3HtJf5~Dc9Ga1Pe6Xo0";
constexpr const char* kBucket = "ark-encrypted";

TEST(AzureEncryptionTest, EncryptedBackupsOnBlobStorage) {
  std::string error;
  auto azurite = Azurite::Start(&error);
  ASSERT_NE(azurite, nullptr) << error;
  ArmStubOptions arm_options;
  arm_options.subscription_id = kSubscription;
  arm_options.resource_group = kResourceGroup;
  arm_options.tenant_id = kTenant;
  arm_options.client_id = kClientId;
  arm_options.client_secret = kClientSecret;
  ArmStub arm(arm_options);

  auto client = http::NewCurlClient({});
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  cloud::azure::BlobOptions blob_options;
  blob_options.endpoint = azurite->endpoint();
  cloud::azure::BlobObjectStore blob(blob_options, std::shared_ptr<http::Client>(std::move(*client)),
                                     Azurite::Account(), SystemClock());
  ASSERT_TRUE(blob.CreateContainer(kBucket).ok());

  std::string config = ReadFile(SourcePath("examples/azure/10-ark-config.yaml"));
  config = FillIn(config, "<YOUR_BUCKET>", kBucket);
  config = FillIn(config, "<YOUR_LOCATION>", "westeurope");
  config = FillIn(config, "<YOUR_TIMEOUT>", "2m0s");
  ArkEnvOptions options;
  options.config_yaml = config;
  options.start_server = false;
  options.env = {{"AZURE_SUBSCRIPTION_ID", kSubscription},
                 {"AZURE_TENANT_ID", kTenant},
                 {"AZURE_RESOURCE_GROUP", kResourceGroup},
                 {"AZURE_CLIENT_ID", kClientId},
                 {"AZURE_CLIENT_SECRET", kClientSecret},
                 {"AZURE_STORAGE_ACCOUNT_ID", Azurite::kAccount},
                 {"AZURE_STORAGE_KEY", Azurite::kKey},
                 {"AZURE_STORAGE_ENDPOINT", azurite->endpoint()},
                 {"AZURE_RESOURCE_MANAGER_ENDPOINT", arm.url()},
                 {"AZURE_AUTHORITY_HOST", arm.url()}};
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
