#include "cloud/azure/volume_id.h"

#include <nlohmann/json.hpp>

namespace ark::cloud::azure {
namespace {

constexpr const char* kCsiDriver = "disk.csi.azure.com";

const nlohmann::json* Field(const nlohmann::json& j, const char* a, const char* b) {
  if (!j.is_object() || !j.contains("spec") || !j["spec"].is_object()) return nullptr;
  const auto& spec = j["spec"];
  if (!spec.contains(a) || !spec[a].is_object() || !spec[a].contains(b)) return nullptr;
  return &spec[a][b];
}

bool IsAzureCsi(const nlohmann::json& pv) {
  const auto* driver = Field(pv, "csi", "driver");
  return driver && driver->is_string() && driver->get<std::string>() == kCsiDriver;
}

// Replaces the last '/'-separated segment of `id`.
std::string WithLastSegment(const std::string& id, const std::string& name) {
  size_t slash = id.rfind('/');
  return slash == std::string::npos ? name : id.substr(0, slash + 1) + name;
}

}  // namespace

Result<std::string> DiskNameOfPv(const nlohmann::json& pv) {
  if (const auto* name = Field(pv, "azureDisk", "diskName")) {
    if (!name->is_string() || name->get<std::string>().empty()) {
      return InvalidArgument("spec.azureDisk.diskName: expected a non-empty string");
    }
    return name->get<std::string>();
  }
  if (IsAzureCsi(pv)) {
    const auto* handle = Field(pv, "csi", "volumeHandle");
    if (!handle || !handle->is_string()) {
      return InvalidArgument("spec.csi.volumeHandle: expected a string (disk.csi.azure.com)");
    }
    const std::string& h = handle->get_ref<const std::string&>();
    size_t slash = h.rfind('/');
    std::string name = slash == std::string::npos ? h : h.substr(slash + 1);
    if (name.empty()) {
      return InvalidArgument("spec.csi.volumeHandle: \"" + h + "\" does not end with a disk name");
    }
    return name;
  }
  return std::string();
}

Status SetDiskNameOfPv(nlohmann::json& pv, const std::string& disk_name) {
  if (Field(pv, "azureDisk", "diskName") || Field(pv, "azureDisk", "diskURI")) {
    auto& disk = pv["spec"]["azureDisk"];
    disk["diskName"] = disk_name;
    if (disk.contains("diskURI") && disk["diskURI"].is_string()) {
      disk["diskURI"] = WithLastSegment(disk["diskURI"].get<std::string>(), disk_name);
    }
    return Status::Ok();
  }
  if (IsAzureCsi(pv)) {
    auto& csi = pv["spec"]["csi"];
    std::string handle = csi.value("volumeHandle", "");
    csi["volumeHandle"] = WithLastSegment(handle, disk_name);
    return Status::Ok();
  }
  return InvalidArgument("persistent volume has no azureDisk or disk.csi.azure.com source");
}

}  // namespace ark::cloud::azure
