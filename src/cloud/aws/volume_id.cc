#include "cloud/aws/volume_id.h"

#include <nlohmann/json.hpp>

namespace ark::cloud::aws {
namespace {

std::string PvName(const nlohmann::json& pv) {
  const auto* name = pv.is_object() && pv.contains("metadata") && pv["metadata"].is_object() &&
                             pv["metadata"].contains("name") && pv["metadata"]["name"].is_string()
                         ? &pv["metadata"]["name"]
                         : nullptr;
  return name ? "PersistentVolume \"" + name->get<std::string>() + "\"" : "PersistentVolume";
}

bool ValidId(const std::string& id) {
  return id.size() > 4 && id.rfind("vol-", 0) == 0 && id.find('/') == std::string::npos;
}

const nlohmann::json* Field(const nlohmann::json& pv, const char* source, const char* field) {
  if (!pv.is_object() || !pv.contains("spec") || !pv["spec"].is_object()) return nullptr;
  const auto& spec = pv["spec"];
  if (!spec.contains(source) || !spec[source].is_object()) return nullptr;
  if (!spec[source].contains(field)) return nullptr;
  return &spec[source][field];
}

bool IsEbsCsi(const nlohmann::json& pv) {
  const nlohmann::json* driver = Field(pv, "csi", "driver");
  return driver && driver->is_string() && driver->get<std::string>() == kEbsCsiDriver;
}

}  // namespace

Result<std::string> EbsVolumeIdFromPv(const nlohmann::json& pv) {
  if (const nlohmann::json* v = Field(pv, "awsElasticBlockStore", "volumeID")) {
    if (!v->is_string()) {
      return InvalidArgument(PvName(pv) + ": spec.awsElasticBlockStore.volumeID is not a string");
    }
    std::string value = v->get<std::string>();
    std::string id = value;
    if (value.rfind("aws://", 0) == 0) id = value.substr(value.rfind('/') + 1);
    if (!ValidId(id)) {
      return InvalidArgument(PvName(pv) + ": spec.awsElasticBlockStore.volumeID \"" + value +
                             "\" is not vol-... or aws://<zone>/vol-...");
    }
    return id;
  }
  if (IsEbsCsi(pv)) {
    const nlohmann::json* handle = Field(pv, "csi", "volumeHandle");
    if (!handle || !handle->is_string() || !ValidId(handle->get<std::string>())) {
      return InvalidArgument(PvName(pv) + ": spec.csi.volumeHandle of driver " + kEbsCsiDriver +
                             " is not an EBS volume id (vol-...)");
    }
    return handle->get<std::string>();
  }
  return std::string();
}

Status SetEbsVolumeIdInPv(nlohmann::json& pv, const std::string& volume_id) {
  if (!ValidId(volume_id)) {
    return InvalidArgument(PvName(pv) + ": \"" + volume_id +
                           "\" is not an EBS volume id (vol-...)");
  }
  if (const nlohmann::json* v = Field(pv, "awsElasticBlockStore", "volumeID")) {
    std::string old = v->is_string() ? v->get<std::string>() : "";
    std::string value = volume_id;
    if (old.rfind("aws://", 0) == 0) value = old.substr(0, old.rfind('/') + 1) + volume_id;
    pv["spec"]["awsElasticBlockStore"]["volumeID"] = value;
    return Status::Ok();
  }
  if (IsEbsCsi(pv)) {
    pv["spec"]["csi"]["volumeHandle"] = volume_id;
    return Status::Ok();
  }
  return InvalidArgument(PvName(pv) + " has no spec.awsElasticBlockStore.volumeID and no " +
                         kEbsCsiDriver + " CSI volume");
}

}  // namespace ark::cloud::aws
