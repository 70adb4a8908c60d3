// EbsBlockStore against moto_server's EC2 API with signature checking on (see moto.h).
#include "cloud/aws/ebs_block_store.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cloud/aws/aws_provider.h"
#include "cloud/aws/volume_id.h"
#include "moto.h"
#include "support/block_store_checks.h"
#include "test_clients.h"

namespace ark::cloud::aws {
namespace {

using ark::testing::Moto;
using ark::testing::NoSleepClock;
using nlohmann::json;

const std::string kFixtures = ARK_SOURCE_DIR "/tests/fixtures";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Gunzip(const std::string& data) {
  z_stream z{};
  inflateInit2(&z, 16 + MAX_WBITS);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[16384];
  int rc;
  do {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  } while (rc == Z_OK);
  inflateEnd(&z);
  return out;
}

class EbsBlockStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    moto_ = Moto::Start(&error);
    ASSERT_NE(moto_, nullptr) << error;
  }

  // A store built the way the server builds it: Config, credentials and endpoint from the
  // environment.
  std::unique_ptr<EbsBlockStore> NewStore(ProviderConfig config, const Credentials& credentials) {
    vars_ = {{"AWS_ACCESS_KEY_ID", credentials.access_key_id},
             {"AWS_SECRET_ACCESS_KEY", credentials.secret_access_key},
             {"AWS_ENDPOINT_URL_EC2", moto_->url()}};
    ProviderEnv env;
    env.clock = &clock_;
    env.getenv = [this](std::string_view name) -> std::optional<std::string> {
      auto it = vars_.find(std::string(name));
      if (it == vars_.end()) return std::nullopt;
      return it->second;
    };
    auto store = NewEbsBlockStore(config, env);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return nullptr;
    return std::unique_ptr<EbsBlockStore>(static_cast<EbsBlockStore*>(store->release()));
  }

  // The DescribeVolumes item of `volume_id`, read with a separate client.
  XmlElement Describe(const std::string& volume_id) {
    auto client = NewAwsHttpClient({});
    Ec2Client ec2(moto_->url(), SignedTransport(std::shared_ptr<http::Client>(std::move(*client)),
                                                moto_->credentials(),
                                                SigningScope{"us-east-1", "ec2"}, clock_, {}));
    auto doc = ec2.Call("DescribeVolumes", volume_id, {{"VolumeId.1", volume_id}});
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    if (!doc.ok() || !doc->Child("volumeSet") || !doc->Child("volumeSet")->Child("item")) return {};
    return *doc->Child("volumeSet")->Child("item");
  }

  static std::map<std::string, std::string> TagsOf(const XmlElement& item) {
    std::map<std::string, std::string> tags;
    if (const XmlElement* set = item.Child("tagSet")) {
      for (const XmlElement* t : set->Children("item"))
        tags[t->ChildText("key")] = t->ChildText("value");
    }
    return tags;
  }

  // Polls IsVolumeReady (moto's volumes are available at once; real EBS takes a while).
  bool WaitReady(BlockStore& store, const std::string& volume_id, const std::string& az) {
    for (int i = 0; i < 50; ++i) {
      auto ready = store.IsVolumeReady(volume_id, az);
      EXPECT_TRUE(ready.ok()) << ready.status().ToString();
      if (!ready.ok()) return false;
      if (*ready) return true;
      clock_.SleepFor(std::chrono::milliseconds(100));
    }
    return false;
  }

  NoSleepClock clock_;
  std::unique_ptr<Moto> moto_;
  std::map<std::string, std::string> vars_;
};

TEST_F(EbsBlockStoreTest, SnapshotAndRestoreAVolumeAcrossZones) {
  auto store = NewStore({{"region", "us-east-1"}}, moto_->credentials());
  ASSERT_NE(store, nullptr);
  auto volume = store->CreateVolume("us-east-1a", "gp2", 1, std::nullopt,
                                    {{"Name", "pv-nginx-logs"}, {"team", "web"}});
  ASSERT_TRUE(volume.ok()) << volume.status().ToString();

  auto info = store->GetVolumeInfo(*volume, "us-east-1a");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->type, "gp2");
  EXPECT_FALSE(info->iops.has_value()) << "gp2 has no provisioned IOPS";

  auto snapshot = store->CreateSnapshot(*volume, "us-east-1a",
                                        {{"ark.heptio.com/backup", "nginx-ns"},
                                         {"ark.heptio.com/pv", "pv-nginx-logs"},
                                         {"team", "backup-wins"}});
  ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  EXPECT_EQ(snapshot->rfind("snap-", 0), 0u) << *snapshot;
  auto tags = store->SnapshotTags(*snapshot);
  ASSERT_TRUE(tags.ok()) << tags.status().ToString();
  EXPECT_EQ(*tags, (std::map<std::string, std::string>{{"Name", "pv-nginx-logs"},
                                                       {"ark.heptio.com/backup", "nginx-ns"},
                                                       {"ark.heptio.com/pv", "pv-nginx-logs"},
                                                       {"team", "backup-wins"}}));

  auto restored = store->CreateVolumeFromSnapshot(*snapshot, "io1", "us-east-1b", 1200);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_NE(*restored, *volume);
  EXPECT_TRUE(WaitReady(*store, *restored, "us-east-1b"));
  XmlElement described = Describe(*restored);
  EXPECT_EQ(described.ChildText("availabilityZone"), "us-east-1b");
  EXPECT_EQ(described.ChildText("snapshotId"), *snapshot);
  EXPECT_EQ(TagsOf(described).at("ark.heptio.com/backup"), "nginx-ns") << "snapshot tags copied";
  auto restored_info = store->GetVolumeInfo(*restored, "us-east-1b");
  ASSERT_TRUE(restored_info.ok());
  EXPECT_EQ(restored_info->type, "io1");
  EXPECT_EQ(restored_info->iops, 1200);

  ASSERT_TRUE(store->DeleteSnapshot(*snapshot).ok());
  EXPECT_EQ(store->SnapshotTags(*snapshot).status().code(), Code::kNotFound);
  Status again = store->DeleteSnapshot(*snapshot);
  EXPECT_TRUE(again.ok()) << "deleting a missing snapshot succeeds: " << again.ToString();

  auto missing = store->GetVolumeInfo("vol-0123456789abcdef0", "us-east-1a");
  EXPECT_EQ(missing.status().code(), Code::kNotFound) << missing.status().ToString();
  EXPECT_EQ(store->IsVolumeReady("vol-0123456789abcdef0", "").status().code(), Code::kNotFound);
}

TEST_F(EbsBlockStoreTest, SnapshotExistsUntilItIsDeleted) {
  auto store = NewStore({{"region", "us-east-1"}}, moto_->credentials());
  ASSERT_NE(store, nullptr);
  auto volume = store->CreateVolume("us-east-1a", "gp2", 1, std::nullopt, {});
  ASSERT_TRUE(volume.ok()) << volume.status().ToString();
  auto snapshot = store->CreateSnapshot(*volume, "us-east-1a", {{"ark.heptio.com/backup", "b"}});
  ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  ASSERT_NO_FATAL_FAILURE(ark::testing::ExpectSnapshotExistsUntilDeleted(*store, *snapshot));
  auto exists = store->SnapshotExists("snap-0123456789abcdef0");  // never existed
  ASSERT_TRUE(exists.ok()) << exists.status().ToString();
  EXPECT_FALSE(*exists);
}

TEST_F(EbsBlockStoreTest, ProvisionedIopsAreReportedOnlyForTypesThatTakeThem) {
  auto store = NewStore({{"region", "us-east-1"}}, moto_->credentials());
  ASSERT_NE(store, nullptr);
  struct Case {
    std::string type;
    std::optional<int64_t> iops;
  };
  for (const Case& c : {Case{"io1", 1000}, Case{"io2", 2000}, Case{"gp3", 3000},
                        Case{"st1", std::nullopt}, Case{"standard", std::nullopt}}) {
    SCOPED_TRACE(c.type);
    auto volume = store->CreateVolume("us-east-1c", c.type, 500, c.iops, {});
    ASSERT_TRUE(volume.ok()) << volume.status().ToString();
    auto info = store->GetVolumeInfo(*volume, "us-east-1c");
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    EXPECT_EQ(info->type, c.type);
    EXPECT_EQ(info->iops, c.iops);
  }
}

// The snapshot records Ark v0.3.3, Ark v0.5.1 and Velero v1.1.0 wrote (fixtures/) restore:
// each record's type, IOPS and zone (none in v0.3.3: Config availabilityZone) make a volume,
// and the restored PV keeps the volume id form the backed-up PV had.
TEST_F(EbsBlockStoreTest, FixtureSnapshotRecordsRestore) {
  struct Record {
    std::string set;
    std::string type;
    std::optional<int64_t> iops;
    std::string az;
  };
  std::vector<Record> records;
  for (const char* set : {"ark-v0.3.3", "ark-v0.5.1"}) {
    json backup = json::parse(ReadFile(kFixtures + "/" + set + "/nginx-ns/ark-backup.json"));
    const json& vb = backup["status"]["volumeBackups"]["pv-nginx-logs"];
    ASSERT_TRUE(vb.is_object()) << set;
    records.push_back(
        {set, vb.value("type", ""),
         vb.contains("iops") ? std::optional<int64_t>(vb["iops"].get<int64_t>()) : std::nullopt,
         vb.value("availabilityZone", "")});
  }
  json velero = json::parse(Gunzip(
      ReadFile(kFixtures + "/velero-v1.1.0/backups/nginx-ns/nginx-ns-volumesnapshots.json.gz")));
  ASSERT_EQ(velero.size(), 1u);
  records.push_back({"velero-v1.1.0", velero[0]["spec"].value("volumeType", ""),
                     velero[0]["spec"].contains("volumeIOPS")
                         ? std::optional<int64_t>(velero[0]["spec"]["volumeIOPS"].get<int64_t>())
                         : std::nullopt,
                     velero[0]["spec"].value("volumeAZ", "")});
  ASSERT_EQ(records[0].az, "") << "Ark v0.3.3 records no zone";
  ASSERT_EQ(records[0].iops, 0) << "and IOPS 0 for gp2";

  auto store =
      NewStore({{"region", "us-east-1"}, {"availabilityZone", "us-east-1a"}}, moto_->credentials());
  ASSERT_NE(store, nullptr);
  auto volume = store->CreateVolume("us-east-1a", "gp2", 1, std::nullopt, {});
  ASSERT_TRUE(volume.ok()) << volume.status().ToString();
  auto snapshot =
      store->CreateSnapshot(*volume, "us-east-1a", {{"ark.heptio.com/backup", "nginx-ns"}});
  ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();

  for (const Record& r : records) {
    SCOPED_TRACE(r.set);
    EXPECT_EQ(r.type, "gp2");
    auto restored = store->CreateVolumeFromSnapshot(*snapshot, r.type, r.az, r.iops);
    ASSERT_TRUE(restored.ok()) << restored.status().ToString();
    EXPECT_TRUE(WaitReady(*store, *restored, r.az));
    XmlElement described = Describe(*restored);
    EXPECT_EQ(described.ChildText("availabilityZone"), "us-east-1a");
    EXPECT_EQ(described.ChildText("volumeType"), "gp2");

    json pv = json::parse(
        ReadFile(kFixtures + "/cluster-objects/" + r.set + "/restored-pv-nginx-logs.json"));
    std::string before = pv["spec"]["awsElasticBlockStore"]["volumeID"];
    ASSERT_TRUE(store->SetVolumeId(pv, *restored).ok());
    std::string after = pv["spec"]["awsElasticBlockStore"]["volumeID"];
    EXPECT_EQ(after, before.rfind("aws://", 0) == 0 ? "aws://us-east-1a/" + *restored : *restored);
    EXPECT_EQ(*store->GetVolumeId(pv), *restored);
  }

  auto no_zone = NewStore({{"region", "us-east-1"}}, moto_->credentials());
  auto failed = no_zone->CreateVolumeFromSnapshot(*snapshot, "gp2", "", 0);
  EXPECT_EQ(failed.status().code(), Code::kInvalidArgument) << failed.status().ToString();
  EXPECT_NE(failed.status().message().find("availabilityZone"), std::string::npos);
}

TEST_F(EbsBlockStoreTest, WrongSecretIsUnauthenticatedAndNeverShowsTheSecret) {
  Credentials wrong = moto_->credentials();
  wrong.secret_access_key = "NotTheRightSecretNotTheRightSecret012345";
  auto store = NewStore({{"region", "us-east-1"}}, wrong);
  ASSERT_NE(store, nullptr);
  auto info = store->GetVolumeInfo("vol-0123456789abcdef0", "us-east-1a");
  EXPECT_EQ(info.status().code(), Code::kUnauthenticated) << info.status().ToString();
  EXPECT_EQ(info.status().reason(), "AuthFailure");
  auto snap = store->CreateSnapshot("vol-0123456789abcdef0", "", {});
  EXPECT_EQ(snap.status().code(), Code::kUnauthenticated);
  for (const Status& s : {info.status(), snap.status()}) {
    EXPECT_EQ(s.ToString().find(wrong.secret_access_key), std::string::npos) << s.ToString();
    EXPECT_EQ(s.ToString().find(moto_->credentials().secret_access_key), std::string::npos);
  }
}

}  // namespace
}  // namespace ark::cloud::aws
