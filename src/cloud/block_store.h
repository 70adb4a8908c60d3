#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "util/result.h"

namespace ark::cloud {

struct VolumeInfo {
  std::string type;             // EBS type ("gp2"), GCE disk-type URL, Azure account type
  std::optional<int64_t> iops;  // only where the type has provisioned IOPS (io1, io2, gp3)
};

// Disk snapshots of one cloud (Ark's BlockStore, Velero's VolumeSnapshotter). Thread-safe.
// `az` is the availability zone / zone of the volume ("" when unknown).
class BlockStore {
 public:
  virtual ~BlockStore() = default;

  // The provider's volume id in a PersistentVolume object (its spec), or "" when the PV's
  // volume is not one this provider snapshots.
  virtual Result<std::string> GetVolumeId(const nlohmann::json& pv) = 0;
  // Points the PV at `volume_id` (in place), in the form the provider's volume source uses.
  virtual Status SetVolumeId(nlohmann::json& pv, const std::string& volume_id) = 0;

  virtual Result<VolumeInfo> GetVolumeInfo(const std::string& volume_id, const std::string& az) = 0;
  // Starts a snapshot and returns its id; does not wait for it to complete.
  virtual Result<std::string> CreateSnapshot(const std::string& volume_id, const std::string& az,
                                             const std::map<std::string, std::string>& tags) = 0;
  virtual Result<std::string> CreateVolumeFromSnapshot(const std::string& snapshot_id,
                                                       const std::string& volume_type,
                                                       const std::string& az,
                                                       std::optional<int64_t> iops) = 0;
  virtual Result<bool> IsVolumeReady(const std::string& volume_id, const std::string& az) = 0;
  // Deleting a missing snapshot succeeds.
  virtual Status DeleteSnapshot(const std::string& snapshot_id) = 0;
  // Whether the provider still holds the snapshot (in any state): false when it answers that
  // there is no such snapshot; an error when it cannot be asked.
  virtual Result<bool> SnapshotExists(const std::string& snapshot_id) = 0;
};

}  // namespace ark::cloud
