#pragma once

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cloud/block_store.h"

namespace ark::restore::testing {

// A FAKE, in-process cloud::BlockStore for restore tests (no cloud API is involved): volumes
// live in a map, ids are "vol-restored-<n>", and a volume reports ready after
// `polls_until_ready` IsVolumeReady calls (never when negative). PVs use the AWS EBS form
// spec.awsElasticBlockStore.volumeID ("aws://<az>/<id>" or a bare id). Thread-safe.
class FakeBlockStore final : public cloud::BlockStore {
 public:
  struct CreatedVolume {
    std::string snapshot_id, volume_type, az;
    std::optional<int64_t> iops;
    std::string volume_id;
  };

  explicit FakeBlockStore(int polls_until_ready = 0) : polls_until_ready_(polls_until_ready) {}

  Result<std::string> GetVolumeId(const nlohmann::json& pv) override {
    const nlohmann::json* ebs = Ebs(pv);
    if (ebs == nullptr) return std::string();
    std::string id = ebs->value("volumeID", "");
    size_t slash = id.rfind('/');
    return slash == std::string::npos ? id : id.substr(slash + 1);
  }
  Status SetVolumeId(nlohmann::json& pv, const std::string& volume_id) override {
    if (Ebs(pv) == nullptr) return InvalidArgument("PV has no awsElasticBlockStore source");
    pv["spec"]["awsElasticBlockStore"]["volumeID"] = volume_id;
    return Status::Ok();
  }
  Result<cloud::VolumeInfo> GetVolumeInfo(const std::string&, const std::string&) override {
    return cloud::VolumeInfo{"gp2", std::nullopt};
  }
  Result<std::string> CreateSnapshot(const std::string&, const std::string&,
                                     const std::map<std::string, std::string>&) override {
    return Unimplemented("the restore fake does not take snapshots");
  }
  Result<std::string> CreateVolumeFromSnapshot(const std::string& snapshot_id,
                                               const std::string& volume_type,
                                               const std::string& az,
                                               std::optional<int64_t> iops) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::string id = "vol-restored-" + std::to_string(created_.size() + 1);
    created_.push_back({snapshot_id, volume_type, az, iops, id});
    polls_[id] = 0;
    return id;
  }
  Result<bool> IsVolumeReady(const std::string& volume_id, const std::string&) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = polls_.find(volume_id);
    if (it == polls_.end()) return NotFound("volume " + volume_id);
    ++it->second;
    return polls_until_ready_ >= 0 && it->second > polls_until_ready_;
  }
  Status DeleteSnapshot(const std::string&) override { return Status::Ok(); }
  // Restore tests name snapshots from fixtures the fake never took: every one exists.
  Result<bool> SnapshotExists(const std::string&) override { return true; }

  std::vector<CreatedVolume> created() const {
    std::lock_guard<std::mutex> lock(mu_);
    return created_;
  }

 private:
  static const nlohmann::json* Ebs(const nlohmann::json& pv) {
    if (!pv.contains("spec") || !pv["spec"].contains("awsElasticBlockStore")) return nullptr;
    return &pv["spec"]["awsElasticBlockStore"];
  }

  const int polls_until_ready_;
  mutable std::mutex mu_;
  std::vector<CreatedVolume> created_;  // guarded by mu_
  std::map<std::string, int> polls_;    // guarded by mu_
};

}  // namespace ark::restore::testing
