// Encrypted backups on Google Cloud Storage (the GCS and Compute stubs of this folder, see
// examples_e2e_test.cc for why stubs): the shared scenario of
// support/e2e/encryption_scenario.h, with the stored objects read from the stub's bucket.
#include <gtest/gtest.h>

#include "gcp_world.h"
#include "support/e2e/encryption_scenario.h"

namespace ark::testing {
namespace {

constexpr char kBucket[] = "ark-encrypted";
constexpr char kZone[] = "us-central1-a";

TEST(GcpEncryptionTest, EncryptedBackupsOnGcs) {
  GcpWorld gcp;
  ASSERT_TRUE(gcp.Start());
  ArkEnvOptions options = gcp.Options(kBucket, kZone);
  options.start_server = false;
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);

  RunEncryptionScenario(
      *env, [&](const std::string& prefix) { return gcp.gcs().Objects(kBucket, prefix); });
}

}  // namespace
}  // namespace ark::testing
