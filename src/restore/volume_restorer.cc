#include "restore/volume_restorer.h"

#include "util/json_access.h"

namespace ark::restore {
namespace {

using Kind = PvPlan::Kind;

std::string ZoneOf(const VolumeSnapshot& snapshot, const nlohmann::json& pv) {
  if (!snapshot.availability_zone.empty()) return snapshot.availability_zone;
  const nlohmann::json& labels = Obj(Obj(pv, "metadata"), "labels");
  for (const char* key :
       {"topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"}) {
    if (std::string zone = Str(labels, key); !zone.empty()) return zone;
  }
  return "";
}

std::string ReclaimPolicy(const nlohmann::json& pv) {
  return Str(Obj(pv, "spec"), "persistentVolumeReclaimPolicy");
}

}  // namespace

VolumeRestorer::VolumeRestorer(cloud::BlockStore* store, const BackupInfo& backup,
                               std::optional<bool> restore_pvs, const Clock& clock,
                               VolumeOptions options)
    : store_(store), restore_pvs_(restore_pvs), clock_(clock), options_(options) {
  for (const VolumeSnapshot& s : backup.volume_snapshots) snapshots_[s.pv_name] = s;
}

PvPlan VolumeRestorer::Prepare(nlohmann::json& pv, bool dry_run) {
  const std::string name = Str(Obj(pv, "metadata"), "name");
  auto it = snapshots_.find(name);
  if (it == snapshots_.end()) {
    if (restore_pvs_ == true && store_ != nullptr && !snapshots_.empty()) {
      Result<std::string> id = store_->GetVolumeId(pv);
      if (id.ok() && !id->empty()) {
        return {Kind::kFail,
                "persistent volume \"" + name +
                    "\" has no snapshot in the backup although volumes are restored from snapshots",
                "", ""};
      }
    }
    return {Kind::kAsIs, "", "", ""};
  }
  const VolumeSnapshot& snapshot = it->second;
  if (restore_pvs_ == false) {
    if (ReclaimPolicy(pv) == "Delete") {
      return {Kind::kSkip,
              "has a snapshot, volumes are not restored and its reclaim policy is Delete", "",
              snapshot.snapshot_id};
    }
    return {Kind::kAsIs, "", "", snapshot.snapshot_id};
  }
  if (store_ == nullptr) {
    return {Kind::kAsIs, "",
            "persistent volume \"" + name + "\" has snapshot " + snapshot.snapshot_id +
                " but no block store is configured: restored pointing at its original volume",
            snapshot.snapshot_id};
  }
  if (dry_run) {
    return {Kind::kFromSnapshot, "volume from snapshot " + snapshot.snapshot_id, "",
            snapshot.snapshot_id};
  }
  const std::string zone = ZoneOf(snapshot, pv);
  Result<std::string> volume = store_->CreateVolumeFromSnapshot(
      snapshot.snapshot_id, snapshot.volume_type, zone, snapshot.iops);
  if (!volume.ok()) {
    return {Kind::kFail,
            "creating a volume from snapshot " + snapshot.snapshot_id + ": " +
                volume.status().ToString(),
            "", snapshot.snapshot_id};
  }
  const Clock::TimePoint deadline = clock_.Now() + options_.ready_timeout;
  while (true) {
    Result<bool> ready = store_->IsVolumeReady(*volume, zone);
    if (ready.ok() && *ready) break;
    if (!ready.ok() && ready.status().code() != Code::kUnavailable) {
      return {Kind::kFail,
              "checking volume " + *volume + " (from snapshot " + snapshot.snapshot_id +
                  "): " + ready.status().ToString(),
              "", snapshot.snapshot_id};
    }
    if (clock_.Now() >= deadline) {
      return {Kind::kFail,
              "volume " + *volume + " created from snapshot " + snapshot.snapshot_id +
                  " was not ready after " + std::to_string(options_.ready_timeout.count() / 1000) +
                  "s",
              "", snapshot.snapshot_id};
    }
    clock_.SleepFor(options_.poll_interval);
  }
  Status set = store_->SetVolumeId(pv, *volume);
  if (!set.ok()) {
    return {Kind::kFail, "pointing the PV at volume " + *volume + ": " + set.ToString(), "",
            snapshot.snapshot_id};
  }
  return {Kind::kFromSnapshot, "volume " + *volume + " from snapshot " + snapshot.snapshot_id, "",
          snapshot.snapshot_id};
}

}  // namespace ark::restore
