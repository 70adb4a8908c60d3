#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cloud/aws/credentials.h"
#include "cloud/aws/ec2_client.h"
#include "cloud/aws/s3_object_store.h"
#include "util/result.h"

namespace ark::testing {

struct EbsVolume {
  std::string id;
  std::string zone;
  std::string type;
  std::string snapshot_id;  // "" for an empty volume
  std::map<std::string, std::string> tags;
};

struct EbsSnapshot {
  std::string id;
  std::string volume_id;
  std::map<std::string, std::string> tags;
};

// What a user (or the cluster's provisioner) does in an AWS account with the AWS tools, next
// to ark: buckets and objects in S3, volumes and snapshots in EC2. Speaks to one endpoint
// (moto in the tests) with its own signed clients, independent of the server under test.
class AwsAccount {
 public:
  static Result<std::unique_ptr<AwsAccount>> Connect(const std::string& endpoint,
                                                     const cloud::aws::Credentials& credentials,
                                                     const std::string& region);

  Status CreateBucket(const std::string& bucket);
  // The keys under `prefix`, sorted.
  Result<std::vector<std::string>> ListKeys(const std::string& bucket, const std::string& prefix);
  Result<std::string> GetObject(const std::string& bucket, const std::string& key);
  Status PutObject(const std::string& bucket, const std::string& key, const std::string& data);

  // CreateVolume of `size_gib` GiB, tagged at creation; returns the volume id.
  Result<std::string> CreateVolume(const std::string& zone, const std::string& type, int size_gib,
                                   const std::map<std::string, std::string>& tags);
  Status DeleteVolume(const std::string& volume_id);
  // Every volume of the account.
  Result<std::vector<EbsVolume>> DescribeVolumes();
  // The snapshots taken of `volume_id` (moto also lists the snapshots behind its AMIs).
  Result<std::vector<EbsSnapshot>> DescribeSnapshotsOf(const std::string& volume_id);
  Status DeleteSnapshot(const std::string& snapshot_id);

 private:
  AwsAccount() = default;

  std::unique_ptr<cloud::aws::S3ObjectStore> s3_;
  std::unique_ptr<cloud::aws::Ec2Client> ec2_;
};

}  // namespace ark::testing
