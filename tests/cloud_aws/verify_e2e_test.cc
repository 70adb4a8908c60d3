// `ark backup verify` on AWS: the real binaries against kubesim, with moto as S3 and EC2. A
// clean backup with one EBS snapshot verifies; one flipped byte in the stored tarball fails
// naming the contents (and passes again once the bytes are back); a snapshot deleted at the
// provider fails naming the snapshot.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "aws_world.h"
#include "support/e2e/verify_scenario.h"

namespace ark::testing {
namespace {

using nlohmann::json;

constexpr const char* kBucket = "ark-verify";
constexpr const char* kZone = "us-east-1a";

TEST(AwsVerifyTest, TarballAndSnapshotAreChecked) {
  AwsWorld aws = StartAwsWorld(kBucket);
  ASSERT_NE(aws.account, nullptr);
  AwsAccount& account = *aws.account;

  ArkEnvOptions options;
  options.config_yaml = AwsConfig(kBucket, kZone);
  ASSERT_FALSE(::testing::Test::HasFailure()) << "the example Config did not fill in";
  options.env = AwsKeyEnvironment(*aws.moto);
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);

  // A PV on an EBS volume, labelled for the backup: its snapshot is what the backup records.
  auto volume = account.CreateVolume(kZone, "gp2", 1, {});
  ASSERT_TRUE(volume.ok()) << volume.status().ToString();
  json pv = {
      {"apiVersion", "v1"},
      {"kind", "PersistentVolume"},
      {"metadata", {{"name", "pv-verify"}, {"labels", {{"app", "verify"}}}}},
      {"spec",
       {{"accessModes", {"ReadWriteOnce"}},
        {"capacity", {{"storage", "1Gi"}}},
        {"awsElasticBlockStore", {{"volumeID", "aws://" + std::string(kZone) + "/" + *volume}}},
        {"persistentVolumeReclaimPolicy", "Retain"}}}};
  RunVerifyScenario(
      *env, pv,
      {.get = [&](const std::string& key) -> std::optional<std::string> {
         auto bytes = account.GetObject(kBucket, key);
         if (!bytes.ok()) return std::nullopt;
         return *bytes;
       },
       .put = [&](const std::string& key,
                  const std::string& bytes) { return account.PutObject(kBucket, key, bytes).ok(); },
       .delete_snapshot = [&](const std::string& id) { return account.DeleteSnapshot(id).ok(); }});
}

}  // namespace
}  // namespace ark::testing
