// `ark backup verify` on Azure: the real binaries against kubesim, Blob storage in azurite and
// managed disks in the ARM stub. A clean backup with one disk snapshot verifies; one flipped
// byte in the stored tarball fails naming the contents; a snapshot deleted at the provider
// fails naming the snapshot.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "azure_world.h"
#include "support/e2e/verify_scenario.h"
#include "util/byte_stream.h"

namespace ark::testing {
namespace {

using nlohmann::json;

constexpr const char* kClientSecret = "Vq3~Lm8.aZt_Pr5-Xw2Kn7HsJd4~Fc6Ge1Ob9Uy0";
constexpr const char* kLocation = kAzureLocation;
constexpr const char* kBucket = "ark-verify";
constexpr const char* kDisk = "verify-disk";

TEST(AzureVerifyTest, TarballAndSnapshotAreChecked) {
  auto azure = AzureWorld::Start(kBucket, kClientSecret);
  ASSERT_NE(azure, nullptr);
  cloud::azure::BlobObjectStore& blob = azure->blob();
  ArmStub& arm = azure->arm();

  auto env = ArkEnv::Start(azure->Options());
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
  RunVerifyScenario(
      *env, pv,
      {.get = [&](const std::string& key) -> std::optional<std::string> {
         StringSink bytes;
         if (!blob.GetObject(kBucket, key, bytes).ok()) return std::nullopt;
         return bytes.str();
       },
       .put =
           [&](const std::string& key, const std::string& bytes) {
             StringSource body(bytes);
             return blob.PutObject(kBucket, key, body, static_cast<int64_t>(bytes.size())).ok();
           },
       .delete_snapshot =
           [&](const std::string& id) {
             std::lock_guard<std::mutex> lock(arm.mu_);
             return arm.snapshot_store.erase(id.substr(id.rfind('/') + 1)) == 1;
           }});
}

}  // namespace
}  // namespace ark::testing
