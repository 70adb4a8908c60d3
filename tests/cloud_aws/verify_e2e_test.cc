// `ark backup verify` on AWS: the real binaries against kubesim, with moto as S3 and EC2. A
// clean backup with one EBS snapshot verifies; one flipped byte in the stored tarball fails
// naming the contents (and passes again once the bytes are back); a snapshot deleted at the
// provider fails naming the snapshot.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "aws_account.h"
#include "moto.h"
#include "support/e2e/verify_scenario.h"

namespace ark::testing {
namespace {

using nlohmann::json;

constexpr const char* kBucket = "ark-verify";
constexpr const char* kRegion = "us-east-1";
constexpr const char* kZone = "us-east-1a";

// examples/aws/00-ark-config.yaml filled in (the test adds path-style addressing for moto).
std::string Config() {
  std::string config = ReadFile(SourcePath("examples/aws/00-ark-config.yaml"));
  config = FillIn(config, "<YOUR_BUCKET>", kBucket);
  config = FillIn(config, "<YOUR_REGION>", kRegion);
  return FillIn(config, "<YOUR_AVAILABILITY_ZONE>", kZone);
}

TEST(AwsVerifyTest, TarballAndSnapshotAreChecked) {
  std::string error;
  auto moto = Moto::Start(&error);
  ASSERT_NE(moto, nullptr) << error;
  auto account = AwsAccount::Connect(moto->url(), moto->credentials(), kRegion);
  ASSERT_TRUE(account.ok()) << account.status().ToString();
  ASSERT_TRUE((*account)->CreateBucket(kBucket).ok());

  std::string config = Config();
  const std::string storage = "backupStorageProvider:\n  bucket: " + std::string(kBucket) +
                              "\n  aws:\n    region: " + kRegion + "\n";
  const size_t at = config.find(storage);
  ASSERT_NE(at, std::string::npos) << config;
  config.insert(at + storage.size(), "    s3ForcePathStyle: true\n");
  ArkEnvOptions options;
  options.config_yaml = config;
  options.env = {{"AWS_ACCESS_KEY_ID", moto->credentials().access_key_id},
                 {"AWS_SECRET_ACCESS_KEY", moto->credentials().secret_access_key},
                 {"AWS_ENDPOINT_URL", moto->url()}};
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);

  // A PV on an EBS volume, labelled for the backup: its snapshot is what the backup records.
  auto volume = (*account)->CreateVolume(kZone, "gp2", 1, {});
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
         auto bytes = (*account)->GetObject(kBucket, key);
         if (!bytes.ok()) return std::nullopt;
         return *bytes;
       },
       .put =
           [&](const std::string& key, const std::string& bytes) {
             return (*account)->PutObject(kBucket, key, bytes).ok();
           },
       .delete_snapshot =
           [&](const std::string& id) { return (*account)->DeleteSnapshot(id).ok(); }});
}

}  // namespace
}  // namespace ark::testing
