#include "kube/finished_workloads.h"

#include <vector>

#include "util/json_scan.h"

namespace ark::kube {
namespace {

// The decoded string value of member `key` of the object `object` ("" when absent or not a
// string).
std::string StringMember(std::string_view object, std::string_view key) {
  std::string out;
  const std::string_view value = json_scan::FindMember(object, key);
  if (value.empty() || value.front() != '"' || !json_scan::DecodeString(value, &out)) return "";
  return out;
}

std::optional<std::string> FinishedJobCondition(std::string_view status) {
  std::vector<std::string_view> conditions;
  const std::string_view array = json_scan::FindMember(status, "conditions");
  if (array.empty() || !json_scan::SplitArray(array, &conditions)) return std::nullopt;
  for (std::string_view condition : conditions) {
    const std::string type = StringMember(condition, "type");
    if ((type == "Complete" || type == "Failed") && StringMember(condition, "status") == "True") {
      return type;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> FinishedWorkloadReason(std::string_view gr, std::string_view status) {
  if (status.empty()) return std::nullopt;
  if (gr == "pods") {
    const std::string phase = StringMember(status, "phase");
    if (phase == "Succeeded" || phase == "Failed") {
      return "a finished pod (phase " + phase + "): it would be scheduled and run again";
    }
  } else if (gr == "jobs.batch") {
    if (std::optional<std::string> condition = FinishedJobCondition(status)) {
      return "a finished job (condition " + *condition + "): it would run again";
    }
  }
  return std::nullopt;
}

}  // namespace ark::kube
