#include "backup/fake_block_store.h"

namespace ark::testing {

Result<std::string> FakeBlockStore::GetVolumeId(const nlohmann::json& pv) {
  const auto spec = pv.find("spec");
  if (spec == pv.end() || !spec->contains("awsElasticBlockStore")) return std::string();
  const std::string id = (*spec)["awsElasticBlockStore"].value("volumeID", "");
  const size_t pos = id.find("vol-");
  if (pos == std::string::npos) return InvalidArgument("volumeID \"" + id + "\" has no vol- id");
  return id.substr(pos);
}

Status FakeBlockStore::SetVolumeId(nlohmann::json& pv, const std::string& volume_id) {
  pv["spec"]["awsElasticBlockStore"]["volumeID"] = volume_id;
  return Status::Ok();
}

Result<cloud::VolumeInfo> FakeBlockStore::GetVolumeInfo(const std::string& volume_id,
                                                        const std::string& az) {
  return cloud::VolumeInfo{volume_type, iops};
}

Result<std::string> FakeBlockStore::CreateSnapshot(const std::string& volume_id,
                                                   const std::string& az,
                                                   const std::map<std::string, std::string>& tags) {
  std::lock_guard<std::mutex> lock(mu_);
  if (fail_snapshots.count(volume_id)) {
    return Unavailable("fake block store: snapshot of " + volume_id + " refused");
  }
  std::string id = "snap-" + std::to_string(snapshots_.size() + 1);
  snapshots_.push_back({volume_id, az, tags, id});
  return id;
}

Result<std::string> FakeBlockStore::CreateVolumeFromSnapshot(const std::string&, const std::string&,
                                                             const std::string&,
                                                             std::optional<int64_t>) {
  return Unimplemented("fake block store: CreateVolumeFromSnapshot");
}

Result<bool> FakeBlockStore::IsVolumeReady(const std::string&, const std::string&) { return true; }

Status FakeBlockStore::DeleteSnapshot(const std::string& snapshot_id) {
  std::lock_guard<std::mutex> lock(mu_);
  deleted_.insert(snapshot_id);
  return Status::Ok();
}

Result<bool> FakeBlockStore::SnapshotExists(const std::string& snapshot_id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (deleted_.count(snapshot_id)) return false;
  for (const SnapshotCall& call : snapshots_) {
    if (call.snapshot_id == snapshot_id) return true;
  }
  return false;
}

std::vector<FakeBlockStore::SnapshotCall> FakeBlockStore::snapshots() const {
  std::lock_guard<std::mutex> lock(mu_);
  return snapshots_;
}

}  // namespace ark::testing
