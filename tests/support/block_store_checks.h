#pragma once

// Shared checks of the BlockStore contract, for every provider's tests.

#include <gtest/gtest.h>

#include <string>

#include "cloud/block_store.h"

namespace ark::testing {

// SnapshotExists answers true for `snapshot_id` (a snapshot just taken through `store`) until
// DeleteSnapshot deletes it, and false after.
inline void ExpectSnapshotExistsUntilDeleted(cloud::BlockStore& store,
                                             const std::string& snapshot_id) {
  auto exists = store.SnapshotExists(snapshot_id);
  ASSERT_TRUE(exists.ok()) << exists.status().ToString();
  EXPECT_TRUE(*exists);
  ASSERT_TRUE(store.DeleteSnapshot(snapshot_id).ok());
  exists = store.SnapshotExists(snapshot_id);
  ASSERT_TRUE(exists.ok()) << exists.status().ToString();
  EXPECT_FALSE(*exists);
}

}  // namespace ark::testing
