// `ark backup verify` on Azure: the real binaries against kubesim, Blob storage in azurite and
// managed disks in the ARM stub. A clean backup with one disk snapshot verifies; one flipped
// byte in the stored tarball fails naming the contents; a snapshot deleted at the provider
// fails naming the snapshot.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "azure_world.h"
#include "support/e2e/ark_env.h"
#include "util/byte_stream.h"

namespace ark::testing {
namespace {

using nlohmann::json;

constexpr const char* kClientSecret = "Vq3~Lm8.aZt_Pr5-Xw2Kn7HsJd4~Fc6Ge1Ob9Uy0";
constexpr const char* kLocation = kAzureLocation;
constexpr const char* kBucket = "ark-verify";
constexpr const char* kDisk = "verify-disk";

TEST(AzureVerifyTest, TarballAndSnapshotAreChecked) {
  std::string error;
  auto azurite = Azurite::Start(&error);
  ASSERT_NE(azurite, nullptr) << error;
  ArmStub arm(AzureArmOptions(kClientSecret));
  auto blob_client = NewAzuriteBlobClient(*azurite);
  ASSERT_NE(blob_client, nullptr);
  cloud::azure::BlobObjectStore& blob = *blob_client;
  ASSERT_TRUE(blob.CreateContainer(kBucket).ok());

  ArkEnvOptions options;
  options.config_yaml = AzureConfig(kBucket);
  options.env = AzureCredentials(*azurite, arm, kClientSecret);
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
