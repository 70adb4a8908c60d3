#include "restore/item_shape.h"

#include <string>
#include <vector>

namespace ark::restore {
namespace {

using Json = nlohmann::json;
enum class Type { kObject, kArray, kString, kBoolean };

// One field the restore reads, as a path from the object: "a.b" is member b of member a,
// "a[]" every element of array a, "a.*" every member of object a.
struct Field {
  const char* path;
  Type type;
};

// Kubernetes' own names for the types, as in its validation messages.
const char* TypeName(Type type) {
  switch (type) {
    case Type::kObject:
      return "object";
    case Type::kArray:
      return "array";
    case Type::kString:
      return "string";
    case Type::kBoolean:
      return "boolean";
  }
  return "?";
}

bool HasType(const Json& value, Type type) {
  switch (type) {
    case Type::kObject:
      return value.is_object();
    case Type::kArray:
      return value.is_array();
    case Type::kString:
      return value.is_string();
    case Type::kBoolean:
      return value.is_boolean();
  }
  return false;
}

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> steps;
  size_t start = 0;
  while (start <= path.size()) {
    size_t dot = path.find('.', start);
    if (dot == std::string_view::npos) dot = path.size();
    steps.emplace_back(path.substr(start, dot - start));
    start = dot + 1;
  }
  return steps;
}

// Checks `value` (reached at `where`) against the rest of the path, steps[i...].
Status CheckAt(const Json& value, const std::vector<std::string>& steps, size_t i,
               const std::string& where, Type type) {
  if (value.is_null()) return Status::Ok();  // absent: nothing to misread
  if (i == steps.size()) {
    if (HasType(value, type)) return Status::Ok();
    return InvalidArgument(where + ": expected " +
                           (type == Type::kArray || type == Type::kObject ? "an " : "a ") +
                           TypeName(type) + ", got " + value.type_name());
  }
  // Each step walks only through containers of the right type; a wrong container type is
  // reported by the Field naming the container itself.
  if (!value.is_object()) return Status::Ok();
  const std::string& step = steps[i];
  const std::string prefix = where.empty() ? "" : where + ".";
  if (step == "*") {
    for (auto it = value.begin(); it != value.end(); ++it) {
      ARK_RETURN_IF_ERROR(CheckAt(*it, steps, i + 1, prefix + it.key(), type));
    }
    return Status::Ok();
  }
  const bool each = step.size() > 2 && step.compare(step.size() - 2, 2, "[]") == 0;
  const std::string key = each ? step.substr(0, step.size() - 2) : step;
  auto member = value.find(key);
  if (member == value.end()) return Status::Ok();
  if (!each) return CheckAt(*member, steps, i + 1, prefix + key, type);
  if (!member->is_array()) return Status::Ok();
  for (size_t n = 0; n < member->size(); ++n) {
    ARK_RETURN_IF_ERROR(
        CheckAt((*member)[n], steps, i + 1, prefix + key + "[" + std::to_string(n) + "]", type));
  }
  return Status::Ok();
}

Status CheckFields(const Json& obj, const std::vector<Field>& fields) {
  for (const Field& f : fields) {
    ARK_RETURN_IF_ERROR(CheckAt(obj, Split(f.path), 0, "", f.type));
  }
  return Status::Ok();
}

// Containers first, so a list that is not one is named before its elements are looked at.
const std::vector<Field>& Common() {
  static const std::vector<Field> fields = {
      {"apiVersion", Type::kString},
      {"kind", Type::kString},
      {"metadata", Type::kObject},
      {"metadata.name", Type::kString},
      {"metadata.namespace", Type::kString},
      {"metadata.labels", Type::kObject},
      {"metadata.labels.*", Type::kString},
      {"metadata.annotations", Type::kObject},
      {"metadata.annotations.*", Type::kString},
      {"metadata.ownerReferences", Type::kArray},
      {"metadata.ownerReferences[]", Type::kObject},
      {"metadata.ownerReferences[].controller", Type::kBoolean},
      {"metadata.ownerReferences[].kind", Type::kString},
      {"metadata.ownerReferences[].name", Type::kString},
  };
  return fields;
}

const std::vector<Field>& KindFields(std::string_view gr) {
  static const std::vector<Field> kNone;
  static const std::vector<Field> kPods = {
      {"spec", Type::kObject},
      {"spec.volumes", Type::kArray},
      {"spec.volumes[]", Type::kObject},
      {"spec.volumes[].name", Type::kString},
      {"spec.containers", Type::kArray},
      {"spec.containers[]", Type::kObject},
      {"spec.containers[].volumeMounts", Type::kArray},
      {"spec.containers[].volumeMounts[]", Type::kObject},
      {"spec.containers[].volumeMounts[].name", Type::kString},
      {"spec.initContainers", Type::kArray},
      {"spec.initContainers[]", Type::kObject},
      {"spec.initContainers[].volumeMounts", Type::kArray},
      {"spec.initContainers[].volumeMounts[]", Type::kObject},
      {"spec.initContainers[].volumeMounts[].name", Type::kString},
      {"spec.ephemeralContainers", Type::kArray},
      {"spec.ephemeralContainers[]", Type::kObject},
      {"spec.ephemeralContainers[].volumeMounts", Type::kArray},
      {"spec.ephemeralContainers[].volumeMounts[]", Type::kObject},
      {"spec.ephemeralContainers[].volumeMounts[].name", Type::kString},
  };
  static const std::vector<Field> kServices = {
      {"spec", Type::kObject},
      {"spec.clusterIP", Type::kString},
      {"spec.ports", Type::kArray},
      {"spec.ports[]", Type::kObject},
      {"spec.ports[].name", Type::kString},
  };
  static const std::vector<Field> kJobs = {
      {"spec", Type::kObject},
      {"spec.manualSelector", Type::kBoolean},
  };
  static const std::vector<Field> kVolumes = {
      {"spec", Type::kObject},
      {"spec.persistentVolumeReclaimPolicy", Type::kString},
      {"spec.claimRef", Type::kObject},
      {"spec.claimRef.namespace", Type::kString},
      // What the block stores read to find the volume behind the PV.
      {"spec.awsElasticBlockStore", Type::kObject},
      {"spec.awsElasticBlockStore.volumeID", Type::kString},
      {"spec.gcePersistentDisk", Type::kObject},
      {"spec.gcePersistentDisk.pdName", Type::kString},
      {"spec.azureDisk", Type::kObject},
      {"spec.azureDisk.diskName", Type::kString},
      {"spec.azureDisk.diskURI", Type::kString},
      {"spec.csi", Type::kObject},
      {"spec.csi.driver", Type::kString},
      {"spec.csi.volumeHandle", Type::kString},
  };
  static const std::vector<Field> kSecrets = {
      {"type", Type::kString},
      {"data", Type::kObject},
  };
  static const std::vector<Field> kServiceAccounts = {
      {"secrets", Type::kArray},
      {"secrets[]", Type::kObject},
      {"secrets[].name", Type::kString},
  };
  if (gr == "pods") return kPods;
  if (gr == "services") return kServices;
  if (gr == "jobs.batch") return kJobs;
  if (gr == "persistentvolumes") return kVolumes;
  if (gr == "secrets") return kSecrets;
  if (gr == "serviceaccounts") return kServiceAccounts;
  return kNone;
}

}  // namespace

Status CheckItemShape(std::string_view group_resource, const Json& obj) {
  if (!obj.is_object()) {
    return InvalidArgument(std::string("expected an object, got ") + obj.type_name());
  }
  ARK_RETURN_IF_ERROR(CheckFields(obj, Common()));
  return CheckFields(obj, KindFields(group_resource));
}

}  // namespace ark::restore
