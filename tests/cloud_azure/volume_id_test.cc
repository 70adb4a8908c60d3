#include "cloud/azure/volume_id.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace ark::cloud::azure {
namespace {

constexpr const char* kDiskId =
    "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/disks/pvc-1";

TEST(VolumeId, DiskNameFromEachSource) {
  struct Case {
    const char* name;
    nlohmann::json pv;
    std::string want;  // "" = not ours
    bool ok = true;
  };
  const std::vector<Case> cases = {
      {"azureDisk",
       {{"spec", {{"azureDisk", {{"diskName", "pvc-1"}, {"diskURI", kDiskId}}}}}},
       "pvc-1"},
      {"csi",
       {{"spec", {{"csi", {{"driver", "disk.csi.azure.com"}, {"volumeHandle", kDiskId}}}}}},
       "pvc-1"},
      {"other csi",
       {{"spec", {{"csi", {{"driver", "ebs.csi.aws.com"}, {"volumeHandle", "vol-1"}}}}}},
       ""},
      {"aws", {{"spec", {{"awsElasticBlockStore", {{"volumeID", "vol-1"}}}}}}, ""},
      {"no spec", nlohmann::json::object(), ""},
      {"empty name", {{"spec", {{"azureDisk", {{"diskName", ""}}}}}}, "", false},
      {"handle ends in slash",
       {{"spec", {{"csi", {{"driver", "disk.csi.azure.com"}, {"volumeHandle", "/x/"}}}}}},
       "",
       false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto got = DiskNameOfPv(c.pv);
    ASSERT_EQ(got.ok(), c.ok) << got.status().ToString();
    if (c.ok) {
      EXPECT_EQ(*got, c.want);
    } else {
      EXPECT_NE(got.status().message().find("spec."), std::string::npos);
    }
  }
}

TEST(VolumeId, SetRewritesNameAndUri) {
  nlohmann::json pv = {{"spec", {{"azureDisk", {{"diskName", "pvc-1"}, {"diskURI", kDiskId}}}}}};
  ASSERT_TRUE(SetDiskNameOfPv(pv, "restore-abc").ok());
  EXPECT_EQ(pv["spec"]["azureDisk"]["diskName"], "restore-abc");
  EXPECT_EQ(pv["spec"]["azureDisk"]["diskURI"],
            "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/disks/restore-abc");
  EXPECT_EQ(*DiskNameOfPv(pv), "restore-abc");

  nlohmann::json csi = {
      {"spec", {{"csi", {{"driver", "disk.csi.azure.com"}, {"volumeHandle", kDiskId}}}}}};
  ASSERT_TRUE(SetDiskNameOfPv(csi, "restore-abc").ok());
  EXPECT_EQ(*DiskNameOfPv(csi), "restore-abc");
  EXPECT_NE(csi["spec"]["csi"]["volumeHandle"].get<std::string>().find("/resourceGroups/rg/"),
            std::string::npos);

  nlohmann::json aws = {{"spec", {{"awsElasticBlockStore", {{"volumeID", "vol-1"}}}}}};
  EXPECT_EQ(SetDiskNameOfPv(aws, "x").code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace ark::cloud::azure
