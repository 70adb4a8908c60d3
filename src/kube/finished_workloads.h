#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ark::kube {

// Why an object of `group_resource` with the status `status_json` (the text of its `status`
// member, "" when it has none) has run to its end, nullopt when it has not. Such an object is
// history: created again, a Pod would be scheduled again and a Job would run once more (Ark
// v0.9 and Velero leave them out of a restore for that reason).
//   pods:       status.phase Succeeded or Failed;
//   jobs.batch: a condition Complete or Failed with status "True".
// Malformed or absent status is "not finished".
std::optional<std::string> FinishedWorkloadReason(std::string_view group_resource,
                                                  std::string_view status_json);

}  // namespace ark::kube
