#pragma once

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cloud/block_store.h"

namespace ark::testing {

// A FAKE cloud::BlockStore held in memory, for backup tests: no cloud API is emulated. It
// handles PVs with spec.awsElasticBlockStore.volumeID ("aws://<zone>/vol-..." or "vol-..."),
// hands out snapshot ids "snap-1", "snap-2", ... and records every CreateSnapshot call.
// Volumes listed in `fail_snapshots` fail CreateSnapshot with Unavailable. A snapshot exists
// (SnapshotExists) from its CreateSnapshot until its DeleteSnapshot. Thread-safe.
class FakeBlockStore final : public cloud::BlockStore {
 public:
  struct SnapshotCall {
    std::string volume_id;
    std::string az;
    std::map<std::string, std::string> tags;
    std::string snapshot_id;
  };

  // Volume type and IOPS reported by GetVolumeInfo for every volume.
  std::string volume_type = "gp2";
  std::optional<int64_t> iops;
  std::set<std::string> fail_snapshots;

  Result<std::string> GetVolumeId(const nlohmann::json& pv) override;
  Status SetVolumeId(nlohmann::json& pv, const std::string& volume_id) override;
  Result<cloud::VolumeInfo> GetVolumeInfo(const std::string& volume_id,
                                          const std::string& az) override;
  Result<std::string> CreateSnapshot(const std::string& volume_id, const std::string& az,
                                     const std::map<std::string, std::string>& tags) override;
  Result<std::string> CreateVolumeFromSnapshot(const std::string& snapshot_id,
                                               const std::string& volume_type,
                                               const std::string& az,
                                               std::optional<int64_t> iops) override;
  Result<bool> IsVolumeReady(const std::string& volume_id, const std::string& az) override;
  Status DeleteSnapshot(const std::string& snapshot_id) override;
  Result<bool> SnapshotExists(const std::string& snapshot_id) override;

  std::vector<SnapshotCall> snapshots() const;

 private:
  mutable std::mutex mu_;
  std::vector<SnapshotCall> snapshots_;  // guarded by mu_
  std::set<std::string> deleted_;        // guarded by mu_
};

}  // namespace ark::testing
