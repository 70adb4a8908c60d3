#include "api/backup_metadata.h"

#include <map>
#include <vector>

namespace ark::api {
namespace {

// The key order of one Go struct, and the shapes of its fields (by key).
struct Shape {
  std::vector<std::string> order;
  std::map<std::string, const Shape*> fields;
  const Shape* map_values = nullptr;  // for Go maps: the shape of every value
};

const Shape& BackupShape() {
  static const Shape* shape = [] {
    auto* exec = new Shape{{"container", "command", "onError", "timeout"}, {}, nullptr};
    auto* hook = new Shape{{"exec"}, {{"exec", exec}}, nullptr};
    auto* selector =
        new Shape{{"matchLabels", "matchExpressions"},
                  {{"matchExpressions", new Shape{{"key", "operator", "values"}, {}, nullptr}}},
                  nullptr};
    auto* hook_spec =
        new Shape{{"name", "includedNamespaces", "excludedNamespaces", "includedResources",
                   "excludedResources", "labelSelector", "hooks", "pre", "post"},
                  {{"labelSelector", selector}, {"hooks", hook}, {"pre", hook}, {"post", hook}},
                  nullptr};
    auto* hooks = new Shape{{"resources"}, {{"resources", hook_spec}}, nullptr};
    auto* spec = new Shape{
        {"includedNamespaces", "excludedNamespaces", "includedResources", "excludedResources",
         "labelSelector", "snapshotVolumes", "ttl", "includeClusterResources", "hooks",
         "storageLocation", "volumeSnapshotLocations"},
        {{"labelSelector", selector}, {"hooks", hooks}},
        nullptr};
    auto* volume_backup =
        new Shape{{"snapshotID", "type", "availabilityZone", "iops"}, {}, nullptr};
    auto* status = new Shape{{"version", "expiration", "phase", "volumeBackups", "validationErrors",
                              "startTimestamp", "completionTimestamp", "volumeSnapshotsAttempted",
                              "volumeSnapshotsCompleted", "warnings", "errors"},
                             {{"volumeBackups", new Shape{{}, {}, volume_backup}}},
                             nullptr};
    auto* owner = new Shape{
        {"apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion"}, {}, nullptr};
    auto* managed = new Shape{
        {"manager", "operation", "apiVersion", "time", "fieldsType", "fieldsV1", "subresource"},
        {},
        nullptr};
    auto* meta = new Shape{
        {"name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
         "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels",
         "annotations", "ownerReferences", "finalizers", "clusterName", "managedFields"},
        {{"ownerReferences", owner}, {"managedFields", managed}},
        nullptr};
    return new Shape{{"kind", "apiVersion", "metadata", "spec", "status"},
                     {{"metadata", meta}, {"spec", spec}, {"status", status}},
                     nullptr};
  }();
  return *shape;
}

nlohmann::ordered_json Ordered(const nlohmann::json& v, const Shape* shape);

nlohmann::ordered_json OrderedObject(const nlohmann::json& v, const Shape* shape) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  auto child = [&](const std::string& key) -> const Shape* {
    if (shape == nullptr) return nullptr;
    if (shape->map_values) return shape->map_values;
    auto it = shape->fields.find(key);
    return it == shape->fields.end() ? nullptr : it->second;
  };
  if (shape != nullptr && shape->map_values == nullptr) {
    for (const std::string& key : shape->order) {
      if (v.contains(key)) out[key] = Ordered(v.at(key), child(key));
    }
  }
  for (const auto& [key, value] : v.items()) {  // nlohmann::json iterates keys sorted
    if (!out.contains(key)) out[key] = Ordered(value, child(key));
  }
  return out;
}

nlohmann::ordered_json Ordered(const nlohmann::json& v, const Shape* shape) {
  if (v.is_object()) return OrderedObject(v, shape);
  if (v.is_array()) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& e : v) out.push_back(Ordered(e, shape));
    return out;
  }
  return nlohmann::ordered_json(v);
}

}  // namespace

std::string EncodeBackupMetadata(const Json& backup) {
  return Ordered(backup, &BackupShape())
      .dump(2, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

Result<Json> DecodeBackupMetadata(std::string_view data, std::string_view key) {
  Json j = Json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return DataLoss("backup metadata " + std::string(key) + ": not valid JSON");
  if (!j.is_object())
    return DataLoss("backup metadata " + std::string(key) + ": not a JSON object");
  auto kind = j.find("kind");
  if (kind == j.end() || *kind != "Backup") {
    return DataLoss("backup metadata " + std::string(key) + ": kind is not Backup");
  }
  return j;
}

}  // namespace ark::api
