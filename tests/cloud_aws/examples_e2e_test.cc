// The reference document's basic and snapshot examples, end to end on AWS: the real `kubectl`
// and `ark` binaries (`ark server` as a process, the CLI) against kubesim, with moto_server
// (signature checking on, see moto.h) as S3 and EC2. The server is set up as a user outside
// the cluster would run it: examples/aws/00-ark-config.yaml with its placeholders filled in,
// the IAM user's key in a `[default]` credentials file named by AWS_SHARED_CREDENTIALS_FILE,
// and moto's address in AWS_ENDPOINT_URL (the endpoint override of the AWS tools).
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "aws_world.h"
#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

using nlohmann::json;

constexpr const char* kBucket = "ark-e2e-backups";
// Config availabilityZone; the PV's zone label names another zone, so the test can tell which
// one a restored volume was created in.
constexpr const char* kConfigZone = "us-east-1a";
constexpr const char* kPvZone = "us-east-1b";
// The name the dynamic provisioner gives the claim's volume ("pvc-" + the claim's uid).
constexpr const char* kPvName = "pvc-6c0f1d2e-3b4a-4c5d-9e8f-7a6b5c4d3e2f";

// The EBS volume id in a PV's awsElasticBlockStore.volumeID ("aws://<az>/vol-..." or bare).
std::string VolumeIdOf(const json& pv) {
  std::string id = pv["spec"]["awsElasticBlockStore"].value("volumeID", "");
  return id.substr(id.rfind('/') + 1);
}

class AwsExamplesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    aws_ = StartAwsWorld(kBucket);
    ASSERT_NE(aws_.account, nullptr);
  }

  // The documented credentials file (`credentials-ark`, profile [default]).
  std::string WriteCredentials(const std::string& key_id, const std::string& secret) {
    return WriteAwsCredentialsFile(dir_.File("credentials-ark"), key_id, secret);
  }

  // The server's environment: the credentials (a file or the key itself) and the endpoint.
  ArkEnvOptions Options(std::map<std::string, std::string> credentials) {
    ArkEnvOptions options;
    options.config_yaml = AwsConfig(kBucket, kConfigZone);
    options.env = std::move(credentials);
    options.env["AWS_ENDPOINT_URL"] = aws_.moto->url();
    return options;
  }

  std::unique_ptr<ArkEnv> StartWithUserKey() {
    const auto& key = aws_.moto->credentials();
    return ArkEnv::Start(Options({{"AWS_SHARED_CREDENTIALS_FILE",
                                   WriteCredentials(key.access_key_id, key.secret_access_key)}}));
  }

  // `kubectl delete namespaces nginx-example`, awaited until the namespace is gone.
  static void DeleteNamespace(ArkEnv& env) {
    auto del = env.Kubectl({"delete", "namespaces", "nginx-example", "--wait=false"});
    ASSERT_EQ(del.exit_code, 0) << del.err;
    ASSERT_TRUE(PollUntil([&] {
      return env.Kubectl({"get", "namespace", "nginx-example"}).exit_code != 0;
    })) << "namespace nginx-example was not deleted";
  }

  // The secret never reaches the server's log or any CLI output.
  void ExpectNoSecretIn(const std::string& text, const std::string& what) {
    const std::string& secret = aws_.moto->credentials().secret_access_key;
    ASSERT_FALSE(secret.empty());
    EXPECT_EQ(text.find(secret), std::string::npos) << what << " shows the secret key";
  }

  TempDir dir_;
  AwsWorld aws_;
};

TEST_F(AwsExamplesTest, BasicExampleWithS3AsTheBackupStore) {
  auto env = StartWithUserKey();
  ASSERT_NE(env, nullptr);
  std::string cli_output;

  auto app = env->Kubectl({"apply", "-f", SourcePath("examples/nginx-app/base.yaml")});
  ASSERT_EQ(app.exit_code, 0) << app.err;

  auto backup = env->Ark({"backup", "create", "nginx-backup", "--selector", "app=nginx", "--wait"});
  cli_output += backup.out + backup.err;
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << env->server().Stdout();
  EXPECT_NE(backup.out.find("Backup completed with status: Completed."), std::string::npos)
      << backup.out;

  // The backup is in the bucket: contents, log and manifest, and the metadata that makes it
  // exist.
  auto keys = aws_.account->ListKeys(kBucket, "nginx-backup/");
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  EXPECT_EQ(*keys,
            (std::vector<std::string>{
                "nginx-backup/ark-backup.json", "nginx-backup/nginx-backup-logs.gz",
                "nginx-backup/nginx-backup-manifest.json.gz", "nginx-backup/nginx-backup.tar.gz"}));
  auto metadata = aws_.account->GetObject(kBucket, "nginx-backup/ark-backup.json");
  ASSERT_TRUE(metadata.ok()) << metadata.status().ToString();
  json stored = json::parse(*metadata, nullptr, false);
  ASSERT_TRUE(stored.is_object()) << *metadata;
  EXPECT_EQ(stored["metadata"]["name"], "nginx-backup");
  EXPECT_EQ(stored["status"]["phase"], "Completed");

  auto get = env->Ark({"backup", "get"});
  cli_output += get.out + get.err;
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_NE(get.out.find("nginx-backup   Completed"), std::string::npos) << get.out;

  auto describe = env->Ark({"backup", "describe", "nginx-backup"});
  cli_output += describe.out + describe.err;
  ASSERT_EQ(describe.exit_code, 0) << describe.err;
  EXPECT_NE(describe.out.find("Phase:  Completed"), std::string::npos) << describe.out;
  EXPECT_NE(describe.out.find("Label selector:  app=nginx"), std::string::npos) << describe.out;
  EXPECT_NE(describe.out.find("Persistent Volumes:  <none included>"), std::string::npos)
      << describe.out;

  // The log comes through a DownloadRequest: the server presigns a GET of the log object and
  // the CLI fetches that URL without credentials (moto checks the query signature).
  auto logs = env->Ark({"backup", "logs", "nginx-backup"});
  cli_output += logs.out + logs.err;
  ASSERT_EQ(logs.exit_code, 0) << logs.err << env->server().Stdout() << aws_.moto->Log();
  EXPECT_NE(logs.out.find("backup=heptio-ark/nginx-backup"), std::string::npos) << logs.out;
  EXPECT_NE(logs.out.find("level=info"), std::string::npos) << logs.out;

  ASSERT_NO_FATAL_FAILURE(DeleteNamespace(*env));

  auto restore = env->Ark({"restore", "create", "nginx-backup", "--wait"});
  cli_output += restore.out + restore.err;
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err << env->server().Stdout();
  EXPECT_NE(restore.out.find("Restore completed with status: Completed."), std::string::npos)
      << restore.out;

  json deploy = env->Get("deployments", "nginx-deployment", "nginx-example");
  ASSERT_TRUE(deploy.is_object()) << "deployment not restored";
  EXPECT_EQ(deploy["spec"]["replicas"], 2);
  EXPECT_EQ(deploy["spec"]["template"]["spec"]["containers"][0]["image"], "nginx:1.7.9");
  json service = env->Get("services", "my-nginx", "nginx-example");
  ASSERT_TRUE(service.is_object()) << "service not restored";
  EXPECT_EQ(service["spec"]["type"], "LoadBalancer");

  auto restores = env->Ark({"restore", "get"});
  cli_output += restores.out + restores.err;
  EXPECT_NE(restores.out.find("nginx-backup   Completed   0          0"), std::string::npos)
      << restores.out;

  ExpectNoSecretIn(cli_output, "the ark CLI");
  ExpectNoSecretIn(env->server().Stdout(), "the server log");
}

// The zone label the provisioner writes: the GA one, or the beta one of older clusters.
class AwsSnapshotExampleTest : public AwsExamplesTest,
                               public ::testing::WithParamInterface<const char*> {};

TEST_P(AwsSnapshotExampleTest, RestoresTheVolumeFromItsEbsSnapshot) {
  const std::string zone_label = GetParam();
  auto env = StartWithUserKey();
  ASSERT_NE(env, nullptr);
  std::string cli_output;

  // with-pv.yaml with the document's storage class for AWS; the claim names the volume the
  // provisioner below creates, so kubesim binds them.
  const std::string file = "examples/nginx-app/with-pv.yaml";
  std::string app = ReadFile(SourcePath(file));
  app = FillIn(app, "  storageClassName: <YOUR_STORAGE_CLASS_NAME>\n",
               "  storageClassName: gp2\n  volumeName: " + std::string(kPvName) + "\n");
  auto applied = env->Kubectl({"apply", "-f", "-"}, app);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;

  // The dynamic provisioner: an EBS volume in the claim's zone, tagged as Kubernetes tags
  // it, and the PV for it.
  const std::map<std::string, std::string> volume_tags = {
      {"KubernetesCluster", "e2e"},
      {"kubernetes.io/created-for/pvc/name", "nginx-logs"},
      {"kubernetes.io/created-for/pvc/namespace", "nginx-example"},
      {"kubernetes.io/created-for/pv/name", kPvName}};
  auto volume = aws_.account->CreateVolume(kPvZone, "gp2", 1, volume_tags);
  ASSERT_TRUE(volume.ok()) << volume.status().ToString();
  json pv = {
      {"apiVersion", "v1"},
      {"kind", "PersistentVolume"},
      {"metadata",
       {{"name", kPvName},
        {"labels", {{"topology.kubernetes.io/region", kAwsRegion}, {zone_label, kPvZone}}},
        {"annotations", {{"pv.kubernetes.io/provisioned-by", "kubernetes.io/aws-ebs"}}}}},
      {"spec",
       {{"accessModes", {"ReadWriteOnce"}},
        {"capacity", {{"storage", "1Gi"}}},
        {"awsElasticBlockStore",
         {{"volumeID", "aws://" + std::string(kPvZone) + "/" + *volume}, {"fsType", "ext4"}}},
        {"persistentVolumeReclaimPolicy", "Delete"},
        {"storageClassName", "gp2"},
        {"claimRef",
         {{"apiVersion", "v1"},
          {"kind", "PersistentVolumeClaim"},
          {"namespace", "nginx-example"},
          {"name", "nginx-logs"}}}}}};
  auto created = env->Kubectl({"create", "-f", "-"}, pv.dump());
  ASSERT_EQ(created.exit_code, 0) << created.err;
  ASSERT_TRUE(PollUntil([&] {
    json pvc = env->Get("persistentvolumeclaims", "nginx-logs", "nginx-example");
    return pvc.is_object() && pvc["status"].value("phase", "") == "Bound";
  })) << "the claim did not bind";

  // The document's commands, exactly.
  auto found =
      env->Kubectl({"get", "pv", "-o",
                    R"(jsonpath={.items[?(@.spec.claimRef.name=="nginx-logs")].metadata.name})"});
  ASSERT_EQ(found.exit_code, 0) << found.err;
  const std::string nginx_pv_name = found.out;
  ASSERT_EQ(nginx_pv_name, kPvName);
  auto labelled = env->Kubectl({"label", "pv", nginx_pv_name, "app=nginx"});
  ASSERT_EQ(labelled.exit_code, 0) << labelled.err;

  auto backup = env->Ark({"backup", "create", "nginx-backup", "--selector", "app=nginx", "--wait"});
  cli_output += backup.out + backup.err;
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << env->server().Stdout();
  EXPECT_NE(backup.out.find("Backup completed with status: Completed."), std::string::npos)
      << backup.out;

  // One snapshot, of the claim's volume, tagged with the backup, the PV and the volume's own
  // tags; recorded with the volume's type and the PV's zone.
  json status = env->Get("backups.ark.heptio.com", "nginx-backup", "heptio-ark")["status"];
  ASSERT_TRUE(status["volumeBackups"].is_object()) << status.dump();
  ASSERT_EQ(status["volumeBackups"].size(), 1u) << status.dump();
  json record = status["volumeBackups"][kPvName];
  ASSERT_TRUE(record.is_object()) << status.dump();
  const std::string snapshot_id = record.value("snapshotID", "");
  EXPECT_EQ(snapshot_id.rfind("snap-", 0), 0u) << record.dump();
  EXPECT_EQ(record.value("type", ""), "gp2");
  EXPECT_EQ(record.value("availabilityZone", ""), kPvZone);
  auto snapshots = aws_.account->DescribeSnapshotsOf(*volume);
  ASSERT_TRUE(snapshots.ok()) << snapshots.status().ToString();
  ASSERT_EQ(snapshots->size(), 1u);
  const EbsSnapshot& snapshot = snapshots->front();
  EXPECT_EQ(snapshot.id, snapshot_id);
  EXPECT_EQ(snapshot.volume_id, *volume);
  std::map<std::string, std::string> want_tags = volume_tags;
  want_tags["ark.heptio.com/backup"] = "nginx-backup";
  want_tags["ark.heptio.com/pv"] = kPvName;
  EXPECT_EQ(snapshot.tags, want_tags);

  auto describe = env->Ark({"backup", "describe", "nginx-backup", "--details"});
  cli_output += describe.out + describe.err;
  ASSERT_EQ(describe.exit_code, 0) << describe.err;
  // --details lists the PV among the backed-up resources, beside its snapshot below.
  EXPECT_NE(describe.out.find("  persistentvolumes (1):\n    - " + nginx_pv_name + "\n"),
            std::string::npos)
      << describe.out;
  EXPECT_NE(
      describe.out.find("  " + std::string(kPvName) + ":\n    Snapshot ID:        " + snapshot_id +
                        "\n    Type:               gp2\n"
                        "    Availability Zone:  " +
                        kPvZone + "\n"),
      std::string::npos)
      << describe.out;

  // The disaster, and the reclaim policy Delete: the disk goes with the PV.
  ASSERT_NO_FATAL_FAILURE(DeleteNamespace(*env));
  auto deleted = env->Kubectl({"delete", "pv", nginx_pv_name});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  Status gone = aws_.account->DeleteVolume(*volume);
  ASSERT_TRUE(gone.ok()) << gone.ToString();
  auto volumes = aws_.account->DescribeVolumes();
  ASSERT_TRUE(volumes.ok()) << volumes.status().ToString();
  ASSERT_TRUE(volumes->empty()) << "the disk still exists";

  auto restore = env->Ark({"restore", "create", "nginx-backup", "--wait"});
  cli_output += restore.out + restore.err;
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err << env->server().Stdout();
  EXPECT_NE(restore.out.find("Restore completed with status: Completed."), std::string::npos)
      << restore.out;
  auto restores = env->Ark({"restore", "get"});
  cli_output += restores.out + restores.err;
  EXPECT_NE(restores.out.find("nginx-backup   Completed   0          0"), std::string::npos)
      << restores.out;

  // A new volume from the snapshot, in the PV's zone (not Config's), of the volume's type.
  volumes = aws_.account->DescribeVolumes();
  ASSERT_TRUE(volumes.ok()) << volumes.status().ToString();
  ASSERT_EQ(volumes->size(), 1u);
  const EbsVolume& restored = volumes->front();
  EXPECT_NE(restored.id, *volume);
  EXPECT_EQ(restored.snapshot_id, snapshot_id);
  EXPECT_EQ(restored.zone, kPvZone);
  EXPECT_EQ(restored.type, "gp2");

  // The PV points at it and the claim is bound to the PV. A real cluster's PV controller binds
  // them moments after the restore created them.
  EXPECT_TRUE(PollUntil([&] {
    json pv_now = env->Get("persistentvolumes", kPvName, "");
    json pvc_now = env->Get("persistentvolumeclaims", "nginx-logs", "nginx-example");
    return pv_now.is_object() && pvc_now.is_object() &&
           pv_now.value("status", json::object()).value("phase", "") == "Bound" &&
           pvc_now.value("status", json::object()).value("phase", "") == "Bound";
  })) << "the restored PV and claim did not bind";
  json restored_pv = env->Get("persistentvolumes", kPvName, "");
  ASSERT_TRUE(restored_pv.is_object()) << "PV not restored";
  EXPECT_EQ(VolumeIdOf(restored_pv), restored.id) << restored_pv.dump();
  EXPECT_EQ(restored_pv["spec"]["awsElasticBlockStore"].value("volumeID", ""),
            "aws://" + std::string(kPvZone) + "/" + restored.id);
  EXPECT_EQ(restored_pv["metadata"]["labels"].value(zone_label, ""), kPvZone);
  EXPECT_EQ(restored_pv["status"].value("phase", ""), "Bound") << restored_pv.dump();
  EXPECT_EQ(restored_pv["spec"]["claimRef"].value("name", ""), "nginx-logs");
  json pvc = env->Get("persistentvolumeclaims", "nginx-logs", "nginx-example");
  ASSERT_TRUE(pvc.is_object()) << "PVC not restored";
  EXPECT_EQ(pvc["spec"].value("volumeName", ""), kPvName);
  EXPECT_EQ(pvc["status"].value("phase", ""), "Bound") << pvc.dump();
  // with-pv.yaml labels its Deployment's pod template, not the Deployment: in a cluster the
  // selector takes its ReplicaSet and pods; kubesim runs no controllers, so the Service is
  // what else comes back.
  EXPECT_TRUE(env->Get("services", "my-nginx", "nginx-example").is_object());

  // Deleting the backup deletes its snapshot and its files in the bucket; the restored
  // volume stays.
  auto del = env->Ark({"backup", "delete", "nginx-backup", "--confirm"});
  cli_output += del.out + del.err;
  ASSERT_EQ(del.exit_code, 0) << del.out << del.err;
  EXPECT_TRUE(PollUntil([&] {
    return !env->Get("backups.ark.heptio.com", "nginx-backup", "heptio-ark").is_object();
  })) << "the Backup was not deleted\n"
      << env->server().Stdout();
  EXPECT_TRUE(PollUntil([&] {
    auto left = aws_.account->DescribeSnapshotsOf(*volume);
    return left.ok() && left->empty();
  })) << "the snapshot was not deleted\n"
      << env->server().Stdout();
  EXPECT_TRUE(PollUntil([&] {
    auto left = aws_.account->ListKeys(kBucket, "nginx-backup/");
    return left.ok() && left->empty();
  })) << "the backup's files are still in the bucket";
  volumes = aws_.account->DescribeVolumes();
  ASSERT_TRUE(volumes.ok()) << volumes.status().ToString();
  EXPECT_EQ(volumes->size(), 1u) << "the restored volume is gone";

  ExpectNoSecretIn(cli_output, "the ark CLI");
  ExpectNoSecretIn(env->server().Stdout(), "the server log");
}

INSTANTIATE_TEST_SUITE_P(ZoneLabels, AwsSnapshotExampleTest,
                         ::testing::Values("topology.kubernetes.io/zone",
                                           "failure-domain.beta.kubernetes.io/zone"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           return std::string(info.index == 0 ? "Topology" : "FailureDomainBeta");
                         });

// A backup's TTL: once it expires the garbage collector deletes the Backup, its files in the
// bucket and its EBS snapshots, as `ark backup delete` does.
using AwsSnapshotExpiryTest = AwsExamplesTest;

TEST_F(AwsSnapshotExpiryTest, AnExpiredBackupLosesItsFilesAndSnapshots) {
  auto env = StartWithUserKey();
  ASSERT_NE(env, nullptr);
  auto volume = aws_.account->CreateVolume(kPvZone, "gp2", 1, {{"KubernetesCluster", "e2e"}});
  ASSERT_TRUE(volume.ok()) << volume.status().ToString();
  json pv = {
      {"apiVersion", "v1"},
      {"kind", "PersistentVolume"},
      {"metadata",
       {{"name", "expiring"},
        {"labels", {{"app", "expiring"}, {"topology.kubernetes.io/zone", kPvZone}}}}},
      {"spec",
       {{"accessModes", {"ReadWriteOnce"}},
        {"capacity", {{"storage", "1Gi"}}},
        {"awsElasticBlockStore", {{"volumeID", "aws://" + std::string(kPvZone) + "/" + *volume}}},
        {"persistentVolumeReclaimPolicy", "Retain"},
        {"storageClassName", "gp2"}}}};
  auto created = env->Kubectl({"create", "-f", "-"}, pv.dump());
  ASSERT_EQ(created.exit_code, 0) << created.err;

  auto backup = env->Ark(
      {"backup", "create", "expiring", "--selector", "app=expiring", "--ttl", "4s", "--wait"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << env->server().Stdout();
  ASSERT_NE(backup.out.find("Backup completed with status: Completed."), std::string::npos)
      << backup.out;
  auto snapshots = aws_.account->DescribeSnapshotsOf(*volume);
  ASSERT_TRUE(snapshots.ok()) << snapshots.status().ToString();
  ASSERT_EQ(snapshots->size(), 1u) << "no snapshot was taken";
  auto keys = aws_.account->ListKeys(kBucket, "expiring/");
  ASSERT_TRUE(keys.ok() && !keys->empty()) << "the backup is not in the bucket";

  EXPECT_TRUE(PollUntil([&] {
    return !env->Get("backups.ark.heptio.com", "expiring", "heptio-ark").is_object();
  })) << "the expired Backup was not deleted\n"
      << env->server().Stdout();
  EXPECT_TRUE(PollUntil([&] {
    auto left = aws_.account->DescribeSnapshotsOf(*volume);
    return left.ok() && left->empty();
  })) << "the expired backup's snapshot was not deleted\n"
      << env->server().Stdout();
  EXPECT_TRUE(PollUntil([&] {
    auto left = aws_.account->ListKeys(kBucket, "expiring/");
    return left.ok() && left->empty();
  })) << "the expired backup's files are still in the bucket";
  EXPECT_TRUE(env->Get("persistentvolumes", "expiring", "").is_object())
      << "the PV itself was touched";
}

struct BadKeyCase {
  const char* name;
  bool known_key_id;     // the IAM user's key id with a wrong secret, or an unknown key id
  bool in_environment;   // AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY instead of the file
  const char* expected;  // what the failure reason names
};

void PrintTo(const BadKeyCase& c, std::ostream* os) { *os << c.name; }

class AwsBadCredentialsTest : public AwsExamplesTest,
                              public ::testing::WithParamInterface<BadKeyCase> {};

TEST_P(AwsBadCredentialsTest, BackupFailsNamingTheProblemWithoutTheSecret) {
  const BadKeyCase& c = GetParam();
  const std::string wrong_secret = "wRoNgSeCrEt0123456789abcdefghijklmnopqrst";
  const std::string key_id =
      c.known_key_id ? aws_.moto->credentials().access_key_id : "AKIAIOSFODNN7EXAMPLE";
  std::string source;  // what the error says the credentials came from
  std::map<std::string, std::string> credentials;
  if (c.in_environment) {
    credentials = {{"AWS_ACCESS_KEY_ID", key_id}, {"AWS_SECRET_ACCESS_KEY", wrong_secret}};
    source = "environment";
  } else {
    const std::string file = WriteCredentials(key_id, wrong_secret);
    credentials = {{"AWS_SHARED_CREDENTIALS_FILE", file}};
    source = file + " [default]";
  }
  auto env = ArkEnv::Start(Options(credentials));
  ASSERT_NE(env, nullptr);

  auto backup = env->Ark({"backup", "create", "nginx-backup", "--selector", "app=nginx", "--wait"});
  EXPECT_EQ(backup.exit_code, 1) << backup.out << backup.err;
  EXPECT_NE(backup.out.find("Backup completed with status: Failed."), std::string::npos)
      << backup.out << backup.err << env->server().Stdout();
  json status = env->Get("backups.ark.heptio.com", "nginx-backup", "heptio-ark")["status"];
  const std::string reason = status.value("failureReason", "");
  EXPECT_NE(reason.find(c.expected), std::string::npos) << status.dump();
  EXPECT_NE(reason.find(kBucket), std::string::npos) << status.dump();
  // ... and which credentials were refused.
  EXPECT_NE(reason.find("[credentials from " + source + "]"), std::string::npos) << status.dump();

  auto describe = env->Ark({"backup", "describe", "nginx-backup"});
  EXPECT_NE(describe.out.find("Failure reason:  "), std::string::npos) << describe.out;
  EXPECT_NE(describe.out.find(c.expected), std::string::npos) << describe.out;
  auto keys = aws_.account->ListKeys(kBucket, "");
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  EXPECT_TRUE(keys->empty()) << "a backup with a bad key wrote to the bucket";

  for (const auto& [text, what] :
       std::vector<std::pair<std::string, std::string>>{{backup.out + backup.err, "the ark CLI"},
                                                        {describe.out + describe.err, "describe"},
                                                        {env->server().Stdout(), "the server log"},
                                                        {status.dump(), "the Backup's status"}}) {
    EXPECT_EQ(text.find(wrong_secret), std::string::npos) << what << " shows the secret";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Keys, AwsBadCredentialsTest,
    ::testing::Values(BadKeyCase{"WrongSecretInTheFile", true, false, "SignatureDoesNotMatch"},
                      BadKeyCase{"UnknownKeyIdInTheEnvironment", false, true,
                                 "InvalidAccessKeyId"}),
    [](const ::testing::TestParamInfo<BadKeyCase>& info) { return info.param.name; });

}  // namespace
}  // namespace ark::testing
