#include <gtest/gtest.h>

#include "controller/backup_controller.h"
#include "controller/restore_controller.h"
#include "controller/server_config.h"

namespace ark::controller {
namespace {

using nlohmann::json;

TEST(ServerConfigTest, ReadsArkV05Shape) {
  auto c = ParseServerConfig(json::parse(R"({
    "persistentVolumeProvider": {"aws": {"region": "us-east-1"}},
    "backupStorageProvider": {"bucket": "b", "aws": {"region": "us-east-1", "s3ForcePathStyle": true}},
    "backupSyncPeriod": "30m", "gcSyncPeriod": "1m", "restoreOnlyMode": true})"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->storage.name, "aws");
  EXPECT_EQ(c->storage.config.at("s3ForcePathStyle"), "true");
  EXPECT_EQ(c->bucket, "b");
  ASSERT_TRUE(c->volumes.has_value());
  EXPECT_EQ(c->volumes->name, "aws");
  EXPECT_EQ(c->backup_sync_period, std::chrono::minutes(30));
  EXPECT_EQ(c->gc_sync_period, std::chrono::minutes(1));
  EXPECT_EQ(c->schedule_sync_period, std::chrono::minutes(1));
  EXPECT_TRUE(c->restore_only);
}

TEST(ServerConfigTest, ReadsArkV06Shape) {
  auto c = ParseServerConfig(json::parse(
      R"({"backupStorageProvider": {"name": "local", "bucket": "ark", "config": {"path": "/x"}}})"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->storage.name, "local");
  EXPECT_EQ(c->storage.config.at("path"), "/x");
  EXPECT_FALSE(c->volumes.has_value());
}

struct BadConfig {
  const char* json;
  const char* error;
};

TEST(ServerConfigTest, ErrorsNameTheField) {
  const BadConfig cases[] = {
      {R"({})", "backupStorageProvider: required"},
      {R"({"backupStorageProvider": {"aws": {}}})", "backupStorageProvider.bucket: must not be empty"},
      {R"({"backupStorageProvider": {"bucket": "b"}})", "exactly one of"},
      {R"({"backupStorageProvider": {"bucket": "b", "aws": {}, "gcp": {}}})", "exactly one of"},
      {R"({"backupStorageProvider": {"bucket": "b", "aws": {}}, "gcSyncPeriod": "1 day"})", "gcSyncPeriod"},
      // The server reads the Config with the api module's strict rules: no silent defaults.
      {R"({"backupStorageProvider": {"bucket": "b", "aws": {}}, "restoreOnlyMode": "true"})",
       "restoreOnlyMode: expected true or false, got string \"true\""},
      {R"({"backupStorageProvider": {"bucket": "b", "aws": {}}, "backupSyncPeriod": "10s"})",
       "backupSyncPeriod: \"10s\" is below the minimum of 1m0s"},
  };
  for (const auto& c : cases) {
    auto r = ParseServerConfig(json::parse(c.json));
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_NE(r.status().message().find(c.error), std::string::npos) << r.status().message();
  }
}

struct ValidationCase {
  const char* spec;
  bool has_volumes;
  std::vector<std::string> want;
};

TEST(BackupValidationTest, ArkRulesAndStrictOnes) {
  const ValidationCase cases[] = {
      {R"({})", false, {}},
      {R"({"includedNamespaces": ["*"]})", false, {}},
      {R"({"includedNamespaces": ["*", "a"]})", false,
       {"Invalid included/excluded namespace lists: includes list must either contain '*' only"}},
      {R"({"excludedResources": ["*"]})", false,
       {"Invalid included/excluded resource lists: excludes list cannot contain '*'"}},
      {R"({"includedResources": ["pods"], "excludedResources": ["pods"]})", false,
       {"Invalid included/excluded resource lists: excludes list cannot contain an item in the "
        "includes list: pods"}},
      {R"({"snapshotVolumes": true})", false, {"Server is not configured for PV snapshots"}},
      {R"({"snapshotVolumes": true})", true, {}},
      {R"({"ttl": "3 days"})", false, {"spec.ttl: invalid duration \"3 days\""}},
      {R"({"ttl": "-5h"})", false, {"spec.ttl: \"-5h0m0s\" is negative"}},
      {R"({"ttl": 5})", false, {"spec.ttl: expected a duration string such as \"24h0m0s\", got number 5"}},
  };
  for (const auto& c : cases) {
    json backup = {{"metadata", {{"name", "b1"}}}, {"spec", json::parse(c.spec)}};
    auto got = BackupController::Validate(backup, c.has_volumes);
    ASSERT_EQ(got.size(), c.want.size()) << c.spec;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].rfind(c.want[i], 0), 0u) << got[i];
    }
  }
}

TEST(RestoreValidationTest, ArkRulesAndStrictOnes) {
  const ValidationCase cases[] = {
      {R"({"backupName": "b"})", false, {}},
      {R"({})", false, {"BackupName must be non-empty"}},
      {R"({"backupName": "b", "includedResources": ["nodes"]})", false, {"nodes are non-restorable resources"}},
      {R"({"backupName": "b", "restorePVs": true})", false, {"Server is not configured for PV snapshot restores"}},
      {R"({"backupName": "b", "restorePVs": "true"})", false,
       {"spec.restorePVs: expected true, false or null, got string \"true\""}},
  };
  for (const auto& c : cases) {
    json restore = {{"metadata", {{"name", "r1"}}}, {"spec", json::parse(c.spec)}};
    auto got = RestoreController::Validate(restore, c.has_volumes);
    ASSERT_EQ(got.size(), c.want.size()) << c.spec;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].rfind(c.want[i], 0), 0u) << got[i];
    }
  }
}

}  // namespace
}  // namespace ark::controller
