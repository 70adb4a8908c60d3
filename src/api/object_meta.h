#pragma once

#include <map>
#include <optional>
#include <string>

#include "api/json_fields.h"
#include "util/result.h"

namespace ark::api {

// The parts of Kubernetes ObjectMeta that Ark reads or sets. Every other metadata field
// (managedFields, ownerReferences, finalizers, ...) is kept in `raw` and written back.
struct ObjectMeta {
  std::string name;
  std::string generate_name;
  std::string ns;  // "namespace"
  std::string uid;
  std::string resource_version;
  int64_t generation = 0;
  std::optional<Clock::TimePoint> creation_timestamp;
  std::optional<Clock::TimePoint> deletion_timestamp;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  Json raw;  // the metadata object as read (null for a new object)

  static Result<ObjectMeta> FromJson(const Json& metadata, std::string_view where = "metadata");
  Json ToJson() const;
};

// metadata {name, namespace} of a new object, both written even when empty (as Ark's Go types
// serialize them).
ObjectMeta NewObjectMeta(const std::string& name, const std::string& ns);

}  // namespace ark::api
