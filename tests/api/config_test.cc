#include "api/config.h"

#include <gtest/gtest.h>

namespace ark::api {
namespace {

using Map = std::map<std::string, std::string>;
using std::chrono::minutes;

Json Config(const std::string& body) {
  Json j = Json::parse(body);
  j["apiVersion"] = "ark.heptio.com/v1";
  j["kind"] = "Config";
  j["metadata"] = {{"name", "default"}, {"namespace", "heptio-ark"}};
  return j;
}

TEST(ConfigTest, AcceptedShapes) {
  struct Case {
    const char* name;
    const char* json;
    std::optional<ProviderSelection> pv;
    ProviderSelection storage;
    std::string bucket, prefix;
  };
  const Case cases[] = {
      {"v0.3 aws (the reference's example)",
       R"({"persistentVolumeProvider": {"aws": {"region": "us-east-1", "availabilityZone": "us-east-1a"}},
           "backupStorageProvider": {"bucket": "ark", "aws": {"region": "us-east-1",
               "s3ForcePathStyle": true, "s3Url": "http://127.0.0.1:5077"}}})",
       ProviderSelection{"aws", Map{{"region", "us-east-1"}, {"availabilityZone", "us-east-1a"}}},
       {"aws", Map{{"region", "us-east-1"},
                   {"s3ForcePathStyle", "true"},
                   {"s3Url", "http://127.0.0.1:5077"}}},
       "ark",
       ""},
      {"v0.3 gcp",
       R"({"persistentVolumeProvider": {"gcp": {"project": "p1", "zone": "us-central1-b"}},
           "backupStorageProvider": {"bucket": "b", "gcp": {}}})",
       ProviderSelection{"gcp", Map{{"project", "p1"}, {"zone", "us-central1-b"}}},
       {"gcp", Map{}},
       "b",
       ""},
      {"v0.3 azure",
       R"({"persistentVolumeProvider": {"azure": {"location": "westus", "apiTimeout": "2m0s"}},
           "backupStorageProvider": {"bucket": "c", "azure": null}})",
       ProviderSelection{"azure", Map{{"location", "westus"}, {"apiTimeout", "2m0s"}}},
       {"azure", Map{}},
       "c",
       ""},
      {"local, no PV provider, prefix",
       R"({"backupStorageProvider": {"bucket": "ark", "prefix": "cluster-a/", "local": {"path": "/tmp/x"}}})",
       std::nullopt,
       {"local", Map{{"path", "/tmp/x"}}},
       "ark",
       "cluster-a"},
      {"v0.6 {name, config}",
       R"({"persistentVolumeProvider": {"name": "aws", "config": {"region": "eu-west-1"}},
           "backupStorageProvider": {"name": "aws", "bucket": "bkt",
               "config": {"region": "eu-west-1", "kmsKeyId": "alias/k", "port": 9000}}})",
       ProviderSelection{"aws", Map{{"region", "eu-west-1"}}},
       {"aws", Map{{"region", "eu-west-1"}, {"kmsKeyId", "alias/k"}, {"port", "9000"}}},
       "bkt",
       ""},
      {"v0.6 with a provider only the registry knows",
       R"({"backupStorageProvider": {"name": "example.com/store", "bucket": "b"}})",
       std::nullopt,
       {"example.com/store", Map{}},
       "b",
       ""},
  };
  for (const Case& c : cases) {
    auto got = ParseServerConfig(Config(c.json));
    ASSERT_TRUE(got.ok()) << c.name << ": " << got.status().ToString();
    EXPECT_EQ(got->persistent_volume_provider.has_value(), c.pv.has_value()) << c.name;
    if (c.pv.has_value() && got->persistent_volume_provider.has_value()) {
      EXPECT_EQ(got->persistent_volume_provider->name, c.pv->name) << c.name;
      EXPECT_EQ(got->persistent_volume_provider->config, c.pv->config) << c.name;
    }
    EXPECT_EQ(got->backup_storage_provider.name, c.storage.name) << c.name;
    EXPECT_EQ(got->backup_storage_provider.config, c.storage.config) << c.name;
    EXPECT_EQ(got->bucket, c.bucket) << c.name;
    EXPECT_EQ(got->prefix, c.prefix) << c.name;
  }
}

TEST(ConfigTest, PeriodsDefaultsAndMinimums) {
  auto defaults =
      ParseServerConfig(Config(R"({"backupStorageProvider": {"bucket": "b", "aws": {}}})"));
  ASSERT_TRUE(defaults.ok()) << defaults.status().ToString();
  EXPECT_EQ(defaults->backup_sync_period, minutes(60));
  EXPECT_EQ(defaults->gc_sync_period, minutes(60));
  EXPECT_EQ(defaults->schedule_sync_period, minutes(1));
  // Not configured: the restore's own default order applies (restore::DefaultResourcePriorities).
  EXPECT_TRUE(defaults->resource_priorities.empty());
  EXPECT_FALSE(defaults->restore_only_mode);

  auto set = ParseServerConfig(Config(R"({"backupStorageProvider": {"bucket": "b", "aws": {}},
      "backupSyncPeriod": "30m", "gcSyncPeriod": "1m", "scheduleSyncPeriod": "1h30m",
      "resourcePriorities": ["secrets", "deployments.apps"], "restoreOnlyMode": true})"));
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->backup_sync_period, minutes(30));
  EXPECT_EQ(set->gc_sync_period, minutes(1));  // the minimum is allowed
  EXPECT_EQ(set->schedule_sync_period, minutes(90));
  EXPECT_EQ(set->resource_priorities, (std::vector<std::string>{"secrets", "deployments.apps"}));
  EXPECT_TRUE(set->restore_only_mode);
}

TEST(ConfigTest, SyncPeriodsBelowAMinuteAreRaisedToItWithANote) {
  // As Ark did: a Config written for it ("10s") still runs, and the note says what was used.
  auto short_periods = ParseServerConfig(Config(R"({"backupStorageProvider": {"bucket": "b",
      "aws": {}}, "backupSyncPeriod": "10s", "gcSyncPeriod": "0s", "scheduleSyncPeriod": "-5m"})"));
  ASSERT_TRUE(short_periods.ok()) << short_periods.status().ToString();
  EXPECT_EQ(short_periods->backup_sync_period, minutes(1));
  EXPECT_EQ(short_periods->gc_sync_period, minutes(1));
  EXPECT_EQ(short_periods->schedule_sync_period, minutes(1));
  EXPECT_EQ(short_periods->notes,
            (std::vector<std::string>{
                "backupSyncPeriod: \"10s\" is below the minimum of 1m0s; using 1m0s",
                "gcSyncPeriod: \"0s\" is below the minimum of 1m0s; using 1m0s",
                "scheduleSyncPeriod: \"-5m\" is below the minimum of 1m0s; using 1m0s"}));

  auto as_written = ParseServerConfig(
      Config(R"({"backupStorageProvider": {"bucket": "b", "aws": {}}, "gcSyncPeriod": "1m"})"));
  ASSERT_TRUE(as_written.ok()) << as_written.status().ToString();
  EXPECT_TRUE(as_written->notes.empty());
}

TEST(ConfigTest, ClearErrors) {
  struct Case {
    const char* json;
    const char* want;
  };
  const Case cases[] = {
      {R"({})", "backupStorageProvider: required"},
      {R"({"backupStorageProvider": {"bucket": "b"}})",
       "you must specify exactly one of aws, gcp, azure or local for backupStorageProvider"},
      {R"({"backupStorageProvider": {"bucket": "b", "aws": {}, "gcp": {}}})",
       "you must specify exactly one of aws, gcp, azure or local for backupStorageProvider"},
      {R"({"backupStorageProvider": {"bucket": "b", "s3": {}}})",
       "backupStorageProvider: unknown key \"s3\""},
      {R"({"persistentVolumeProvider": {}, "backupStorageProvider": {"bucket": "b", "aws": {}}})",
       "you must specify exactly one of aws, gcp, azure or local for persistentVolumeProvider"},
      {R"({"backupStorageProvider": {"aws": {"region": "x"}}})",
       "backupStorageProvider.bucket: must not be empty"},
      {R"({"backupStorageProvider": {"bucket": 3, "aws": {}}})",
       "backupStorageProvider.bucket: expected a string, got number"},
      {R"({"backupStorageProvider": {"bucket": "b", "aws": {"tags": {"a": "b"}}}})",
       "backupStorageProvider.aws.tags: expected a string, number or boolean, got object"},
      {R"({"backupStorageProvider": {"bucket": "b", "aws": "us-east-1"}})",
       "backupStorageProvider.aws: expected a map of settings, got string"},
      {R"({"backupStorageProvider": {"name": "", "bucket": "b"}})",
       "backupStorageProvider.name: must be a non-empty string"},
      {R"({"backupStorageProvider": {"name": "aws", "aws": {}, "bucket": "b"}})",
       "backupStorageProvider: unexpected key \"aws\" beside name"},
      {R"({"backupStorageProvider": {"bucket": "b", "aws": {}}, "gcSyncPeriod": "1d"})",
       "gcSyncPeriod: invalid duration \"1d\""},
      {R"({"backupStorageProvider": {"bucket": "b", "aws": {}}, "restoreOnlyMode": "yes"})",
       "restoreOnlyMode: expected true or false, got string \"yes\""},
      // A string that looks like a bool is still a string: Ark read it as false.
      {R"({"backupStorageProvider": {"bucket": "b", "aws": {}}, "restoreOnlyMode": "true"})",
       "restoreOnlyMode: expected true or false, got string \"true\""},
      {R"({"backupStorageProvider": {"bucket": "b", "aws": {}}, "restoreOnlyMode": 1})",
       "restoreOnlyMode: expected true or false, got number 1"},
      {R"({"backupStorageProvider": {"bucket": "b", "aws": {}}, "resourcePriorities": "pods"})",
       "resourcePriorities: expected a list of strings, got string \"pods\""},
      {R"({"backupStorageProvider": {"bucket": "b", "aws": {}}, "backupSyncPeriod": 60})",
       "backupSyncPeriod: expected a duration string such as \"24h0m0s\", got number 60"},
      {R"({"backupStorageProvider": {"bucket": "b", "aws": {}}, "podVolumeOperationTimeout": "0s"})",
       "podVolumeOperationTimeout: \"0s\" is below the minimum of 1s"},
  };
  for (const Case& c : cases) {
    auto got = ParseServerConfig(Config(c.json));
    ASSERT_FALSE(got.ok()) << c.json;
    EXPECT_EQ(got.status().code(), Code::kInvalidArgument);
    EXPECT_NE(got.status().message().find(c.want), std::string::npos)
        << c.json << "\n got: " << got.status().message();
    EXPECT_EQ(got.status().message().rfind("Config \"heptio-ark/default\": ", 0), 0u)
        << got.status().message();
  }
  EXPECT_FALSE(ParseServerConfig(Json::parse(R"({"kind": "Backup"})")).ok());
}

TEST(ConfigTest, SecretsInSettingsDoNotLeakIntoErrors) {
  auto got = ParseServerConfig(Config(
      R"({"backupStorageProvider": {"bucket": "b", "aws": {"secretKey": "s3cr3t", "x": [1]}}})"));
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message().find("s3cr3t"), std::string::npos) << got.status().message();
}

}  // namespace
}  // namespace ark::api
