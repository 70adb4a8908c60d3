#include "cloud/gcp/compute_block_store.h"

#include <cstring>
#include <nlohmann/json.hpp>

#include "cloud/gcp/crypto.h"
#include "util/percent_encode.h"

namespace ark::cloud::gcp {
namespace {

constexpr char kCsiDriver[] = "pd.csi.storage.gke.io";
constexpr size_t kMaxNameLength = 63;

std::string Sanitize(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (out.size() == kMaxNameLength) break;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    out += ok ? c : '-';
  }
  return out;
}

std::string LastSegment(const std::string& s) {
  auto p = s.rfind('/');
  return p == std::string::npos ? s : s.substr(p + 1);
}

// The CSI source of `pv` when its driver is the GCE PD one, else null.
const nlohmann::json* CsiSource(const nlohmann::json& pv) {
  if (!pv.is_object() || !pv.contains("spec") || !pv["spec"].is_object()) return nullptr;
  const auto& spec = pv["spec"];
  if (!spec.contains("csi") || !spec["csi"].is_object()) return nullptr;
  const auto& csi = spec["csi"];
  if (csi.value("driver", "") != kCsiDriver) return nullptr;
  return &csi;
}

int64_t JsonInt(const nlohmann::json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    int64_t n = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return 0;
      n = n * 10 + (c - '0');
    }
    return n;
  }
  return 0;
}

}  // namespace

std::string DiskTypeZone(const std::string& disk_type) {
  size_t start = 0;  // of the zone
  if (disk_type.rfind("zones/", 0) == 0) {
    start = strlen("zones/");
  } else {
    const size_t at = disk_type.rfind("/zones/");
    if (at == std::string::npos) return "";
    start = at + strlen("/zones/");
  }
  const size_t end = disk_type.find('/', start);
  if (end == std::string::npos || end == start ||
      disk_type.compare(end, strlen("/diskTypes/"), "/diskTypes/") != 0) {
    return "";
  }
  return disk_type.substr(start, end - start);
}

Result<DiskRef> ParseVolumeId(const std::string& volume_id, const std::string& project,
                              const std::string& zone) {
  DiskRef ref{project, zone, volume_id};
  if (volume_id.find('/') != std::string::npos) {
    // projects/<p>/zones/<z>/disks/<name>
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
      size_t p = volume_id.find('/', start);
      parts.push_back(volume_id.substr(start, p - start));
      if (p == std::string::npos) break;
      start = p + 1;
    }
    if (parts.size() != 6 || parts[0] != "projects" || parts[2] != "zones" || parts[4] != "disks" ||
        parts[1].empty() || parts[3].empty() || parts[5].empty()) {
      return InvalidArgument(
          "gcp volume id \"" + volume_id +
          "\": want a disk name or projects/<project>/zones/<zone>/disks/<name>");
    }
    ref = DiskRef{parts[1], parts[3], parts[5]};
  }
  if (ref.name.empty()) return InvalidArgument("gcp volume id is empty");
  if (ref.zone.empty()) {
    return InvalidArgument("gcp volume " + volume_id +
                           ": no zone (the PV has no zone label and the config sets no `zone`)");
  }
  if (ref.project.empty()) return InvalidArgument("gcp volume " + volume_id + ": no project");
  return ref;
}

std::map<std::string, std::string> SanitizeLabels(const std::map<std::string, std::string>& tags) {
  std::map<std::string, std::string> labels;
  for (const auto& [k, v] : tags) {
    std::string key = Sanitize(k);
    if (key.empty() || key[0] < 'a' || key[0] > 'z') key = Sanitize("k" + key);
    labels[key] = Sanitize(v);
  }
  return labels;
}

std::string SnapshotName(const std::string& disk, const std::string& uuid) {
  const size_t room = kMaxNameLength - uuid.size() - 1;
  return disk.substr(0, std::min(disk.size(), room)) + "-" + uuid;
}

ComputeBlockStore::ComputeBlockStore(ComputeOptions options, std::unique_ptr<Transport> transport)
    : options_(std::move(options)), transport_(std::move(transport)) {}

std::string ComputeBlockStore::ProjectUrl(const std::string& project) const {
  return options_.endpoint + "/projects/" + PercentEncode(project);
}

Result<nlohmann::json> ComputeBlockStore::Call(const std::string& method, const std::string& url,
                                               const std::string& body, const std::string& what) {
  ARK_ASSIGN_OR_RETURN(http::Response response, transport_->Send(
                                                    [&] {
                                                      http::Request r;
                                                      r.method = method;
                                                      r.url = url;
                                                      if (!body.empty()) {
                                                        r.headers.Set("Content-Type",
                                                                      "application/json");
                                                        r.body = body;
                                                      }
                                                      return r;
                                                    },
                                                    what));
  nlohmann::json doc = nlohmann::json::parse(response.body, nullptr, false);
  if (!doc.is_object()) return DataLoss(what + ": response is not a JSON object");
  return doc;
}

Status ComputeBlockStore::Wait(nlohmann::json operation, const std::string& scope_path,
                               const std::string& what) {
  const std::string name = operation.value("name", "");
  const Clock& clock = transport_->clock();
  const auto deadline = clock.Now() + options_.operation_timeout;
  while (operation.value("status", "") != "DONE") {
    if (name.empty()) return DataLoss(what + ": operation has no name");
    if (clock.Now() >= deadline) {
      return DeadlineExceeded(what + ": operation " + name + " not done after " +
                              std::to_string(options_.operation_timeout.count() / 1000) + "s");
    }
    clock.SleepFor(options_.poll_interval);
    ARK_ASSIGN_OR_RETURN(
        operation,
        Call("GET", options_.endpoint + "/" + scope_path + "/operations/" + PercentEncode(name), "",
             what + " (operation " + name + ")"));
  }
  if (operation.contains("error") && operation["error"].is_object()) {
    std::string detail;
    std::string reason;
    const auto& errors = operation["error"].value("errors", nlohmann::json::array());
    for (const auto& e : errors) {
      if (!e.is_object()) continue;
      if (!detail.empty()) detail += "; ";
      detail += e.value("message", "");
      std::string code = e.value("code", "");
      if (!code.empty()) detail += " (" + code + ")";
      if (reason.empty()) reason = code;
    }
    Code code = Code::kInternal;
    if (reason == "RESOURCE_NOT_FOUND")
      code = Code::kNotFound;
    else if (reason == "RESOURCE_ALREADY_EXISTS" || reason == "ALREADY_EXISTS")
      code = Code::kAlreadyExists;
    else if (reason.find("QUOTA") != std::string::npos)
      code = Code::kResourceExhausted;
    else if (reason == "INVALID_USAGE" || reason == "INVALID_FIELD_VALUE")
      code = Code::kInvalidArgument;
    Status s(code, what + ": operation " + name + " failed: " + detail);
    return s.WithHttp(0, reason);
  }
  return Status::Ok();
}

Result<std::string> ComputeBlockStore::GetVolumeId(const nlohmann::json& pv) {
  if (!pv.is_object() || !pv.contains("spec") || !pv["spec"].is_object()) return std::string();
  const auto& spec = pv["spec"];
  if (spec.contains("gcePersistentDisk") && spec["gcePersistentDisk"].is_object()) {
    const auto& gce = spec["gcePersistentDisk"];
    if (!gce.contains("pdName") || !gce["pdName"].is_string() ||
        gce["pdName"].get<std::string>().empty()) {
      return InvalidArgument("PersistentVolume " + pv.value("/metadata/name"_json_pointer, "") +
                             ": spec.gcePersistentDisk.pdName missing");
    }
    return gce["pdName"].get<std::string>();
  }
  if (const nlohmann::json* csi = CsiSource(pv)) {
    std::string handle = csi->value("volumeHandle", "");
    ARK_RETURN_IF_ERROR(ParseVolumeId(handle, "-", "-").status());
    return handle;
  }
  return std::string();
}

Status ComputeBlockStore::SetVolumeId(nlohmann::json& pv, const std::string& volume_id) {
  const std::string name = pv.value("/metadata/name"_json_pointer, "");
  if (!pv.is_object() || !pv.contains("spec") || !pv["spec"].is_object()) {
    return InvalidArgument("PersistentVolume " + name + ": no spec");
  }
  auto& spec = pv["spec"];
  if (spec.contains("gcePersistentDisk") && spec["gcePersistentDisk"].is_object()) {
    spec["gcePersistentDisk"]["pdName"] = LastSegment(volume_id);
    return Status::Ok();
  }
  if (CsiSource(pv)) {
    auto& csi = spec["csi"];
    std::string handle = csi.value("volumeHandle", "");
    if (volume_id.find('/') != std::string::npos) {
      csi["volumeHandle"] = volume_id;
    } else if (auto p = handle.rfind('/'); p != std::string::npos) {
      csi["volumeHandle"] = handle.substr(0, p + 1) + volume_id;
    } else {
      return InvalidArgument("PersistentVolume " + name + ": spec.csi.volumeHandle \"" + handle +
                             "\" is not projects/<p>/zones/<z>/disks/<name>");
    }
    return Status::Ok();
  }
  return InvalidArgument("PersistentVolume " + name + ": neither spec.gcePersistentDisk nor a " +
                         kCsiDriver + " CSI source");
}

Result<nlohmann::json> ComputeBlockStore::GetDisk(const DiskRef& disk) {
  return Call("GET",
              ProjectUrl(disk.project) + "/zones/" + PercentEncode(disk.zone) + "/disks/" +
                  PercentEncode(disk.name),
              "", "getting disk " + disk.name + " in " + disk.zone);
}

Result<VolumeInfo> ComputeBlockStore::GetVolumeInfo(const std::string& volume_id,
                                                    const std::string& az) {
  ARK_ASSIGN_OR_RETURN(DiskRef ref,
                       ParseVolumeId(volume_id, options_.project, az.empty() ? options_.zone : az));
  ARK_ASSIGN_OR_RETURN(nlohmann::json disk, GetDisk(ref));
  VolumeInfo info;
  info.type = disk.value("type", "");
  if (disk.contains("provisionedIops")) {
    if (int64_t iops = JsonInt(disk["provisionedIops"]); iops > 0) info.iops = iops;
  }
  return info;
}

Result<std::string> ComputeBlockStore::CreateSnapshot(
    const std::string& volume_id, const std::string& az,
    const std::map<std::string, std::string>& tags) {
  ARK_ASSIGN_OR_RETURN(DiskRef ref,
                       ParseVolumeId(volume_id, options_.project, az.empty() ? options_.zone : az));
  const std::string name = SnapshotName(ref.name, RandomUuid());
  nlohmann::json body = {{"name", name}};
  auto labels = SanitizeLabels(tags);
  if (!labels.empty()) body["labels"] = labels;
  const std::string what = "snapshotting disk " + ref.name + " in " + ref.zone + " as " + name;
  ARK_ASSIGN_OR_RETURN(nlohmann::json op,
                       Call("POST",
                            ProjectUrl(ref.project) + "/zones/" + PercentEncode(ref.zone) +
                                "/disks/" + PercentEncode(ref.name) + "/createSnapshot",
                            body.dump(), what));
  ARK_RETURN_IF_ERROR(
      Wait(std::move(op),
           "projects/" + PercentEncode(ref.project) + "/zones/" + PercentEncode(ref.zone), what));
  return name;
}

Result<std::string> ComputeBlockStore::CreateVolumeFromSnapshot(const std::string& snapshot_id,
                                                                const std::string& volume_type,
                                                                const std::string& az,
                                                                std::optional<int64_t> iops) {
  const std::string type_zone = DiskTypeZone(volume_type);
  std::string zone = az;
  if (zone.empty()) zone = type_zone;
  if (zone.empty()) zone = options_.zone;
  if (zone.empty()) {
    return InvalidArgument("restoring snapshot " + snapshot_id +
                           ": no zone (the PV has no zone label and the config sets no `zone`)");
  }
  const std::string name = "restore-" + RandomUuid();
  nlohmann::json body = {
      {"name", name},
      {"sourceSnapshot", "projects/" + options_.project + "/global/snapshots/" + snapshot_id}};
  if (!type_zone.empty() && type_zone != zone) {
    // A disk's type must be one of its own zone's.
    body["type"] = "projects/" + options_.project + "/zones/" + zone + "/diskTypes/" +
                   LastSegment(volume_type);
  } else if (!volume_type.empty()) {
    body["type"] = volume_type;
  }
  if (iops) body["provisionedIops"] = std::to_string(*iops);
  const std::string what =
      "creating disk " + name + " in " + zone + " from snapshot " + snapshot_id;
  ARK_ASSIGN_OR_RETURN(
      nlohmann::json op,
      Call("POST", ProjectUrl(options_.project) + "/zones/" + PercentEncode(zone) + "/disks",
           body.dump(), what));
  ARK_RETURN_IF_ERROR(
      Wait(std::move(op),
           "projects/" + PercentEncode(options_.project) + "/zones/" + PercentEncode(zone), what));
  return "projects/" + options_.project + "/zones/" + zone + "/disks/" + name;
}

Result<bool> ComputeBlockStore::IsVolumeReady(const std::string& volume_id, const std::string& az) {
  ARK_ASSIGN_OR_RETURN(DiskRef ref,
                       ParseVolumeId(volume_id, options_.project, az.empty() ? options_.zone : az));
  ARK_ASSIGN_OR_RETURN(nlohmann::json disk, GetDisk(ref));
  return disk.value("status", "") == "READY";
}

Status ComputeBlockStore::DeleteSnapshot(const std::string& snapshot_id) {
  const std::string what = "deleting snapshot " + snapshot_id;
  auto op = Call("DELETE",
                 ProjectUrl(options_.project) + "/global/snapshots/" + PercentEncode(snapshot_id),
                 "", what);
  if (!op.ok()) {
    if (op.status().code() == Code::kNotFound) return Status::Ok();
    return std::move(op).status();
  }
  return Wait(std::move(*op), "projects/" + PercentEncode(options_.project) + "/global", what);
}

Result<bool> ComputeBlockStore::SnapshotExists(const std::string& snapshot_id) {
  auto got =
      Call("GET", ProjectUrl(options_.project) + "/global/snapshots/" + PercentEncode(snapshot_id),
           "", "getting snapshot " + snapshot_id);
  if (got.ok()) return true;
  if (got.status().code() == Code::kNotFound) return false;
  return std::move(got).status();
}

}  // namespace ark::cloud::gcp
