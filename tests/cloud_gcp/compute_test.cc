// Compute block store tests against ComputeStub, an in-process stub of the Compute Engine API
// written from Google's reference (no Compute emulator exists).
#include <gtest/gtest.h>

#include "cloud/gcp/compute_block_store.h"
#include "cloud/gcp/gcp_provider.h"
#include "compute_stub.h"
#include "support/block_store_checks.h"
#include "support/process.h"
#include "token_stub.h"
#include "util/fake_clock.h"

namespace ark::cloud::gcp {
namespace {

using ark::testing::ComputeStub;
using ark::testing::ServiceAccountJson;
using ark::testing::StubServer;
using ark::testing::TestKey;
using ark::testing::TokenStub;

const std::string kType =
    "https://www.googleapis.com/compute/v1/projects/test-project/zones/us-central1-b/diskTypes/"
    "pd-ssd";

class ComputeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Start();
    ark::testing::WriteFile(dir_.File("key.json"),
                            ServiceAccountJson(TestKey(), server_.url() + "/token").dump());
    stub_.AddDisk("test-project", "us-central1-b", "disk-1", {kType, "READY", "", nullptr});
    store_ = NewStore({});
    ASSERT_NE(store_, nullptr);
  }

  std::unique_ptr<BlockStore> NewStore(ProviderConfig extra) {
    ProviderConfig config = {{"computeEndpoint", server_.url() + "/compute/v1/"}};
    config.insert(extra.begin(), extra.end());
    ProviderEnv env;
    env.clock = &clock_;
    std::string key_path = dir_.File("key.json");
    env.getenv = [key_path](std::string_view name) -> std::optional<std::string> {
      if (name == "GOOGLE_APPLICATION_CREDENTIALS") return key_path;
      return std::nullopt;
    };
    auto store = NewComputeBlockStore(config, env);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }

  StubServer server_;
  TokenStub tokens_{server_, TestKey()};
  ComputeStub stub_{server_, TokenStub::TokenFor(1)};
  ark::testing::TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<BlockStore> store_;
};

TEST_F(ComputeTest, SnapshotRestoreAndDelete) {
  auto info = store_->GetVolumeInfo("disk-1", "us-central1-b");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->type, kType);
  EXPECT_FALSE(info->iops.has_value());

  auto snap =
      store_->CreateSnapshot("disk-1", "us-central1-b",
                             {{"ark.heptio.com/backup", "Nightly.1"}, {"velero.io/pv", "pvc-1"}});
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(snap->rfind("disk-1-", 0), 0u) << *snap;
  EXPECT_EQ(snap->size(), std::string("disk-1-").size() + 36);
  auto stored = stub_.GetSnapshot(*snap);
  ASSERT_TRUE(stored.has_value()) << "the operation was polled to DONE";
  EXPECT_EQ(stored->source_disk, "disk-1");
  EXPECT_EQ(stored->labels,
            (std::map<std::string, std::string>{{"ark-heptio-com-backup", "nightly-1"},
                                                {"velero-io-pv", "pvc-1"}}));
  EXPECT_GE(clock_.slept_ms(), 2000) << "two polls, one second apart, on the injected clock";

  auto restored =
      store_->CreateVolumeFromSnapshot(*snap, info->type, "us-central1-b", std::nullopt);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  const std::string prefix = "projects/test-project/zones/us-central1-b/disks/restore-";
  ASSERT_EQ(restored->rfind(prefix, 0), 0u) << *restored;
  EXPECT_EQ(restored->size(), prefix.size() + 36) << *restored;
  auto disk =
      stub_.GetDisk("test-project", "us-central1-b", restored->substr(restored->rfind('/') + 1));
  ASSERT_TRUE(disk.has_value());
  EXPECT_EQ(disk->source_snapshot, "projects/test-project/global/snapshots/" + *snap);
  EXPECT_EQ(disk->type, kType);
  auto ready = store_->IsVolumeReady(*restored, "us-central1-b");
  ASSERT_TRUE(ready.ok()) << ready.status().ToString();
  EXPECT_TRUE(*ready);

  ASSERT_TRUE(store_->DeleteSnapshot(*snap).ok());
  EXPECT_FALSE(stub_.GetSnapshot(*snap).has_value());
  EXPECT_TRUE(store_->DeleteSnapshot(*snap).ok()) << "a missing snapshot is fine";
  EXPECT_EQ(tokens_.exchanges(), 1) << "one token serves every call";
  EXPECT_EQ(tokens_.last_scope(), kComputeScope);
}

TEST_F(ComputeTest, SnapshotExistsUntilItIsDeleted) {
  auto snap = store_->CreateSnapshot("disk-1", "us-central1-b", {{"ark.heptio.com/backup", "b"}});
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  ark::testing::ExpectSnapshotExistsUntilDeleted(*store_, *snap);
}

// Where a restored disk goes: the PV's zone label (`az`), else the zone of the snapshotted
// disk's type (a PD CSI PV has no zone label), else the Config's zone; its type is always one
// of that zone's, and the returned id names the zone so IsVolumeReady finds the disk.
TEST_F(ComputeTest, RestoredDiskZoneAndType) {
  auto store = NewStore({{"zone", "us-east1-c"}, {"project", "test-project"}});
  ASSERT_NE(store, nullptr);
  struct Case {
    std::string name, type, az, want_zone, want_type;
  };
  const std::string ssd_b = kType;  // .../zones/us-central1-b/diskTypes/pd-ssd
  std::vector<Case> cases = {
      {"label zone, type of that zone", ssd_b, "us-central1-b", "us-central1-b", ssd_b},
      {"no label: the disk type's zone", ssd_b, "", "us-central1-b", ssd_b},
      {"partial type URL", "zones/europe-west1-d/diskTypes/pd-balanced", "", "europe-west1-d",
       "zones/europe-west1-d/diskTypes/pd-balanced"},
      {"bare type: the Config's zone", "pd-ssd", "", "us-east1-c", "pd-ssd"},
      {"no type: the Config's zone", "", "", "us-east1-c", "pd-standard"},
      {"label zone differs from the type's", ssd_b, "us-central1-f", "us-central1-f",
       "projects/test-project/zones/us-central1-f/diskTypes/pd-ssd"},
  };
  for (const auto& c : cases) {
    auto restored = store->CreateVolumeFromSnapshot("snap-1", c.type, c.az, std::nullopt);
    ASSERT_TRUE(restored.ok()) << c.name << ": " << restored.status().ToString();
    const std::string prefix = "projects/test-project/zones/" + c.want_zone + "/disks/restore-";
    ASSERT_EQ(restored->rfind(prefix, 0), 0u) << c.name << ": " << *restored;
    auto disk =
        stub_.GetDisk("test-project", c.want_zone, restored->substr(restored->rfind('/') + 1));
    ASSERT_TRUE(disk.has_value()) << c.name;
    EXPECT_EQ(disk->type, c.want_type) << c.name;
    auto ready = store->IsVolumeReady(*restored, c.az);
    ASSERT_TRUE(ready.ok()) << c.name << ": " << ready.status().ToString();
    EXPECT_TRUE(*ready) << c.name;
  }
}

TEST(ComputeNames, DiskTypeZones) {
  struct Case {
    std::string type, zone;
  };
  for (const auto& c : std::vector<Case>{
           {"https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-b/diskTypes/pd-ssd",
            "us-central1-b"},
           {"projects/p/zones/asia-east1-a/diskTypes/pd-standard", "asia-east1-a"},
           {"zones/europe-west1-d/diskTypes/pd-balanced", "europe-west1-d"},
           {"pd-ssd", ""},
           {"", ""},
           {"projects/p/regions/us-central1/diskTypes/pd-ssd", ""},
           {"projects/p/zones//diskTypes/pd-ssd", ""},
           {"projects/p/zones/us-central1-b/disks/d", ""},
       }) {
    EXPECT_EQ(DiskTypeZone(c.type), c.zone) << c.type;
  }
}

TEST_F(ComputeTest, CsiHandlesNameTheirOwnProjectAndZone) {
  stub_.AddDisk("other-project", "europe-west1-c", "pvc-9",
                {"pd-balanced", "CREATING", "", "5000"});
  auto info = store_->GetVolumeInfo("projects/other-project/zones/europe-west1-c/disks/pvc-9", "");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->type, "pd-balanced");
  EXPECT_EQ(info->iops, 5000);
  auto ready = store_->IsVolumeReady("projects/other-project/zones/europe-west1-c/disks/pvc-9", "");
  ASSERT_TRUE(ready.ok());
  EXPECT_FALSE(*ready);
}

TEST_F(ComputeTest, ZoneComesFromTheCallerElseTheConfig) {
  auto no_zone = store_->GetVolumeInfo("disk-1", "");
  ASSERT_FALSE(no_zone.ok());
  EXPECT_EQ(no_zone.status().code(), Code::kInvalidArgument);
  EXPECT_NE(no_zone.status().message().find("no zone"), std::string::npos);
  auto restore = store_->CreateVolumeFromSnapshot("s", "", "", std::nullopt);
  EXPECT_EQ(restore.status().code(), Code::kInvalidArgument);

  auto v03 = NewStore({{"zone", "us-central1-b"}, {"project", "test-project"}});
  auto info = v03->GetVolumeInfo("disk-1", "");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->type, kType);
}

TEST_F(ComputeTest, MissingDiskIsNotFound) {
  auto info = store_->GetVolumeInfo("nope", "us-central1-b");
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), Code::kNotFound);
  EXPECT_NE(info.status().message().find("disk nope in us-central1-b"), std::string::npos)
      << info.status().message();
  auto snap = store_->CreateSnapshot("nope", "us-central1-b", {});
  EXPECT_EQ(snap.status().code(), Code::kNotFound);
}

TEST_F(ComputeTest, OperationErrorsSurface) {
  stub_.FailNextOperation(
      {{"errors",
        {{{"code", "QUOTA_EXCEEDED"},
          {"message", "Quota 'SNAPSHOTS' exceeded. Limit: 5000.0 globally."}}}}});
  auto snap = store_->CreateSnapshot("disk-1", "us-central1-b", {});
  ASSERT_FALSE(snap.ok());
  EXPECT_EQ(snap.status().code(), Code::kResourceExhausted);
  EXPECT_EQ(snap.status().reason(), "QUOTA_EXCEEDED");
  EXPECT_NE(snap.status().message().find("Quota 'SNAPSHOTS' exceeded"), std::string::npos)
      << snap.status().message();
  EXPECT_NE(snap.status().message().find("snapshotting disk disk-1"), std::string::npos);
}

TEST_F(ComputeTest, OperationThatNeverFinishesTimesOut) {
  ComputeOptions options;
  options.endpoint = server_.url() + "/compute/v1";
  options.project = "test-project";
  options.operation_timeout = std::chrono::seconds(20);
  auto key = LoadServiceAccountKey(dir_.File("key.json"));
  ASSERT_TRUE(key.ok());
  auto client = http::NewCurlClient({});
  ASSERT_TRUE(client.ok());
  std::shared_ptr<http::Client> shared(std::move(*client));
  auto tokens = std::make_shared<TokenSource>(*key, kComputeScope, "", shared, clock_);
  ComputeBlockStore store(options, std::make_unique<Transport>(shared, tokens, clock_));

  stub_.StickNextOperation();
  auto snap = store.CreateSnapshot("disk-1", "us-central1-b", {});
  ASSERT_FALSE(snap.ok());
  EXPECT_EQ(snap.status().code(), Code::kDeadlineExceeded) << snap.status().ToString();
  EXPECT_NE(snap.status().message().find("not done after 20s"), std::string::npos)
      << snap.status().message();
  EXPECT_GE(clock_.slept_ms(), 20 * 1000);
  EXPECT_GE(stub_.polls(), 20);
}

TEST_F(ComputeTest, RateLimitsAreRetriedThenSurface) {
  stub_.ThrottleNext(2);
  auto info = store_->GetVolumeInfo("disk-1", "us-central1-b");
  ASSERT_TRUE(info.ok()) << info.status().ToString();

  stub_.ThrottleNext(1000);
  auto failed = store_->IsVolumeReady("disk-1", "us-central1-b");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), Code::kUnavailable);
  EXPECT_EQ(failed.status().http_status(), 429);
  EXPECT_NE(failed.status().message().find("rateLimitExceeded, HTTP 429"), std::string::npos)
      << failed.status().message();
  stub_.ThrottleNext(0);
}

TEST(ComputeFactory, NeedsAKeyAndAProject) {
  FakeClock clock;
  ProviderEnv env;
  env.clock = &clock;
  env.getenv = [](std::string_view) { return std::nullopt; };
  auto none = NewComputeBlockStore({}, env);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("GOOGLE_APPLICATION_CREDENTIALS"), std::string::npos);

  ark::testing::TempDir dir;
  nlohmann::json key = ServiceAccountJson(TestKey(), "https://t/token");
  key.erase("project_id");
  ark::testing::WriteFile(dir.File("key.json"), key.dump());
  std::string path = dir.File("key.json");
  env.getenv = [path](std::string_view) { return std::optional<std::string>(path); };
  auto no_project = NewComputeBlockStore({}, env);
  ASSERT_FALSE(no_project.ok());
  EXPECT_NE(no_project.status().message().find("`project`"), std::string::npos);
  EXPECT_TRUE(NewComputeBlockStore({{"project", "p"}}, env).ok());
}

TEST(ComputeVolumeIds, FromAndToPersistentVolumes) {
  ComputeBlockStore store({}, nullptr);
  struct Case {
    std::string name;
    nlohmann::json pv;
    std::string want;
  };
  std::vector<Case> cases = {
      {"in-tree",
       {{"spec", {{"gcePersistentDisk", {{"pdName", "pvc-1"}, {"fsType", "ext4"}}}}}},
       "pvc-1"},
      {"csi",
       {{"spec",
         {{"csi",
           {{"driver", "pd.csi.storage.gke.io"},
            {"volumeHandle", "projects/p/zones/us-east1-b/disks/pvc-2"}}}}}},
       "projects/p/zones/us-east1-b/disks/pvc-2"},
      {"other csi driver",
       {{"spec", {{"csi", {{"driver", "ebs.csi.aws.com"}, {"volumeHandle", "vol-1"}}}}}},
       ""},
      {"aws", {{"spec", {{"awsElasticBlockStore", {{"volumeID", "vol-1"}}}}}}, ""},
      {"no spec", nlohmann::json::object(), ""},
  };
  for (const auto& c : cases) {
    auto id = store.GetVolumeId(c.pv);
    ASSERT_TRUE(id.ok()) << c.name << ": " << id.status().ToString();
    EXPECT_EQ(*id, c.want) << c.name;
  }
  auto bad_handle = store.GetVolumeId(
      {{"spec", {{"csi", {{"driver", "pd.csi.storage.gke.io"}, {"volumeHandle", "disks/x"}}}}}});
  EXPECT_EQ(bad_handle.status().code(), Code::kInvalidArgument);

  nlohmann::json in_tree = cases[0].pv;
  ASSERT_TRUE(store.SetVolumeId(in_tree, "restore-1").ok());
  EXPECT_EQ(in_tree["spec"]["gcePersistentDisk"]["pdName"], "restore-1");
  EXPECT_EQ(in_tree["spec"]["gcePersistentDisk"]["fsType"], "ext4");
  nlohmann::json csi = cases[1].pv;
  ASSERT_TRUE(store.SetVolumeId(csi, "restore-2").ok());
  EXPECT_EQ(csi["spec"]["csi"]["volumeHandle"], "projects/p/zones/us-east1-b/disks/restore-2");
  nlohmann::json aws = cases[3].pv;
  EXPECT_EQ(store.SetVolumeId(aws, "x").code(), Code::kInvalidArgument);
}

TEST(ComputeNames, SnapshotNamesAndLabelsFollowGceRules) {
  const std::string uuid = "0123abcd-0123-4567-89ab-0123456789ab";
  EXPECT_EQ(SnapshotName("disk-1", uuid), "disk-1-" + uuid);
  std::string long_disk(60, 'd');
  std::string name = SnapshotName(long_disk, uuid);
  EXPECT_EQ(name.size(), 63u);
  EXPECT_EQ(name, std::string(26, 'd') + "-" + uuid);

  struct Case {
    std::string key, value, want_key, want_value;
  };
  std::vector<Case> cases = {
      {"velero.io/backup", "My-Backup", "velero-io-backup", "my-backup"},
      {"tag-key", "ark-snapshot", "tag-key", "ark-snapshot"},
      {"1st", "ok_value", "k1st", "ok_value"},
      {"", "v", "k", "v"},
      {std::string(80, 'a'), std::string(80, 'b'), std::string(63, 'a'), std::string(63, 'b')},
  };
  for (const auto& c : cases) {
    auto labels = SanitizeLabels({{c.key, c.value}});
    ASSERT_EQ(labels.size(), 1u) << c.key;
    EXPECT_EQ(labels.begin()->first, c.want_key) << c.key;
    EXPECT_EQ(labels.begin()->second, c.want_value) << c.key;
  }
}

}  // namespace
}  // namespace ark::cloud::gcp
