#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "util/result.h"

namespace ark::cloud::aws {

// The CSI driver name of the EBS CSI driver.
inline constexpr const char* kEbsCsiDriver = "ebs.csi.aws.com";

// The EBS volume id ("vol-0abc") of a PersistentVolume object:
//   spec.awsElasticBlockStore.volumeID  "vol-0abc" (as Ark writes it) or
//                                       "aws://us-east-1a/vol-0abc" (Kubernetes, Velero)
//   spec.csi with driver ebs.csi.aws.com  volumeHandle "vol-0abc"
// "" when the PV has neither (another provider's volume). InvalidArgument naming the PV and
// the field when the field is there but is not a volume id.
Result<std::string> EbsVolumeIdFromPv(const nlohmann::json& pv);

// Points the PV at `volume_id` in the field and form it already uses: a bare id stays bare,
// "aws://<az>/<old>" becomes "aws://<az>/<new>", a CSI volumeHandle is replaced.
// InvalidArgument when the PV has no EBS volume or `volume_id` is not one.
Status SetEbsVolumeIdInPv(nlohmann::json& pv, const std::string& volume_id);

}  // namespace ark::cloud::aws
