#include "restore/restore_request.h"

#include <algorithm>

#include "api/backup.h"
#include "util/includes_excludes.h"

namespace ark::restore {
namespace {

void AddAll(std::vector<std::string>& out, std::string_view what,
            const std::vector<std::string>& messages) {
  for (const std::string& m : messages) out.push_back(std::string(what) + ": " + m);
}

std::optional<int64_t> OptionalInt(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

std::string StringField(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

}  // namespace

std::vector<std::string> ValidateRestoreRequest(const RestoreRequest& request) {
  std::vector<std::string> problems;
  if (request.name.empty()) problems.push_back("restore name must not be empty");
  AddAll(problems, "namespaces",
         ValidateIncludesExcludes(request.included_namespaces, request.excluded_namespaces));
  AddAll(problems, "resources",
         ValidateIncludesExcludes(request.included_resources, request.excluded_resources));
  const auto& inc = request.included_resources;
  if (std::find(inc.begin(), inc.end(), "nodes") != inc.end()) {
    problems.push_back("resources: nodes are not restorable and cannot be included");
  }
  for (const auto& [from, to] : request.namespace_mapping) {
    if (from.empty() || to.empty()) {
      problems.push_back("namespace mapping \"" + from + ":" + to + "\" has an empty side");
    }
  }
  return problems;
}

Result<BackupInfo> BackupInfoFromMetadata(const nlohmann::json& backup) {
  ARK_ASSIGN_OR_RETURN(api::Backup parsed, api::Backup::FromJson(backup));
  BackupInfo info;
  info.name = parsed.metadata.name;
  for (const auto& [pv, entry] : parsed.status.volume_backups) {
    if (entry.snapshot_id.empty()) {
      return InvalidArgument("backup metadata: status.volumeBackups[\"" + pv +
                             "\"].snapshotID is missing");
    }
    info.volume_snapshots.push_back(
        {pv, entry.snapshot_id, entry.type, entry.availability_zone, entry.iops});
  }
  return info;
}

Result<std::vector<VolumeSnapshot>> VolumeSnapshotsFromVelero(const nlohmann::json& list) {
  if (list.is_null()) return std::vector<VolumeSnapshot>{};
  if (!list.is_array()) return InvalidArgument("volume snapshots: not a JSON array");
  std::vector<VolumeSnapshot> out;
  for (size_t i = 0; i < list.size(); ++i) {
    const nlohmann::json& item = list[i];
    const std::string where = "volume snapshots[" + std::to_string(i) + "]";
    if (!item.is_object()) return InvalidArgument(where + ": not an object");
    auto spec = item.find("spec");
    auto status = item.find("status");
    if (spec == item.end() || !spec->is_object()) return InvalidArgument(where + ": no spec");
    VolumeSnapshot snapshot;
    snapshot.pv_name = StringField(*spec, "persistentVolumeName");
    if (snapshot.pv_name.empty()) snapshot.pv_name = StringField(*spec, "PersistentVolumeName");
    if (status != item.end() && status->is_object()) {
      snapshot.snapshot_id = StringField(*status, "providerSnapshotID");
    }
    if (snapshot.pv_name.empty())
      return InvalidArgument(where + ": spec.persistentVolumeName is missing");
    if (snapshot.snapshot_id.empty()) continue;
    snapshot.volume_type = StringField(*spec, "volumeType");
    snapshot.availability_zone = StringField(*spec, "volumeAZ");
    snapshot.iops = OptionalInt(*spec, "volumeIOPS");
    out.push_back(std::move(snapshot));
  }
  return out;
}

}  // namespace ark::restore
