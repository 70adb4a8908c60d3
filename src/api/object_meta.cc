#include "api/object_meta.h"

namespace ark::api {

Result<ObjectMeta> ObjectMeta::FromJson(const Json& metadata, std::string_view where) {
  ObjectMeta m;
  if (metadata.is_null()) return m;
  if (!metadata.is_object()) {
    return InvalidArgument(std::string(where) + ": expected an object, got " +
                           metadata.type_name());
  }
  m.raw = metadata;
  ARK_RETURN_IF_ERROR(ReadString(metadata, where, "name", &m.name));
  ARK_RETURN_IF_ERROR(ReadString(metadata, where, "generateName", &m.generate_name));
  ARK_RETURN_IF_ERROR(ReadString(metadata, where, "namespace", &m.ns));
  ARK_RETURN_IF_ERROR(ReadString(metadata, where, "uid", &m.uid));
  ARK_RETURN_IF_ERROR(ReadString(metadata, where, "resourceVersion", &m.resource_version));
  ARK_RETURN_IF_ERROR(ReadInt(metadata, where, "generation", &m.generation));
  ARK_RETURN_IF_ERROR(ReadTime(metadata, where, "creationTimestamp", &m.creation_timestamp));
  ARK_RETURN_IF_ERROR(ReadTime(metadata, where, "deletionTimestamp", &m.deletion_timestamp));
  ARK_RETURN_IF_ERROR(ReadStringMap(metadata, where, "labels", &m.labels));
  ARK_RETURN_IF_ERROR(ReadStringMap(metadata, where, "annotations", &m.annotations));
  return m;
}

Json ObjectMeta::ToJson() const {
  Json out = BaseObject(raw);
  WriteString(out, "name", name);
  WriteString(out, "generateName", generate_name);
  WriteString(out, "namespace", ns);
  WriteString(out, "uid", uid);
  WriteString(out, "resourceVersion", resource_version);
  WriteInt(out, "generation", generation);
  WriteTime(out, "creationTimestamp", creation_timestamp);
  WriteTime(out, "deletionTimestamp", deletion_timestamp);
  WriteStringMap(out, "labels", labels);
  WriteStringMap(out, "annotations", annotations);
  return out;
}

ObjectMeta NewObjectMeta(const std::string& name, const std::string& ns) {
  ObjectMeta meta;
  meta.name = name;
  meta.ns = ns;
  meta.raw = Json{{"name", name}, {"namespace", ns}};
  return meta;
}

}  // namespace ark::api
