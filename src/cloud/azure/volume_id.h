#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "util/result.h"

namespace ark::cloud::azure {

// The managed disk a PersistentVolume spec uses: spec.azureDisk.diskName, or the last segment
// of a disk.csi.azure.com CSI volumeHandle (an ARM disk id
// "/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Compute/disks/<name>").
// "" for other volume sources. InvalidArgument naming the field when it is malformed.
Result<std::string> DiskNameOfPv(const nlohmann::json& pv);

// Points the PV at disk `disk_name`: azureDisk gets diskName and the last segment of diskURI
// rewritten; a CSI volumeHandle gets its last segment rewritten. InvalidArgument when the PV
// has neither source.
Status SetDiskNameOfPv(nlohmann::json& pv, const std::string& disk_name);

}  // namespace ark::cloud::azure
