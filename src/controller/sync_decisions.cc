#include "controller/sync_decisions.h"

namespace ark::controller {

SyncRemovals DecideSyncRemovals(const std::set<std::string>& finished_in_cluster,
                                const std::set<std::string>& in_store, size_t unreadable_in_store) {
  SyncRemovals out;
  std::vector<std::string> gone;
  for (const std::string& name : finished_in_cluster) {
    if (in_store.count(name) == 0) gone.push_back(name);
  }
  if (gone.empty()) return out;
  if (unreadable_in_store > 0) {
    out.held_back_because = std::to_string(unreadable_in_store) +
                            " backup metadata file(s) in object storage cannot be read";
  } else if (in_store.empty()) {
    out.held_back_because = "object storage lists no backup at all while the cluster has " +
                            std::to_string(finished_in_cluster.size()) +
                            " finished one(s): check the Config's bucket, prefix and path";
  } else {
    out.remove = std::move(gone);
  }
  return out;
}

}  // namespace ark::controller
