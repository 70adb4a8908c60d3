#pragma once

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "backup/backup_request.h"
#include "backup/item_view.h"
#include "util/log.h"
#include "util/result.h"

namespace ark::backup {

// An object an action asks to have backed up with the current one (a pod's claims, a
// claim's volume). It is fetched by GET, ignoring the backup's label selector, and passes
// the same namespace / resource / cluster-scope checks as a listed item.
struct ItemRef {
  std::string group_resource;  // "persistentvolumeclaims", "deployments.apps"
  std::string ns;              // "" for cluster-scoped objects
  std::string name;
};

// The PersistentVolume snapshots taken during one backup: status.volumeBackups, keyed by
// PV name. Thread-safe.
class VolumeBackups {
 public:
  // `info` is {snapshotID, type, availabilityZone?, iops?}.
  void Record(const std::string& pv_name, nlohmann::json info);
  nlohmann::json ToJson() const;  // an object, {} when nothing was snapshotted

 private:
  mutable std::mutex mu_;
  std::map<std::string, nlohmann::json> entries_;  // guarded by mu_
};

// What an action sees besides the item: the request, a logger already carrying the item's
// fields, and the backup's volume record.
struct ActionContext {
  const BackupRequest& request;
  const Logger& log;
  VolumeBackups& volume_backups;
};

// A per-item hook run on every item of the group-resources it applies to, after `status`
// was removed and before the item is written (Ark's ItemAction: AppliesTo + Execute).
// Actions read the item (ItemView: its text, or its tree on demand) and never change what
// is written: the entry is the item as listed, written from the server's text.
// Implementations must be thread-safe: workers call Execute concurrently.
class ItemAction {
 public:
  virtual ~ItemAction() = default;
  // For logs: "backupPVAction".
  virtual std::string_view name() const = 0;
  // Group-resources ("pods", "persistentvolumeclaims") the action runs for.
  virtual std::vector<std::string> AppliesTo() const = 0;
  // Returns the items to back up with `item`. An error fails this item: it is not written
  // and the backup is PartiallyFailed.
  virtual Result<std::vector<ItemRef>> Execute(const ActionContext& context,
                                               const ItemView& item) = 0;
};

}  // namespace ark::backup
