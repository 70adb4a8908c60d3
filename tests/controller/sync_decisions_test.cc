// Which Backups the sync removes because their files are gone (controller/sync_decisions.h).
#include "controller/sync_decisions.h"

#include <gtest/gtest.h>

namespace ark::controller {
namespace {

using Names = std::vector<std::string>;

TEST(SyncDecisionsTest, RemovesTheFinishedBackupsMissingFromANonEmptyListing) {
  const SyncRemovals r = DecideSyncRemovals({"a", "b", "gone"}, {"a", "b", "new"}, 0);
  EXPECT_EQ(r.remove, Names{"gone"});
  EXPECT_EQ(r.held_back_because, "");
}

TEST(SyncDecisionsTest, NothingMissingRemovesNothingAndSaysNothing) {
  const SyncRemovals r = DecideSyncRemovals({"a"}, {"a", "b"}, 0);
  EXPECT_TRUE(r.remove.empty());
  EXPECT_EQ(r.held_back_because, "");
  EXPECT_EQ(DecideSyncRemovals({}, {}, 0).held_back_because, "") << "nothing to remove";
}

TEST(SyncDecisionsTest, AnEmptyListingRemovesNothingAndSaysWhy) {
  // A wrong bucket, prefix or path, or an unmounted volume, lists nothing.
  const SyncRemovals one = DecideSyncRemovals({"only"}, {}, 0);
  EXPECT_TRUE(one.remove.empty());
  const SyncRemovals many = DecideSyncRemovals({"a", "b", "c"}, {}, 0);
  EXPECT_TRUE(many.remove.empty());
  EXPECT_EQ(many.held_back_because,
            "object storage lists no backup at all while the cluster has 3 finished one(s): "
            "check the Config's bucket, prefix and path");
}

TEST(SyncDecisionsTest, UnreadableMetadataRemovesNothing) {
  const SyncRemovals r = DecideSyncRemovals({"a", "gone"}, {"a"}, 2);
  EXPECT_TRUE(r.remove.empty());
  EXPECT_EQ(r.held_back_because, "2 backup metadata file(s) in object storage cannot be read");
}

}  // namespace
}  // namespace ark::controller
