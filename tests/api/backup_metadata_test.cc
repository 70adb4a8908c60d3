#include "api/backup_metadata.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "api/fixture_files.h"
#include "support/process.h"

namespace ark::api {
namespace {

// Re-encoding what Ark and Velero wrote gives back their bytes.
TEST(BackupMetadata, EncodesLikeTheKubernetesSerializer) {
  const char* files[] = {
      "ark-v0.5.1/nginx-ns/ark-backup.json",
      "ark-v0.5.1/nginx-selector/ark-backup.json",
      "ark-v0.5.1/full-cluster/ark-backup.json",
      "ark-v0.3.3/nginx-ns/ark-backup.json",
      "ark-v0.3.3/nginx-selector/ark-backup.json",
      "ark-v0.3.3/full-cluster/ark-backup.json",
      "velero-v1.1.0/backups/nginx-ns/velero-backup.json",
      "velero-v1.1.0/backups/nginx-selector/velero-backup.json",
  };
  for (const char* f : files) {
    SCOPED_TRACE(f);
    std::string path = testing::FixturePath(f);
    ASSERT_TRUE(std::filesystem::exists(path)) << "fixture missing: " << path;
    std::string original = ark::testing::ReadFile(path);
    auto decoded = DecodeBackupMetadata(original, f);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(EncodeBackupMetadata(*decoded), original);
  }
}

TEST(BackupMetadata, UnknownKeysFollowKnownOnesSorted) {
  Json b = {{"zeta", 1},
            {"status", {{"phase", "Completed"}, {"alpha", true}, {"version", 1}}},
            {"kind", "Backup"},
            {"apiVersion", "ark.heptio.com/v1"}};
  EXPECT_EQ(
      EncodeBackupMetadata(b),
      "{\n  \"kind\": \"Backup\",\n  \"apiVersion\": \"ark.heptio.com/v1\",\n  \"status\": {\n"
      "    \"version\": 1,\n    \"phase\": \"Completed\",\n    \"alpha\": true\n  },\n  \"zeta\": "
      "1\n}");
}

TEST(BackupMetadata, DecodeErrorsNameTheKey) {
  struct Case {
    const char* data;
    const char* message;
  } cases[] = {
      {"{not json", "backup metadata b/ark-backup.json: not valid JSON"},
      {"[1]", "backup metadata b/ark-backup.json: not a JSON object"},
      {R"({"kind":"Restore"})", "backup metadata b/ark-backup.json: kind is not Backup"},
  };
  for (const Case& c : cases) {
    auto r = DecodeBackupMetadata(c.data, "b/ark-backup.json");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kDataLoss);
    EXPECT_EQ(r.status().message(), c.message);
  }
}

}  // namespace
}  // namespace ark::api
