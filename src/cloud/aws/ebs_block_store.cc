#include "cloud/aws/ebs_block_store.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "cloud/aws/crypto.h"
#include "cloud/aws/volume_id.h"
#include "util/backoff.h"

namespace ark::cloud::aws {
namespace {

std::map<std::string, std::string> Tags(const XmlElement& item) {
  std::map<std::string, std::string> tags;
  if (const XmlElement* set = item.Child("tagSet")) {
    for (const XmlElement* tag : set->Children("item")) {
      tags[tag->ChildText("key")] = tag->ChildText("value");
    }
  }
  return tags;
}

void AddTags(QueryParams& params, const std::string& prefix,
             const std::map<std::string, std::string>& tags) {
  int n = 0;
  for (const auto& [key, value] : tags) {
    ++n;
    params.emplace_back(prefix + std::to_string(n) + ".Key", key);
    params.emplace_back(prefix + std::to_string(n) + ".Value", value);
  }
}

// A random token that makes a retried CreateVolume idempotent.
std::string ClientToken() {
  std::string bytes;
  for (int i = 0; i < 16; ++i) bytes.push_back(static_cast<char>(JitterRandom() * 256));
  return HexEncode(bytes);
}

}  // namespace

bool TypeHasIops(const std::string& type) {
  return type == "io1" || type == "io2" || type == "gp3";
}

EbsBlockStore::EbsBlockStore(Ec2Options options, std::shared_ptr<http::Client> client,
                             Credentials credentials, const Clock& clock)
    : options_(std::move(options)),
      ec2_(options_.endpoint,
           SignedTransport(std::move(client), std::move(credentials),
                           SigningScope{options_.region, "ec2"}, clock, options_.retry)) {}

Result<std::string> EbsBlockStore::GetVolumeId(const nlohmann::json& pv) {
  return EbsVolumeIdFromPv(pv);
}

Status EbsBlockStore::SetVolumeId(nlohmann::json& pv, const std::string& volume_id) {
  return SetEbsVolumeIdInPv(pv, volume_id);
}

Result<XmlElement> EbsBlockStore::DescribeVolume(const std::string& volume_id) {
  ARK_ASSIGN_OR_RETURN(XmlElement doc,
                       ec2_.Call("DescribeVolumes", volume_id, {{"VolumeId.1", volume_id}}));
  const XmlElement* set = doc.Child("volumeSet");
  const XmlElement* item = set ? set->Child("item") : nullptr;
  if (!item) {
    Status s = NotFound("ec2 DescribeVolumes " + volume_id + ": no such volume");
    s.WithHttp(400, "InvalidVolume.NotFound");
    return s;
  }
  return *item;
}

Result<VolumeInfo> EbsBlockStore::GetVolumeInfo(const std::string& volume_id,
                                                const std::string& /*az*/) {
  ARK_ASSIGN_OR_RETURN(XmlElement item, DescribeVolume(volume_id));
  VolumeInfo info;
  info.type = item.ChildText("volumeType");
  std::string iops = item.ChildText("iops");
  if (TypeHasIops(info.type) && !iops.empty()) {
    int64_t value = 0;
    auto [end, ec] = std::from_chars(iops.data(), iops.data() + iops.size(), value);
    if (ec != std::errc() || end != iops.data() + iops.size()) {
      return DataLoss("ec2 DescribeVolumes " + volume_id + ": iops \"" + iops +
                      "\" is not a number");
    }
    info.iops = value;
  }
  return info;
}

Result<std::string> EbsBlockStore::CreateSnapshot(const std::string& volume_id,
                                                  const std::string& /*az*/,
                                                  const std::map<std::string, std::string>& tags) {
  ARK_ASSIGN_OR_RETURN(XmlElement volume, DescribeVolume(volume_id));
  std::map<std::string, std::string> all;
  for (auto& [key, value] : Tags(volume)) {
    if (key.rfind("aws:", 0) != 0) all[key] = value;  // "aws:" tags are reserved
  }
  for (const auto& [key, value] : tags) all[key] = value;

  // Not idempotent: a repeated CreateSnapshot makes a second snapshot.
  ARK_ASSIGN_OR_RETURN(XmlElement created,
                       ec2_.Call("CreateSnapshot", volume_id, {{"VolumeId", volume_id}},
                                 /*idempotent=*/false));
  std::string snapshot_id = created.ChildText("snapshotId");
  if (snapshot_id.empty()) {
    return DataLoss("ec2 CreateSnapshot " + volume_id + ": the response has no snapshotId");
  }
  if (!all.empty()) {
    QueryParams params = {{"ResourceId.1", snapshot_id}};
    AddTags(params, "Tag.", all);
    auto tagged = ec2_.Call("CreateTags", snapshot_id, params);
    if (!tagged.ok()) {
      (void)DeleteSnapshot(snapshot_id);  // an untagged snapshot would never be cleaned up
      return tagged.status();
    }
  }
  return snapshot_id;
}

Result<std::map<std::string, std::string>> EbsBlockStore::SnapshotTags(
    const std::string& snapshot_id) {
  ARK_ASSIGN_OR_RETURN(
      XmlElement doc, ec2_.Call("DescribeSnapshots", snapshot_id, {{"SnapshotId.1", snapshot_id}}));
  const XmlElement* set = doc.Child("snapshotSet");
  const XmlElement* item = set ? set->Child("item") : nullptr;
  if (!item) return NotFound("ec2 DescribeSnapshots " + snapshot_id + ": no such snapshot");
  return Tags(*item);
}

Result<std::string> EbsBlockStore::CreateVolumeFromSnapshot(const std::string& snapshot_id,
                                                            const std::string& volume_type,
                                                            const std::string& az,
                                                            std::optional<int64_t> iops) {
  const std::string zone = az.empty() ? options_.default_availability_zone : az;
  if (zone.empty()) {
    return InvalidArgument("ec2 CreateVolume from " + snapshot_id +
                           ": no availability zone (the PV has no zone label and Config "
                           "availabilityZone is not set)");
  }
  ARK_ASSIGN_OR_RETURN(auto tags, SnapshotTags(snapshot_id));
  std::map<std::string, std::string> volume_tags;
  for (auto& [key, value] : tags) {
    if (key.rfind("aws:", 0) != 0) volume_tags[key] = value;
  }
  QueryParams params = {
      {"SnapshotId", snapshot_id}, {"AvailabilityZone", zone}, {"ClientToken", ClientToken()}};
  if (!volume_type.empty()) params.emplace_back("VolumeType", volume_type);
  if (TypeHasIops(volume_type) && iops && *iops > 0) {
    params.emplace_back("Iops", std::to_string(*iops));
  }
  if (!volume_tags.empty()) {
    params.emplace_back("TagSpecification.1.ResourceType", "volume");
    AddTags(params, "TagSpecification.1.Tag.", volume_tags);
  }
  ARK_ASSIGN_OR_RETURN(XmlElement created, ec2_.Call("CreateVolume", snapshot_id, params));
  std::string volume_id = created.ChildText("volumeId");
  if (volume_id.empty()) {
    return DataLoss("ec2 CreateVolume from " + snapshot_id + ": the response has no volumeId");
  }
  return volume_id;
}

Result<bool> EbsBlockStore::IsVolumeReady(const std::string& volume_id, const std::string& /*az*/) {
  ARK_ASSIGN_OR_RETURN(XmlElement item, DescribeVolume(volume_id));
  return item.ChildText("status") == "available";
}

Status EbsBlockStore::DeleteSnapshot(const std::string& snapshot_id) {
  auto deleted = ec2_.Call("DeleteSnapshot", snapshot_id, {{"SnapshotId", snapshot_id}});
  if (!deleted.ok() && deleted.status().reason() == "InvalidSnapshot.NotFound") {
    return Status::Ok();
  }
  return deleted.status();
}

Result<bool> EbsBlockStore::SnapshotExists(const std::string& snapshot_id) {
  auto described = ec2_.Call("DescribeSnapshots", snapshot_id, {{"SnapshotId.1", snapshot_id}});
  if (!described.ok() && described.status().reason() == "InvalidSnapshot.NotFound") return false;
  ARK_ASSIGN_OR_RETURN(XmlElement doc, std::move(described));
  const XmlElement* set = doc.Child("snapshotSet");
  return set != nullptr && set->Child("item") != nullptr;
}

Result<std::string> EbsBlockStore::CreateVolume(const std::string& az,
                                                const std::string& volume_type, int size_gib,
                                                std::optional<int64_t> iops,
                                                const std::map<std::string, std::string>& tags) {
  QueryParams params = {
      {"AvailabilityZone", az}, {"Size", std::to_string(size_gib)}, {"ClientToken", ClientToken()}};
  if (!volume_type.empty()) params.emplace_back("VolumeType", volume_type);
  if (iops) params.emplace_back("Iops", std::to_string(*iops));
  if (!tags.empty()) {
    params.emplace_back("TagSpecification.1.ResourceType", "volume");
    AddTags(params, "TagSpecification.1.Tag.", tags);
  }
  ARK_ASSIGN_OR_RETURN(XmlElement created, ec2_.Call("CreateVolume", az, params));
  std::string volume_id = created.ChildText("volumeId");
  if (volume_id.empty()) return DataLoss("ec2 CreateVolume: the response has no volumeId");
  return volume_id;
}

}  // namespace ark::cloud::aws
