// `ark backup verify` on AWS: the real binaries against kubesim, with moto as S3 and EC2. A
// clean backup with one EBS snapshot verifies; one flipped byte in the stored tarball fails
// naming the contents (and passes again once the bytes are back); a snapshot deleted at the
// provider fails naming the snapshot.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "aws_account.h"
#include "moto.h"
#include "support/e2e/ark_env.h"

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
  const std::string storage =
      "backupStorageProvider:\n  bucket: " + std::string(kBucket) + "\n  aws:\n    region: " + kRegion + "\n";
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
  json pv = {{"apiVersion", "v1"},
             {"kind", "PersistentVolume"},
             {"metadata", {{"name", "pv-verify"}, {"labels", {{"app", "verify"}}}}},
             {"spec",
              {{"accessModes", {"ReadWriteOnce"}},
               {"capacity", {{"storage", "1Gi"}}},
               {"awsElasticBlockStore", {{"volumeID", "aws://" + std::string(kZone) + "/" + *volume}}},
               {"persistentVolumeReclaimPolicy", "Retain"}}}};
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

  // One flipped byte in the stored tarball.
  auto original = (*account)->GetObject(kBucket, "vb/vb.tar.gz");
  ASSERT_TRUE(original.ok()) << original.status().ToString();
  std::string flipped = *original;
  flipped[flipped.size() / 2] ^= 0x20;
  ASSERT_TRUE((*account)->PutObject(kBucket, "vb/vb.tar.gz", flipped).ok());
  auto corrupt = env->Ark({"backup", "verify", "vb"});
  EXPECT_EQ(corrupt.exit_code, 1) << corrupt.out << corrupt.err;
  EXPECT_NE(corrupt.out.find("Problems:\n  contents"), std::string::npos) << corrupt.out;
  ASSERT_TRUE((*account)->PutObject(kBucket, "vb/vb.tar.gz", *original).ok());
  EXPECT_EQ(env->Ark({"backup", "verify", "vb"}).exit_code, 0);

  // The snapshot deleted at the provider.
  ASSERT_TRUE((*account)->DeleteSnapshot(snapshot).ok());
  auto gone = env->Ark({"backup", "verify", "vb"});
  EXPECT_EQ(gone.exit_code, 1) << gone.out << gone.err;
  EXPECT_NE(gone.out.find("  snapshot:" + snapshot + ":\n"), std::string::npos) << gone.out;
}

}  // namespace
}  // namespace ark::testing
