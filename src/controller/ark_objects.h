#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "kube/dynamic_client.h"
#include "util/clock.h"
#include "util/result.h"

namespace ark::controller {

// RFC 3339 in UTC with second precision ("2017-11-06T22:46:06Z"), as metav1.Time.
std::string FormatTime(Clock::TimePoint t);
// Parses FormatTime's form (fractions and offsets accepted); InvalidArgument otherwise.
Result<Clock::TimePoint> ParseTime(const std::string& text);

// Reads the object, applies `mutate` and writes it back with Update, reading again and
// re-applying on a conflict (a few times). Returns the stored object.
Result<nlohmann::json> UpdateWithRetry(kube::DynamicClient& client,
                                       const kube::GroupVersionResource& gvr,
                                       const std::string& ns, const std::string& name,
                                       const std::function<void(nlohmann::json&)>& mutate);

}  // namespace ark::controller
