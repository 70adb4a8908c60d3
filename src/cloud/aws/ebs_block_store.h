#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "cloud/aws/config.h"
#include "cloud/aws/ec2_client.h"
#include "cloud/block_store.h"

namespace ark::cloud::aws {

// BlockStore over EBS through the EC2 Query API. Thread-safe.
//
// CreateSnapshot copies the volume's own tags (except reserved "aws:" ones) to the snapshot
// and adds the caller's tags over them (ark.heptio.com/backup, ark.heptio.com/pv, ...), with
// CreateTags after CreateSnapshot; it does not wait for the snapshot to complete.
// CreateVolumeFromSnapshot creates the volume in `az`, else in Config availabilityZone
// (Ark v0.3 records no zone), copies the snapshot's tags to it, and passes `iops` only for
// the types that take it (io1, io2, gp3) so records such as {type: gp2, iops: 0} restore.
// A missing volume is NotFound; a missing snapshot on delete is success.
class EbsBlockStore final : public BlockStore {
 public:
  EbsBlockStore(Ec2Options options, std::shared_ptr<http::Client> client, Credentials credentials,
                const Clock& clock);

  Result<std::string> GetVolumeId(const nlohmann::json& pv) override;
  Status SetVolumeId(nlohmann::json& pv, const std::string& volume_id) override;
  Result<VolumeInfo> GetVolumeInfo(const std::string& volume_id, const std::string& az) override;
  Result<std::string> CreateSnapshot(const std::string& volume_id, const std::string& az,
                                     const std::map<std::string, std::string>& tags) override;
  Result<std::string> CreateVolumeFromSnapshot(const std::string& snapshot_id,
                                               const std::string& volume_type,
                                               const std::string& az,
                                               std::optional<int64_t> iops) override;
  Result<bool> IsVolumeReady(const std::string& volume_id, const std::string& az) override;
  Status DeleteSnapshot(const std::string& snapshot_id) override;
  // DescribeSnapshots of the one id; InvalidSnapshot.NotFound (or an empty set) is false.
  Result<bool> SnapshotExists(const std::string& snapshot_id) override;

  // Creates an empty volume (tests and the quickstart); returns its id.
  Result<std::string> CreateVolume(const std::string& az, const std::string& volume_type,
                                   int size_gib, std::optional<int64_t> iops,
                                   const std::map<std::string, std::string>& tags);
  // The tags of a snapshot.
  Result<std::map<std::string, std::string>> SnapshotTags(const std::string& snapshot_id);

 private:
  // The <item> of DescribeVolumes for one volume.
  Result<XmlElement> DescribeVolume(const std::string& volume_id);

  const Ec2Options options_;
  const Ec2Client ec2_;
};

// Whether EBS volumes of `type` take a provisioned IOPS value.
bool TypeHasIops(const std::string& type);

}  // namespace ark::cloud::aws
