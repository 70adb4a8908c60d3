#pragma once

#include <set>
#include <string>
#include <vector>

namespace ark::controller {

// Which Backups the sync removes from the cluster because their files are gone from object
// storage (as Ark v0.10 and Velero do), as a function of the two listings
// (tests/controller/sync_decisions_test.cc).
struct SyncRemovals {
  std::vector<std::string> remove;  // finished Backups whose folder is gone
  // Not empty when nothing is removed although some folders look gone: why.
  std::string held_back_because;
};

// `finished_in_cluster`: the cluster's Completed and PartiallyFailed Backups (listed before
// the store); `in_store`: the backups the store lists; `unreadable_in_store`: how many metadata
// files could not be read. Nothing is removed while any metadata is unreadable (a backup may
// hide behind it), nor when the store lists no backup at all while the cluster has finished
// ones: an empty listing is what a wrong bucket, prefix or path, or an unmounted volume, look
// like, and removing every Backup on that evidence loses the cluster's record of all of them.
// (Velero removes orphaned Backups only while their location is available.)
SyncRemovals DecideSyncRemovals(const std::set<std::string>& finished_in_cluster,
                                const std::set<std::string>& in_store, size_t unreadable_in_store);

}  // namespace ark::controller
