#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/result.h"

namespace ark::archive {

// Owns every path inside a backup tarball.
//
// Written (Ark v0.5+, Velero):  resources/<group-resource>/namespaces/<ns>/<name>.json
//                               resources/<group-resource>/cluster/<name>.json
// Also read (Ark v0.3/v0.4):    namespaces/<ns>/<group-resource>/<name>.json
//                               cluster/<group-resource>/<name>.json
// Velero 1.4+ version subtrees (resources/<gr>/v1-preferredversion/...) and metadata/version
// are recognised and not items of the default layout.
// <group-resource> is "pods" for the core group, "deployments.apps" otherwise.

std::string ItemPath(std::string_view group_resource, std::string_view ns, std::string_view name);

struct ItemLocation {
  std::string group_resource;
  std::string ns;  // "" for cluster-scoped items
  std::string name;
};

// The item a tarball path holds, std::nullopt for a path that is not an item of the default
// layout (metadata/version, version subtrees). InvalidArgument for paths no Ark or Velero
// wrote (unknown top-level folder, missing parts, not ending in .json).
Result<std::optional<ItemLocation>> ParseItemPath(std::string_view path);

}  // namespace ark::archive
