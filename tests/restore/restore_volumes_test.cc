// PersistentVolumes from snapshots through a FAKE in-process block store (fake_block_store.h),
// restored into kubesim over real HTTP. Waits run on a fake clock.
#include <gtest/gtest.h>

#include "fake_block_store.h"
#include "restore_env.h"

namespace ark::restore {
namespace {

using testing::BackupItem;
using testing::Cluster;
using testing::EngineHarness;
using testing::FakeBlockStore;
using testing::Json;

std::vector<BackupItem> PvBackup(const std::string& reclaim = "Retain") {
  return {
      {"persistentvolumes", Json::parse(R"({"apiVersion":"v1","kind":"PersistentVolume",
         "metadata":{"name":"pv1","uid":"u1","resourceVersion":"9",
           "labels":{"failure-domain.beta.kubernetes.io/zone":"us-east-1a"}},
         "spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],
           "persistentVolumeReclaimPolicy":")" +
                                        reclaim + R"(","storageClassName":"",
           "awsElasticBlockStore":{"volumeID":"aws://us-east-1a/vol-old","fsType":"ext4"},
           "claimRef":{"kind":"PersistentVolumeClaim","namespace":"app","name":"claim","uid":"c1"}},
         "status":{"phase":"Bound"}})")},
      {"persistentvolumeclaims", Json::parse(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim",
         "metadata":{"name":"claim","namespace":"app","uid":"c1",
           "annotations":{"pv.kubernetes.io/bind-completed":"yes"}},
         "spec":{"accessModes":["ReadWriteOnce"],"storageClassName":"","volumeName":"pv1",
           "resources":{"requests":{"storage":"1Gi"}}},
         "status":{"phase":"Bound"}})")},
  };
}

BackupInfo WithSnapshot() {
  BackupInfo info;
  info.name = "b";
  info.volume_snapshots.push_back({"pv1", "snap-1", "gp2", "us-east-1a", std::nullopt});
  return info;
}

RestoreRequest Request() {
  RestoreRequest r;
  r.name = "r1";
  return r;
}

TEST(RestoreVolumes, PvRecreatedFromItsSnapshotAfterTheVolumeIsReady) {
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  FakeBlockStore store(/*polls_until_ready=*/2);
  EngineHarness harness(*cluster, &store);
  Result<RestoreOutcome> outcome =
      harness.Run(Request(), testing::WriteBackupTarball(PvBackup()), WithSnapshot());
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->phase, Phase::kCompleted) << outcome->errors.ToJson();
  EXPECT_EQ(outcome->counts.created, 2);
  EXPECT_EQ(outcome->counts.volumes_restored, 1);

  std::vector<FakeBlockStore::CreatedVolume> created = store.created();
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].snapshot_id, "snap-1");
  EXPECT_EQ(created[0].volume_type, "gp2");
  EXPECT_EQ(created[0].az, "us-east-1a");
  EXPECT_FALSE(created[0].iops.has_value());
  EXPECT_EQ(harness.clock.slept_ms(), 2000);  // two "not ready" polls, 1 s apart

  Json pv = cluster->Get("persistentvolumes", "", "pv1");
  EXPECT_EQ(pv["spec"]["awsElasticBlockStore"]["volumeID"], "vol-restored-1");
  EXPECT_EQ(pv["spec"]["awsElasticBlockStore"]["fsType"], "ext4");
  EXPECT_EQ(pv["spec"]["persistentVolumeReclaimPolicy"], "Retain");
  EXPECT_EQ(pv["spec"]["capacity"]["storage"], "1Gi");
  EXPECT_EQ(pv["metadata"]["labels"]["failure-domain.beta.kubernetes.io/zone"], "us-east-1a");
  EXPECT_EQ(pv["metadata"]["labels"]["ark-restore"], "r1");
  EXPECT_TRUE(!pv["spec"].contains("claimRef") || pv["spec"]["claimRef"]["uid"] != "c1");
  Json claim = cluster->Get("persistentvolumeclaims", "app", "claim");
  EXPECT_EQ(claim["spec"]["volumeName"], "pv1");
  EXPECT_EQ(claim["metadata"]["labels"]["ark-restore"], "r1");
}

TEST(RestoreVolumes, VolumeNeverReadyFailsThePvAfterTheTimeout) {
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  FakeBlockStore store(/*polls_until_ready=*/-1);
  EngineOptions options;
  options.volume_ready_timeout = std::chrono::seconds(10);
  EngineHarness harness(*cluster, &store, options);
  Result<RestoreOutcome> outcome =
      harness.Run(Request(), testing::WriteBackupTarball(PvBackup()), WithSnapshot());
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->phase, Phase::kPartiallyFailed);
  EXPECT_EQ(outcome->counts.failed, 1);
  EXPECT_EQ(outcome->counts.created, 1);  // the claim
  EXPECT_EQ(
      outcome->errors.ToJson(),
      Json::parse(
          R"({"cluster":["error restoring persistentvolumes \"pv1\": volume vol-restored-1 created from snapshot snap-1 was not ready after 10s"]})"));
  EXPECT_EQ(harness.clock.slept_ms(), 10000);
  EXPECT_TRUE(cluster->Get("persistentvolumes", "", "pv1").is_null());
}

TEST(RestoreVolumes, DefaultTimeoutIsMinutesNotThirtySeconds) {
  EXPECT_GE(EngineOptions().volume_ready_timeout, std::chrono::minutes(2));
}

TEST(RestoreVolumes, RestorePvsFalseKeepsTheOriginalVolume) {
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  FakeBlockStore store;
  EngineHarness harness(*cluster, &store);
  RestoreRequest request = Request();
  request.restore_pvs = false;
  Result<RestoreOutcome> outcome =
      harness.Run(request, testing::WriteBackupTarball(PvBackup()), WithSnapshot());
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->phase, Phase::kCompleted);
  EXPECT_TRUE(store.created().empty());
  EXPECT_EQ(
      cluster->Get("persistentvolumes", "", "pv1")["spec"]["awsElasticBlockStore"]["volumeID"],
      "aws://us-east-1a/vol-old");
}

TEST(RestoreVolumes, RestorePvsFalseSkipsADeletePolicyPvThatHasASnapshot) {
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  FakeBlockStore store;
  EngineHarness harness(*cluster, &store);
  RestoreRequest request = Request();
  request.restore_pvs = false;
  Result<RestoreOutcome> outcome =
      harness.Run(request, testing::WriteBackupTarball(PvBackup("Delete")), WithSnapshot());
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->counts.skipped, 1);
  EXPECT_TRUE(cluster->Get("persistentvolumes", "", "pv1").is_null());
}

TEST(RestoreVolumes, NoBlockStoreWarnsAndRestoresAsIs) {
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  EngineHarness harness(*cluster, nullptr);
  Result<RestoreOutcome> outcome =
      harness.Run(Request(), testing::WriteBackupTarball(PvBackup()), WithSnapshot());
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->phase, Phase::kCompleted);
  EXPECT_EQ(
      outcome->warnings.ToJson(),
      Json::parse(
          R"({"cluster":["persistent volume \"pv1\" has snapshot snap-1 but no block store is configured: restored pointing at its original volume"]})"));
  EXPECT_EQ(
      cluster->Get("persistentvolumes", "", "pv1")["spec"]["awsElasticBlockStore"]["volumeID"],
      "aws://us-east-1a/vol-old");
}

TEST(RestoreVolumes, RestorePvsTrueFailsASnapshottablePvWithoutSnapshot) {
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  FakeBlockStore store;
  EngineHarness harness(*cluster, &store);
  RestoreRequest request = Request();
  request.restore_pvs = true;
  BackupInfo other;  // snapshots exist, but not for pv1
  other.volume_snapshots.push_back({"pv-other", "snap-9", "gp2", "us-east-1a", std::nullopt});
  Result<RestoreOutcome> outcome =
      harness.Run(request, testing::WriteBackupTarball(PvBackup()), other);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->counts.failed, 1);
  EXPECT_EQ(outcome->errors.cluster.size(), 1u);
  EXPECT_NE(outcome->errors.cluster[0].find("has no snapshot in the backup"), std::string::npos);
}

TEST(RestoreVolumes, ExistingPvCostsNoVolume) {
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  std::vector<BackupItem> backup = PvBackup();
  Json live = backup[0].object;
  live["spec"]["claimRef"]["uid"] = "uid-of-the-live-claim";
  cluster->Create("persistentvolumes", live);
  FakeBlockStore store;
  EngineHarness harness(*cluster, &store);
  Result<RestoreOutcome> outcome =
      harness.Run(Request(), testing::WriteBackupTarball({backup[0]}), WithSnapshot());
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->counts.unchanged, 1);
  EXPECT_TRUE(store.created().empty());
}

}  // namespace
}  // namespace ark::restore
