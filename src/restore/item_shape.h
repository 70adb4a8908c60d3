#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "util/status.h"

namespace ark::restore {

// Checks that the fields the restore reads from a backed-up object of `group_resource` have
// the types Kubernetes gives them: apiVersion, kind, the metadata (name, namespace, labels,
// annotations, ownerReferences), and the fields a per-kind rewrite or the volume restore
// reads (a Pod's volume names, a Secret's type, a PV's disk ids, ...). A missing or null field
// is fine (the API server judges what is required). An archive written by Ark or Velero always
// passes; a hand-edited or corrupt one fails with the field named:
//   InvalidArgument "apiVersion: expected a string, got number"
//   InvalidArgument "metadata.ownerReferences[0].controller: expected a boolean, got string"
// so the item is reported as an error instead of being misread.
Status CheckItemShape(std::string_view group_resource, const nlohmann::json& obj);

}  // namespace ark::restore
