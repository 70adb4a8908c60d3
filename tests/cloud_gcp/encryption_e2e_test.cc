// Encrypted backups on Google Cloud Storage (the GCS and Compute stubs of this folder, see
// examples_e2e_test.cc for why stubs): the shared scenario of
// support/e2e/encryption_scenario.h, with the stored objects read from the stub's bucket.
#include <gtest/gtest.h>

#include "compute_stub.h"
#include "gcs_stub.h"
#include "support/e2e/encryption_scenario.h"
#include "token_stub.h"

namespace ark::testing {
namespace {

constexpr char kBucket[] = "ark-encrypted";
constexpr char kProject[] = "ark-e2e-project";
constexpr char kZone[] = "us-central1-a";

const TestRsaKey& Key() {
  static TestRsaKey* key = new TestRsaKey();
  return *key;
}

TEST(GcpEncryptionTest, EncryptedBackupsOnGcs) {
  TempDir dir;
  StubServer google, storage;
  TokenStub tokens{google, Key()};
  ComputeStub compute{google, [&tokens](const std::string& token) { return tokens.Issued(token); }};
  GcsStub gcs{storage, "", &Key()};
  google.Start();
  storage.Start();
  ASSERT_GT(google.port(), 0);
  ASSERT_GT(storage.port(), 0);
  WriteFile(dir.File("credentials-ark"),
            ServiceAccountJson(Key(), google.url() + "/token").dump(2));

  std::string config = ReadFile(SourcePath("examples/gcp/00-ark-config.yaml"));
  config = FillIn(config, "<YOUR_BUCKET>", kBucket);
  config = FillIn(config, "<YOUR_PROJECT>", kProject);
  config = FillIn(config, "    zone: <YOUR_ZONE>\n",
                  std::string("    zone: ") + kZone + "\n    computeEndpoint: " + google.url() +
                      "/compute/v1\n");
  ArkEnvOptions options;
  options.config_yaml = config;
  options.start_server = false;
  options.env = {{"GOOGLE_APPLICATION_CREDENTIALS", dir.File("credentials-ark")},
                 {"STORAGE_EMULATOR_HOST", "127.0.0.1:" + std::to_string(storage.port())}};
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);

  RunEncryptionScenario(*env,
                        [&](const std::string& prefix) { return gcs.Objects(kBucket, prefix); });
}

}  // namespace
}  // namespace ark::testing
