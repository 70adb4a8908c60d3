#include "aws_account.h"

#include <algorithm>

#include "cloud/aws/aws_provider.h"
#include "util/byte_stream.h"

namespace ark::testing {
namespace {

using cloud::aws::XmlElement;

std::map<std::string, std::string> TagsOf(const XmlElement& item) {
  std::map<std::string, std::string> tags;
  if (const XmlElement* set = item.Child("tagSet")) {
    for (const XmlElement* t : set->Children("item"))
      tags[t->ChildText("key")] = t->ChildText("value");
  }
  return tags;
}

std::vector<const XmlElement*> Items(const XmlElement& doc, const char* set_name) {
  const XmlElement* set = doc.Child(set_name);
  return set ? set->Children("item") : std::vector<const XmlElement*>{};
}

}  // namespace

Result<std::unique_ptr<AwsAccount>> AwsAccount::Connect(const std::string& endpoint,
                                                        const cloud::aws::Credentials& credentials,
                                                        const std::string& region) {
  cloud::aws::S3Options options;
  options.region = region;
  options.endpoint = endpoint;
  options.custom_endpoint = true;
  options.force_path_style = true;
  ARK_ASSIGN_OR_RETURN(auto s3_client, cloud::aws::NewAwsHttpClient({}));
  ARK_ASSIGN_OR_RETURN(auto ec2_client, cloud::aws::NewAwsHttpClient({}));
  std::unique_ptr<AwsAccount> account(new AwsAccount());
  account->s3_ = std::make_unique<cloud::aws::S3ObjectStore>(
      options, std::shared_ptr<http::Client>(std::move(s3_client)), credentials, SystemClock());
  account->ec2_ = std::make_unique<cloud::aws::Ec2Client>(
      endpoint, cloud::aws::SignedTransport(std::shared_ptr<http::Client>(std::move(ec2_client)),
                                            credentials, cloud::aws::SigningScope{region, "ec2"},
                                            SystemClock(), BackoffPolicy{.max_attempts = 1}));
  return account;
}

Status AwsAccount::CreateBucket(const std::string& bucket) { return s3_->CreateBucket(bucket); }

Result<std::vector<std::string>> AwsAccount::ListKeys(const std::string& bucket,
                                                      const std::string& prefix) {
  ARK_ASSIGN_OR_RETURN(std::vector<std::string> keys, s3_->ListObjects(bucket, prefix));
  std::sort(keys.begin(), keys.end());
  return keys;
}

Result<std::string> AwsAccount::GetObject(const std::string& bucket, const std::string& key) {
  StringSink sink;
  ARK_RETURN_IF_ERROR(s3_->GetObject(bucket, key, sink));
  return sink.Take();
}

Status AwsAccount::PutObject(const std::string& bucket, const std::string& key,
                             const std::string& data) {
  StringSource body(data);
  return s3_->PutObject(bucket, key, body, static_cast<int64_t>(data.size()));
}

Result<std::string> AwsAccount::CreateVolume(const std::string& zone, const std::string& type,
                                             int size_gib,
                                             const std::map<std::string, std::string>& tags) {
  cloud::aws::QueryParams params = {
      {"AvailabilityZone", zone}, {"Size", std::to_string(size_gib)}, {"VolumeType", type}};
  if (!tags.empty()) {
    params.emplace_back("TagSpecification.1.ResourceType", "volume");
    int n = 0;
    for (const auto& [key, value] : tags) {
      ++n;
      params.emplace_back("TagSpecification.1.Tag." + std::to_string(n) + ".Key", key);
      params.emplace_back("TagSpecification.1.Tag." + std::to_string(n) + ".Value", value);
    }
  }
  ARK_ASSIGN_OR_RETURN(XmlElement created, ec2_->Call("CreateVolume", zone, params, false));
  std::string id = created.ChildText("volumeId");
  if (id.empty()) return DataLoss("CreateVolume answered without a volumeId");
  return id;
}

Status AwsAccount::DeleteVolume(const std::string& volume_id) {
  return ec2_->Call("DeleteVolume", volume_id, {{"VolumeId", volume_id}}).status();
}

Result<std::vector<EbsVolume>> AwsAccount::DescribeVolumes() {
  ARK_ASSIGN_OR_RETURN(XmlElement doc, ec2_->Call("DescribeVolumes", "all volumes", {}));
  std::vector<EbsVolume> volumes;
  for (const XmlElement* item : Items(doc, "volumeSet")) {
    volumes.push_back({item->ChildText("volumeId"), item->ChildText("availabilityZone"),
                       item->ChildText("volumeType"), item->ChildText("snapshotId"),
                       TagsOf(*item)});
  }
  return volumes;
}

Result<std::vector<EbsSnapshot>> AwsAccount::DescribeSnapshotsOf(const std::string& volume_id) {
  ARK_ASSIGN_OR_RETURN(XmlElement doc, ec2_->Call("DescribeSnapshots", "snapshots of " + volume_id,
                                                  {{"Filter.1.Name", "volume-id"},
                                                   {"Filter.1.Value.1", volume_id}}));
  std::vector<EbsSnapshot> snapshots;
  for (const XmlElement* item : Items(doc, "snapshotSet")) {
    snapshots.push_back(
        {item->ChildText("snapshotId"), item->ChildText("volumeId"), TagsOf(*item)});
  }
  return snapshots;
}

Status AwsAccount::DeleteSnapshot(const std::string& snapshot_id) {
  return ec2_->Call("DeleteSnapshot", snapshot_id, {{"SnapshotId", snapshot_id}}).status();
}

}  // namespace ark::testing
