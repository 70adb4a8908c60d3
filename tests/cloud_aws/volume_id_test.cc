// EBS volume ids in PersistentVolumes: both awsElasticBlockStore forms and the EBS CSI driver.
#include "cloud/aws/volume_id.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace ark::cloud::aws {
namespace {

using nlohmann::json;

struct Case {
  std::string name;
  json spec;
  std::string want_id;  // from EbsVolumeIdFromPv ("" = not an EBS volume)
  bool want_error = false;
  std::string new_id;  // SetEbsVolumeIdInPv(new_id) ...
  json want_spec;      // ... gives this spec
};

json Pv(const json& spec) {
  return json{{"apiVersion", "v1"},
              {"kind", "PersistentVolume"},
              {"metadata", {{"name", "pv-1"}}},
              {"spec", spec}};
}

class VolumeIdTest : public ::testing::TestWithParam<Case> {};

TEST_P(VolumeIdTest, ReadsAndWritesTheVolumeIdInTheSameForm) {
  const Case& c = GetParam();
  json pv = Pv(c.spec);
  auto id = EbsVolumeIdFromPv(pv);
  if (c.want_error) {
    EXPECT_EQ(id.status().code(), Code::kInvalidArgument);
    EXPECT_NE(id.status().message().find("pv-1"), std::string::npos) << id.status().ToString();
    return;
  }
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(*id, c.want_id);
  if (c.new_id.empty()) return;
  Status set = SetEbsVolumeIdInPv(pv, c.new_id);
  ASSERT_TRUE(set.ok()) << set.ToString();
  EXPECT_EQ(pv["spec"], c.want_spec);
  EXPECT_EQ(*EbsVolumeIdFromPv(pv), c.new_id);
}

INSTANTIATE_TEST_SUITE_P(
    Forms, VolumeIdTest,
    ::testing::Values(
        Case{"bare_as_ark_writes_it",
             {{"awsElasticBlockStore", {{"volumeID", "vol-0a1b2c"}, {"fsType", "ext4"}}}},
             "vol-0a1b2c",
             false,
             "vol-9f8e",
             {{"awsElasticBlockStore", {{"volumeID", "vol-9f8e"}, {"fsType", "ext4"}}}}},
        Case{"aws_url_as_kubernetes_writes_it",
             {{"awsElasticBlockStore", {{"volumeID", "aws://us-east-1a/vol-0a1b2c"}}}},
             "vol-0a1b2c",
             false,
             "vol-9f8e",
             {{"awsElasticBlockStore", {{"volumeID", "aws://us-east-1a/vol-9f8e"}}}}},
        Case{"aws_url_without_zone",
             {{"awsElasticBlockStore", {{"volumeID", "aws:///vol-0a1b2c"}}}},
             "vol-0a1b2c",
             false,
             "vol-9f8e",
             {{"awsElasticBlockStore", {{"volumeID", "aws:///vol-9f8e"}}}}},
        Case{
            "ebs_csi",
            {{"csi",
              {{"driver", "ebs.csi.aws.com"}, {"volumeHandle", "vol-0a1b2c"}, {"fsType", "ext4"}}}},
            "vol-0a1b2c",
            false,
            "vol-9f8e",
            {{"csi",
              {{"driver", "ebs.csi.aws.com"}, {"volumeHandle", "vol-9f8e"}, {"fsType", "ext4"}}}}},
        Case{"other_csi_driver",
             {{"csi", {{"driver", "pd.csi.storage.gke.io"}, {"volumeHandle", "projects/p/d"}}}},
             "",
             false,
             "",
             json()},
        Case{"gce_disk", {{"gcePersistentDisk", {{"pdName", "disk-1"}}}}, "", false, "", json()},
        Case{"no_volume_source", json::object(), "", false, "", json()},
        Case{"aws_url_without_id",
             {{"awsElasticBlockStore", {{"volumeID", "aws://us-east-1a/"}}}},
             "",
             true,
             "",
             json()},
        Case{"not_a_volume_id",
             {{"awsElasticBlockStore", {{"volumeID", "disk-1"}}}},
             "",
             true,
             "",
             json()},
        Case{"volume_id_not_a_string",
             {{"awsElasticBlockStore", {{"volumeID", 42}}}},
             "",
             true,
             "",
             json()},
        Case{"ebs_csi_bad_handle",
             {{"csi", {{"driver", "ebs.csi.aws.com"}, {"volumeHandle", ""}}}},
             "",
             true,
             "",
             json()}),
    [](const auto& info) { return info.param.name; });

TEST(VolumeId, SetRejectsPvsWithoutEbsVolumesAndBadIds) {
  json gce = Pv({{"gcePersistentDisk", {{"pdName", "disk-1"}}}});
  Status s = SetEbsVolumeIdInPv(gce, "vol-1234");
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_NE(s.message().find("pv-1"), std::string::npos) << s.ToString();

  json ebs = Pv({{"awsElasticBlockStore", {{"volumeID", "vol-1234"}}}});
  for (const char* bad : {"", "vol-", "snap-1234", "aws://us-east-1a/vol-1"}) {
    EXPECT_EQ(SetEbsVolumeIdInPv(ebs, bad).code(), Code::kInvalidArgument) << bad;
  }
  EXPECT_EQ(ebs["spec"]["awsElasticBlockStore"]["volumeID"], "vol-1234") << "left unchanged";
}

}  // namespace
}  // namespace ark::cloud::aws
