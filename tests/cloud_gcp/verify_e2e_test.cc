// `ark backup verify` on Google Cloud: the real binaries against kubesim, with the GCS and
// Compute stubs of this folder (see examples_e2e_test.cc for why stubs). A clean backup with
// one disk snapshot verifies; one flipped byte in the stored tarball fails naming the
// contents; a snapshot deleted at the provider fails naming the snapshot.
#include <gtest/gtest.h>

#include "compute_stub.h"
#include "gcs_stub.h"
#include "support/e2e/verify_scenario.h"
#include "token_stub.h"

namespace ark::testing {
namespace {

using nlohmann::json;

constexpr char kBucket[] = "ark-verify";
constexpr char kProject[] = "ark-e2e-project";
constexpr char kZone[] = "us-central1-a";
constexpr char kDisk[] = "verify-disk";

const TestRsaKey& Key() {
  static TestRsaKey* key = new TestRsaKey();
  return *key;
}

class GcpVerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    google_.Start();
    storage_.Start();
    ASSERT_GT(google_.port(), 0);
    ASSERT_GT(storage_.port(), 0);
    WriteFile(dir_.File("credentials-ark"),
              ServiceAccountJson(Key(), google_.url() + "/token").dump(2));
  }

  ArkEnvOptions Options() {
    std::string config = ReadFile(SourcePath("examples/gcp/00-ark-config.yaml"));
    config = FillIn(config, "<YOUR_BUCKET>", kBucket);
    config = FillIn(config, "<YOUR_PROJECT>", kProject);
    config = FillIn(config, "    zone: <YOUR_ZONE>\n",
                    std::string("    zone: ") + kZone + "\n    computeEndpoint: " + google_.url() +
                        "/compute/v1\n");
    ArkEnvOptions o;
    o.config_yaml = config;
    o.env = {{"GOOGLE_APPLICATION_CREDENTIALS", dir_.File("credentials-ark")},
             {"STORAGE_EMULATOR_HOST", "127.0.0.1:" + std::to_string(storage_.port())}};
    return o;
  }

  TempDir dir_;
  StubServer google_;
  StubServer storage_;
  TokenStub tokens_{google_, Key()};
  ComputeStub compute_{google_, [this](const std::string& token) { return tokens_.Issued(token); }};
  GcsStub gcs_{storage_, "", &Key()};
};

TEST_F(GcpVerifyTest, TarballAndSnapshotAreChecked) {
  auto env = ArkEnv::Start(Options());
  ASSERT_NE(env, nullptr);
  compute_.AddDisk(kProject, kZone, kDisk,
                   {"https://www.googleapis.com/compute/v1/projects/" + std::string(kProject) +
                        "/zones/" + kZone + "/diskTypes/pd-standard",
                    "READY", "", nullptr});
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
      {.get = [&](const std::string& key) { return gcs_.Get(kBucket, key); },
       .put =
           [&](const std::string& key, const std::string& bytes) {
             gcs_.Put(kBucket, key, bytes);
             return true;
           },
       .delete_snapshot = [&](const std::string& id) { return compute_.RemoveSnapshot(id); }});
}

}  // namespace
}  // namespace ark::testing
