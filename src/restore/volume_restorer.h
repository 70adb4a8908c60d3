#pragma once

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cloud/block_store.h"
#include "restore/restore_request.h"
#include "util/clock.h"
#include "util/result.h"

namespace ark::restore {

struct VolumeOptions {
  std::chrono::milliseconds ready_timeout{std::chrono::minutes(5)};
  std::chrono::milliseconds poll_interval{std::chrono::seconds(1)};
};

// What to do with one PersistentVolume.
struct PvPlan {
  enum class Kind {
    kAsIs,          // restore the PV as backed up (no snapshot, or restorePVs false)
    kFromSnapshot,  // a volume is (or would be) created from the PV's snapshot
    kSkip,          // deliberately not restored; `message` says why
    kFail,          // cannot be restored; `message` says why
  };
  Kind kind = Kind::kAsIs;
  std::string message;  // details (snapshot and volume ids) or the reason
  std::string warning;  // set when the PV is restored as-is although it had a snapshot
  std::string snapshot_id;
};

// Decides how PersistentVolumes are restored and recreates their volumes from snapshots
// through the block store (Ark's restorePVs rules; see RestoreRequest::restore_pvs).
// Thread-safe when the block store is.
class VolumeRestorer {
 public:
  // `store` may be null (no block store configured).
  VolumeRestorer(cloud::BlockStore* store, const BackupInfo& backup,
                 std::optional<bool> restore_pvs, const Clock& clock, VolumeOptions options);

  // Looks at `pv` (already rewritten for restore) and, unless `dry_run`, creates its volume
  // from the snapshot, waits until the block store reports it ready (polling every
  // poll_interval, at most ready_timeout) and points `pv` at it.
  PvPlan Prepare(nlohmann::json& pv, bool dry_run);

 private:
  cloud::BlockStore* store_;
  std::map<std::string, VolumeSnapshot> snapshots_;  // by PV name
  const std::optional<bool> restore_pvs_;
  const Clock& clock_;
  const VolumeOptions options_;
};

}  // namespace ark::restore
