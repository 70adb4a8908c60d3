#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "cloud/azure/ad_token.h"
#include "cloud/block_store.h"
#include "http/client.h"

namespace ark::cloud::azure {

// The Compute REST api-version every ARM call is pinned to.
inline constexpr const char* kComputeApiVersion = "2023-04-02";

// The tag name ARM accepts for `key`: each of the reserved characters < > % & \ ? / becomes
// '-' (the backup's "ark.heptio.com/backup" is tagged "ark.heptio.com-backup", as Kubernetes
// on Azure spells its own "kubernetes.io-created-for-pv-name").
std::string ArmTagName(const std::string& key);

// The availability zone of a disk restored into the Kubernetes zone `az`: the number after
// the last '-' ("westeurope-1" -> "1"); "" for a regional label ("0", "westeurope", "") and
// for zone-redundant skus (Premium_ZRS, StandardSSD_ZRS), which take no zone.
std::string DiskZone(const std::string& az, const std::string& sku);

struct ArmOptions {
  std::string endpoint = "https://management.azure.com";  // resourceManagerEndpoint
  std::string subscription_id;
  std::string resource_group;
  std::string location;  // Config `location`, where snapshots and restored disks are made
  // Bound on each call including its long-running operation (Config `apiTimeout`).
  std::chrono::milliseconds api_timeout = std::chrono::minutes(2);
  // Wait between polls of a long-running operation when it gives no Retry-After.
  std::chrono::milliseconds poll_interval = std::chrono::seconds(5);
};

// BlockStore over managed disks and snapshots with the ARM Compute REST API. Thread-safe.
// Volume ids are disk names in the resource group; snapshot ids are snapshot names.
// PUT/DELETE follow their long-running operation (Azure-AsyncOperation, else Location) until
// it ends or api_timeout passes (DeadlineExceeded). 429 and 5xx are retried after Retry-After
// (or poll_interval) within the same bound. Errors name the resource and ARM's error code.
class ArmBlockStore final : public BlockStore {
 public:
  ArmBlockStore(ArmOptions options, std::shared_ptr<http::Client> client,
                std::shared_ptr<AdTokenSource> tokens, const Clock& clock);

  Result<std::string> GetVolumeId(const nlohmann::json& pv) override;
  Status SetVolumeId(nlohmann::json& pv, const std::string& volume_id) override;
  Result<VolumeInfo> GetVolumeInfo(const std::string& volume_id, const std::string& az) override;
  // Snapshot "<disk>-<uuid>" (at most 80 characters) copying the disk, with `tags` (names
  // through ArmTagName).
  Result<std::string> CreateSnapshot(const std::string& volume_id, const std::string& az,
                                     const std::map<std::string, std::string>& tags) override;
  // Disk "restore-<uuid>" of sku `volume_type` copying the snapshot, in zone DiskZone(az).
  Result<std::string> CreateVolumeFromSnapshot(const std::string& snapshot_id,
                                               const std::string& volume_type,
                                               const std::string& az,
                                               std::optional<int64_t> iops) override;
  Result<bool> IsVolumeReady(const std::string& volume_id, const std::string& az) override;
  Status DeleteSnapshot(const std::string& snapshot_id) override;
  // GET of the snapshot resource; 404 is false.
  Result<bool> SnapshotExists(const std::string& snapshot_id) override;

  // "/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Compute/<kind>/<name>"
  std::string ResourceId(const std::string& kind, const std::string& name) const;

 private:
  // One ARM call with throttling retries until `deadline`; any final status is returned.
  Result<http::Response> Call(const std::string& method, const std::string& url,
                              const std::string& body, Clock::TimePoint deadline,
                              const std::string& what);
  // Follows the long-running operation `started` began, until `deadline`.
  Status Await(const http::Response& started, Clock::TimePoint deadline, const std::string& what);
  // PUTs `body` as the resource `type`/`name` (disks, snapshots) and waits, within apiTimeout,
  // for the long-running operation it starts.
  Status PutAndAwait(const std::string& type, const std::string& name, const nlohmann::json& body,
                     const std::string& what);

  const ArmOptions options_;
  const std::shared_ptr<http::Client> client_;
  const std::shared_ptr<AdTokenSource> tokens_;
  const Clock& clock_;
};

}  // namespace ark::cloud::azure
