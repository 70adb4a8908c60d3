// `ark backup verify` on Google Cloud: the real binaries against kubesim, with the GCS and
// Compute stubs of this folder (see examples_e2e_test.cc for why stubs). A clean backup with
// one disk snapshot verifies; one flipped byte in the stored tarball fails naming the
// contents; a snapshot deleted at the provider fails naming the snapshot.
#include <gtest/gtest.h>

#include "gcp_world.h"
#include "support/e2e/verify_scenario.h"

namespace ark::testing {
namespace {

using nlohmann::json;

constexpr char kBucket[] = "ark-verify";
constexpr char kZone[] = "us-central1-a";
constexpr char kDisk[] = "verify-disk";

TEST(GcpVerifyTest, TarballAndSnapshotAreChecked) {
  GcpWorld gcp;
  ASSERT_TRUE(gcp.Start());
  auto env = ArkEnv::Start(gcp.Options(kBucket, kZone));
  ASSERT_NE(env, nullptr);
  gcp.compute().AddDisk(kGcpProject, kZone, kDisk, {GcpDiskType(kZone), "READY", "", nullptr});
  json pv = {{"apiVersion", "v1"},
             {"kind", "PersistentVolume"},
             {"metadata",
              {{"name", "pv-verify"},
               {"labels", {{"app", "verify"}, {"topology.kubernetes.io/zone", kZone}}}}},
             {"spec",
              {{"capacity", {{"storage", "1Gi"}}},
               {"accessModes", {"ReadWriteOnce"}},
               {"persistentVolumeReclaimPolicy", "Retain"},
               {"gcePersistentDisk", {{"pdName", kDisk}, {"fsType", "ext4"}}}}}};
  RunVerifyScenario(
      *env, pv,
      {.get = [&](const std::string& key) { return gcp.gcs().Get(kBucket, key); },
       .put =
           [&](const std::string& key, const std::string& bytes) {
             gcp.gcs().Put(kBucket, key, bytes);
             return true;
           },
       .delete_snapshot = [&](const std::string& id) { return gcp.compute().RemoveSnapshot(id); }});
}

}  // namespace
}  // namespace ark::testing
