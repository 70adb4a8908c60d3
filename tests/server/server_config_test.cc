#include "server/server_config.h"

#include <gtest/gtest.h>

namespace ark::server {
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
      {R"({"backupStorageProvider": {"aws": {}}})",
       "backupStorageProvider.bucket: must not be empty"},
      {R"({"backupStorageProvider": {"bucket": "b"}})", "exactly one of"},
      {R"({"backupStorageProvider": {"bucket": "b", "aws": {}, "gcp": {}}})", "exactly one of"},
      {R"({"backupStorageProvider": {"bucket": "b", "aws": {}}, "gcSyncPeriod": "1 day"})",
       "gcSyncPeriod"},
      // The server reads the Config with the api module's strict rules: no silent defaults.
      {R"({"backupStorageProvider": {"bucket": "b", "aws": {}}, "restoreOnlyMode": "true"})",
       "restoreOnlyMode: expected true or false, got string \"true\""},
  };
  for (const auto& c : cases) {
    auto r = ParseServerConfig(json::parse(c.json));
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_NE(r.status().message().find(c.error), std::string::npos) << r.status().message();
  }
}

}  // namespace
}  // namespace ark::server
