#include "restore/restore_outcome.h"

#include <algorithm>

namespace ark::restore {

size_t Messages::Count() const {
  size_t n = ark.size() + cluster.size();
  for (const auto& [ns, list] : namespaces) n += list.size();
  return n;
}

nlohmann::json Messages::ToJson() const {
  nlohmann::json out = nlohmann::json::object();
  if (!ark.empty()) out["ark"] = ark;
  if (!cluster.empty()) out["cluster"] = cluster;
  nlohmann::json ns_json = nlohmann::json::object();
  for (const auto& [ns, list] : namespaces) {
    if (!list.empty()) ns_json[ns] = list;
  }
  if (!ns_json.empty()) out["namespaces"] = std::move(ns_json);
  return out;
}

void Messages::Sort() {
  std::sort(ark.begin(), ark.end());
  std::sort(cluster.begin(), cluster.end());
  for (auto& [ns, list] : namespaces) std::sort(list.begin(), list.end());
}

std::string_view PhaseName(Phase phase) {
  switch (phase) {
    case Phase::kCompleted:
      return "Completed";
    case Phase::kPartiallyFailed:
      return "PartiallyFailed";
    case Phase::kFailed:
      return "Failed";
  }
  return "Unknown";
}

std::string_view PlanActionName(PlanAction action) {
  switch (action) {
    case PlanAction::kCreate:
      return "create";
    case PlanAction::kUpdate:
      return "update";
    case PlanAction::kUnchanged:
      return "unchanged";
    case PlanAction::kConflict:
      return "conflict";
    case PlanAction::kSkip:
      return "skip";
    case PlanAction::kFail:
      return "fail";
  }
  return "unknown";
}

std::string PlanLine(const PlanEntry& entry) {
  std::string line = std::string(PlanActionName(entry.action)) + " " + entry.group_resource + " " +
                     (entry.ns.empty() ? "" : entry.ns + "/") + entry.name;
  if (!entry.reason.empty()) line += " (" + entry.reason + ")";
  return line;
}

nlohmann::json RestoreOutcome::ResultsJson() const {
  return {{"warnings", warnings.ToJson()}, {"errors", errors.ToJson()}};
}

}  // namespace ark::restore
