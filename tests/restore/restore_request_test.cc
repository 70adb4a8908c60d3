#include "restore/restore_request.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "restore/restore_outcome.h"
#include "restore_fixtures.h"

namespace ark::restore {
namespace {

using Json = nlohmann::json;

TEST(ValidateRestoreRequest, ListsEveryProblem) {
  RestoreRequest r;
  r.included_namespaces = {"*", "a"};
  r.excluded_resources = {"*"};
  r.included_resources = {"nodes"};
  r.namespace_mapping = {{"a", ""}};
  std::vector<std::string> problems = ValidateRestoreRequest(r);
  ASSERT_EQ(problems.size(), 5u) << ::testing::PrintToString(problems);
  EXPECT_EQ(problems[0], "restore name must not be empty");
  EXPECT_NE(problems[1].find("namespaces: includes list must either contain '*' only"),
            std::string::npos);
  EXPECT_NE(problems[2].find("resources: excludes list cannot contain '*'"), std::string::npos);
  EXPECT_EQ(problems[3], "resources: nodes are not restorable and cannot be included");
  EXPECT_EQ(problems[4], "namespace mapping \"a:\" has an empty side");
}

TEST(ValidateRestoreRequest, AcceptsAPlainRequest) {
  RestoreRequest r;
  r.name = "r";
  r.included_namespaces = {"a"};
  EXPECT_TRUE(ValidateRestoreRequest(r).empty());
}

TEST(BackupInfoFromMetadata, ArkV051Fixture) {
  Result<BackupInfo> info =
      BackupInfoFromMetadata(testing::ReadFixtureJson("ark-v0.5.1/nginx-ns/ark-backup.json"));
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->name, "nginx-ns");
  ASSERT_EQ(info->volume_snapshots.size(), 1u);
  const VolumeSnapshot& s = info->volume_snapshots[0];
  EXPECT_EQ(s.pv_name, "pv-nginx-logs");
  EXPECT_EQ(s.snapshot_id, "snap-bc5f8c1c011137962");
  EXPECT_EQ(s.volume_type, "gp2");
  EXPECT_EQ(s.availability_zone, "us-east-1a");
  EXPECT_FALSE(s.iops.has_value());
}

TEST(BackupInfoFromMetadata, ArkV033FixtureHasIopsAndNoZone) {
  Result<BackupInfo> info =
      BackupInfoFromMetadata(testing::ReadFixtureJson("ark-v0.3.3/nginx-ns/ark-backup.json"));
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  ASSERT_EQ(info->volume_snapshots.size(), 1u);
  EXPECT_EQ(info->volume_snapshots[0].snapshot_id, "snap-ca7e64184449326b5");
  EXPECT_EQ(info->volume_snapshots[0].availability_zone, "");
  EXPECT_EQ(info->volume_snapshots[0].iops, 0);
}

TEST(BackupInfoFromMetadata, RejectsBadShapesNamingTheField) {
  Result<BackupInfo> info = BackupInfoFromMetadata(Json::parse(
      R"({"metadata":{"name":"b"},"status":{"volumeBackups":{"pv1":{"type":"gp2"}}}})"));
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), Code::kInvalidArgument);
  EXPECT_NE(info.status().message().find("status.volumeBackups[\"pv1\"].snapshotID"),
            std::string::npos);
  EXPECT_FALSE(BackupInfoFromMetadata(Json::array()).ok());
}

TEST(VolumeSnapshotsFromVelero, VeleroV110Fixture) {
  Result<std::vector<VolumeSnapshot>> snapshots = VolumeSnapshotsFromVelero(
      testing::ReadFixtureJson("velero-v1.1.0/backups/nginx-ns/nginx-ns-volumesnapshots.json.gz"));
  ASSERT_TRUE(snapshots.ok()) << snapshots.status().ToString();
  ASSERT_EQ(snapshots->size(), 1u);
  EXPECT_EQ((*snapshots)[0].pv_name, "pv-nginx-logs");
  EXPECT_EQ((*snapshots)[0].snapshot_id, "snap-c4dd76679441a8a04");
  EXPECT_EQ((*snapshots)[0].availability_zone, "us-east-1a");
  EXPECT_EQ((*snapshots)[0].volume_type, "gp2");
}

TEST(Messages, JsonLeavesOutEmptyGroups) {
  Messages m;
  EXPECT_EQ(m.ToJson(), Json::object());
  m.cluster.push_back("c");
  m.namespaces["ns"].push_back("n");
  m.namespaces["empty"];
  EXPECT_EQ(m.ToJson(), Json::parse(R"({"cluster":["c"],"namespaces":{"ns":["n"]}})"));
  RestoreOutcome outcome;
  outcome.warnings = m;
  EXPECT_EQ(outcome.ResultsJson(),
            Json::parse(R"({"warnings":{"cluster":["c"],"namespaces":{"ns":["n"]}},"errors":{}})"));
}

}  // namespace
}  // namespace ark::restore
