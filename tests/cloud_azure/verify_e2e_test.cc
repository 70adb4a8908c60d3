// `ark backup verify` on Azure: the real binaries against kubesim, Blob storage in azurite and
// managed disks in the ARM stub. A clean backup with one disk snapshot verifies; one flipped
// byte in the stored tarball fails naming the contents; a snapshot deleted at the provider
// fails naming the snapshot.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "arm_stub.h"
#include "azurite.h"
#include "cloud/azure/blob_object_store.h"
#include "http/client.h"
#include "support/e2e/ark_env.h"
#include "util/byte_stream.h"

namespace ark::testing {
namespace {

using nlohmann::json;

constexpr const char* kSubscription = "5c1f3e2a-8d4b-4f6e-9a7c-2b3d4e5f6a7b";
constexpr const char* kTenant = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";
constexpr const char* kResourceGroup = "MC_ark-rg_ark-aks_westeurope";
constexpr const char* kClientId = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
constexpr const char* kClientSecret = "Vq3~Lm8.aZt_Pr5-Xw2Kn7HsJd4~Fc6Ge1Ob9Uy0";
constexpr const char* kLocation = "westeurope";
constexpr const char* kBucket = "ark-verify";
constexpr const char* kDisk = "verify-disk";

TEST(AzureVerifyTest, TarballAndSnapshotAreChecked) {
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
  config = FillIn(config, "<YOUR_LOCATION>", kLocation);
  config = FillIn(config, "<YOUR_TIMEOUT>", "2m0s");
  ArkEnvOptions options;
  options.config_yaml = config;
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

  arm.PutDisk(kDisk, {{"name", kDisk},
                      {"id", arm.ResourceId("disks", kDisk)},
                      {"type", "Microsoft.Compute/disks"},
                      {"location", kLocation},
                      {"sku", {{"name", "Standard_LRS"}, {"tier", "Standard"}}},
                      {"properties",
                       {{"creationData", {{"createOption", "Empty"}}},
                        {"diskSizeGB", 1},
                        {"diskState", "Unattached"},
                        {"provisioningState", "Succeeded"}}}});
  json pv = {{"apiVersion", "v1"},
             {"kind", "PersistentVolume"},
             {"metadata", {{"name", "pv-verify"}, {"labels", {{"app", "verify"}}}}},
             {"spec",
              {{"capacity", {{"storage", "1Gi"}}},
               {"accessModes", {"ReadWriteOnce"}},
               {"persistentVolumeReclaimPolicy", "Retain"},
               {"azureDisk",
                {{"diskName", kDisk},
                 {"diskURI", arm.ResourceId("disks", kDisk)},
                 {"kind", "Managed"}}}}}};
  auto created = env->Kubectl({"create", "-f", "-"}, pv.dump());
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto backup = env->Ark({"backup", "create", "vb", "--selector", "app=verify", "--wait"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << env->server().Stdout();
  json status = env->Get("backups.ark.heptio.com", "vb", "heptio-ark")["status"];
  const std::string snapshot = status["volumeBackups"]["pv-verify"].value("snapshotID", "");
  ASSERT_FALSE(snapshot.empty()) << status.dump();

  auto clean = env->Ark({"backup", "verify", "vb"});
  ASSERT_EQ(clean.exit_code, 0) << clean.out << clean.err << env->server().Stdout();
  EXPECT_NE(clean.out.find("verification Passed"), std::string::npos) << clean.out;
  EXPECT_NE(clean.out.find("Snapshots checked:  1\n"), std::string::npos) << clean.out;

  StringSink original;
  ASSERT_TRUE(blob.GetObject(kBucket, "vb/vb.tar.gz", original).ok());
  std::string flipped = original.str();
  flipped[flipped.size() / 2] ^= 0x20;
  StringSource flipped_body(flipped);
  ASSERT_TRUE(blob.PutObject(kBucket, "vb/vb.tar.gz", flipped_body,
                             static_cast<int64_t>(flipped.size())).ok());
  auto corrupt = env->Ark({"backup", "verify", "vb"});
  EXPECT_EQ(corrupt.exit_code, 1) << corrupt.out << corrupt.err;
  EXPECT_NE(corrupt.out.find("Problems:\n  contents"), std::string::npos) << corrupt.out;
  StringSource original_body(original.str());
  ASSERT_TRUE(blob.PutObject(kBucket, "vb/vb.tar.gz", original_body,
                             static_cast<int64_t>(original.str().size())).ok());
  EXPECT_EQ(env->Ark({"backup", "verify", "vb"}).exit_code, 0);

  {
    std::lock_guard<std::mutex> lock(arm.mu_);
    ASSERT_EQ(arm.snapshot_store.erase(snapshot.substr(snapshot.rfind('/') + 1)), 1u) << snapshot;
  }
  auto gone = env->Ark({"backup", "verify", "vb"});
  EXPECT_EQ(gone.exit_code, 1) << gone.out << gone.err;
  EXPECT_NE(gone.out.find("  snapshot:" + snapshot + ":\n"), std::string::npos) << gone.out;
}

}  // namespace
}  // namespace ark::testing
