#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "cloud/block_store.h"
#include "cloud/gcp/transport.h"

namespace ark::cloud::gcp {

struct ComputeOptions {
  std::string endpoint = "https://compute.googleapis.com/compute/v1";
  std::string project;
  std::string zone;  // used when a call passes no zone
  std::chrono::milliseconds poll_interval{1000};
  std::chrono::milliseconds operation_timeout{std::chrono::minutes(10)};
};

// A disk as the block store addresses it.
struct DiskRef {
  std::string project;
  std::string zone;
  std::string name;
};

// A volume id is a disk name ("pvc-1234", from spec.gcePersistentDisk.pdName) or a CSI
// handle of pd.csi.storage.gke.io ("projects/<p>/zones/<z>/disks/<name>"), whose project and
// zone win over the defaults. InvalidArgument names a malformed handle or a missing zone.
Result<DiskRef> ParseVolumeId(const std::string& volume_id, const std::string& project,
                              const std::string& zone);

// `tags` made valid GCE labels: keys and values lower-cased, characters other than [a-z0-9_-]
// replaced by '-', cut to 63 characters; a key not starting with a letter gets a "k" prefix.
// Later tags win when two sanitize to the same key.
std::map<std::string, std::string> SanitizeLabels(const std::map<std::string, std::string>& tags);

// The zone named by a disk type URL or partial URL ("https://.../projects/p/zones/<z>/diskTypes/
// pd-ssd", "zones/<z>/diskTypes/pd-ssd"); "" for a bare type name ("pd-ssd") or anything else.
std::string DiskTypeZone(const std::string& disk_type);

// The snapshot name for `disk`: "<disk>-<uuid>", the disk part cut so the whole is at most
// 63 characters.
std::string SnapshotName(const std::string& disk, const std::string& uuid);

// Persistent-disk snapshots through the Compute Engine API. Every mutating call waits for its
// operation (zoneOperations / globalOperations) to be DONE, polling every poll_interval on the
// injected clock, and surfaces the operation's error. Thread-safe.
class ComputeBlockStore final : public BlockStore {
 public:
  ComputeBlockStore(ComputeOptions options, std::unique_ptr<Transport> transport);

  Result<std::string> GetVolumeId(const nlohmann::json& pv) override;
  Status SetVolumeId(nlohmann::json& pv, const std::string& volume_id) override;
  Result<VolumeInfo> GetVolumeInfo(const std::string& volume_id, const std::string& az) override;
  // Creates the snapshot with the labels and waits for the operation; returns its name.
  Result<std::string> CreateSnapshot(const std::string& volume_id, const std::string& az,
                                     const std::map<std::string, std::string>& tags) override;
  // Creates disk "restore-<uuid>" from the snapshot in `az` (the PV's zone label), else in
  // the zone of the snapshotted disk's type (`volume_type` as GetVolumeInfo read it:
  // ".../zones/<z>/diskTypes/<t>"; a PD CSI volume carries no zone label), else in the
  // configured zone. A type of another zone is rewritten to the same type in the disk's zone.
  // Returns the disk's full id "projects/<p>/zones/<z>/disks/restore-<uuid>", which
  // SetVolumeId (pdName: the name; CSI: the whole handle) and IsVolumeReady take as it is.
  Result<std::string> CreateVolumeFromSnapshot(const std::string& snapshot_id,
                                               const std::string& volume_type,
                                               const std::string& az,
                                               std::optional<int64_t> iops) override;
  Result<bool> IsVolumeReady(const std::string& volume_id, const std::string& az) override;
  Status DeleteSnapshot(const std::string& snapshot_id) override;
  // snapshots.get of the snapshot name in the configured project; 404 is false.
  Result<bool> SnapshotExists(const std::string& snapshot_id) override;

 private:
  Result<nlohmann::json> Call(const std::string& method, const std::string& url,
                              const std::string& body, const std::string& what);
  Result<nlohmann::json> GetDisk(const DiskRef& disk);
  // Polls `operation` (a Compute Operation) until DONE. `scope_path` is
  // "projects/<p>/zones/<z>" or "projects/<p>/global".
  Status Wait(nlohmann::json operation, const std::string& scope_path, const std::string& what);
  std::string ProjectUrl(const std::string& project) const;

  const ComputeOptions options_;
  const std::unique_ptr<Transport> transport_;
};

}  // namespace ark::cloud::gcp
