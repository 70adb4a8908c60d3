#include "persistence/object_store_layout.h"

#include <gtest/gtest.h>

namespace ark::persistence {
namespace {

TEST(ObjectStoreLayout, ArkKeysWithAndWithoutPrefix) {
  struct Case {
    std::string prefix, normalized;
  } cases[] = {{"", ""}, {"ark", "ark/"}, {"ark/", "ark/"}, {"/a/b//", "a/b/"}, {"/", ""}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.prefix);
    ObjectStoreLayout l(c.prefix);
    const std::string& p = c.normalized;
    EXPECT_EQ(l.prefix(), p);
    EXPECT_EQ(l.BackupDir("nginx"), p + "nginx/");
    EXPECT_EQ(l.MetadataKey("nginx"), p + "nginx/ark-backup.json");
    EXPECT_EQ(l.ContentsKey("nginx"), p + "nginx/nginx.tar.gz");
    EXPECT_EQ(l.LogKey("nginx"), p + "nginx/nginx-logs.gz");
    EXPECT_EQ(l.ManifestKey("nginx"), p + "nginx/nginx-manifest.json.gz");
    EXPECT_EQ(l.RestoreLogKey("nginx", "nginx-20261128"),
              p + "nginx/restore-nginx-20261128-logs.gz");
    EXPECT_EQ(l.RestoreResultsKey("nginx", "nginx-20261128"),
              p + "nginx/restore-nginx-20261128-results.gz");
    EXPECT_EQ(l.VeleroBackupsDir(), p + "backups/");
    EXPECT_EQ(l.VeleroMetadataKey("nginx"), p + "backups/nginx/velero-backup.json");
    EXPECT_EQ(l.VeleroArkMetadataKey("nginx"), p + "backups/nginx/ark-backup.json");
    EXPECT_EQ(l.VeleroContentsKey("nginx"), p + "backups/nginx/nginx.tar.gz");
    EXPECT_EQ(l.VeleroLogKey("nginx"), p + "backups/nginx/nginx-logs.gz");
    EXPECT_EQ(l.VeleroRestoreLogKey("r1"), p + "restores/r1/restore-r1-logs.gz");
    EXPECT_EQ(l.VeleroRestoreResultsKey("r1"), p + "restores/r1/restore-r1-results.gz");
  }
}

}  // namespace
}  // namespace ark::persistence
