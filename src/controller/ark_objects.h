#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "kube/dynamic_client.h"
#include "util/clock.h"
#include "util/result.h"

namespace ark::controller {

// Reads the object, applies `mutate` and writes it back with Update, reading again and
// re-applying on a conflict (a few times). Returns the stored object.
Result<nlohmann::json> UpdateWithRetry(kube::DynamicClient& client,
                                       const kube::GroupVersionResource& gvr, const std::string& ns,
                                       const std::string& name,
                                       const std::function<void(nlohmann::json&)>& mutate);

// Merges the status fragment `fragment` (an api status type's ToJson) into `object`'s status,
// field by field: fields the fragment lacks keep their value. A status that is not an object
// (missing, null, malformed) is replaced.
void MergeStatus(nlohmann::json& object, const nlohmann::json& fragment);

}  // namespace ark::controller
