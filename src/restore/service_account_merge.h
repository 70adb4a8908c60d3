#pragma once

#include <nlohmann/json.hpp>
#include <optional>

namespace ark::restore {

// A ServiceAccount the target already has is usually not the user's: the cluster's
// service-account controller makes "default" in every namespace as soon as the namespace
// exists (and a distribution may pre-create others), so the backed-up account always finds it
// there. Rather than leave it (and lose, say, the registry credentials of every namespace in a
// disaster recovery), the restore merges into it what the user set: the JSON merge patch that
// adds `desired`'s labels and annotations and appends the imagePullSecrets and secrets entries
// `live` lacks (by name; `desired` is already rewritten, so the source cluster's generated
// token secrets are gone from it). Nothing of `live` is removed. nullopt when `live` already
// has all of it (the restore label aside, which is added only along with something else).
std::optional<nlohmann::json> ServiceAccountMergePatch(const nlohmann::json& desired,
                                                       const nlohmann::json& live);

}  // namespace ark::restore
