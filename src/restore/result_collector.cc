#include "restore/result_collector.h"

#include <algorithm>
#include <tuple>

namespace ark::restore {

std::vector<std::string>& ResultCollector::Group(Messages& messages, const std::string& ns) {
  return ns.empty() ? messages.cluster : messages.namespaces[ns];
}

void ResultCollector::Record(const std::string& gr, const std::string& ns, const std::string& name,
                             PlanAction action, const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  Counts& c = outcome_.counts;
  ++c.selected;
  switch (action) {
    case PlanAction::kCreate:
      ++c.created;
      break;
    case PlanAction::kUpdate:
      ++c.updated;
      break;
    case PlanAction::kUnchanged:
      ++c.unchanged;
      break;
    case PlanAction::kConflict:
      ++c.conflicts;
      Group(outcome_.warnings, ns).push_back(message);
      break;
    case PlanAction::kSkip:
      ++c.skipped;
      break;
    case PlanAction::kFail:
      ++c.failed;
      Group(outcome_.errors, ns).push_back(message);
      break;
  }
  if (record_plan_) outcome_.plan.push_back({gr, ns, name, action, message});
}

void ResultCollector::RecordNamespaceCreated(const std::string& ns) {
  std::lock_guard<std::mutex> lock(mu_);
  ++outcome_.counts.namespaces_created;
  if (record_plan_) {
    outcome_.plan.push_back(
        {"namespaces", "", ns, PlanAction::kCreate, "namespace created for the restored objects"});
  }
}

void ResultCollector::RecordVolumeRestored() {
  std::lock_guard<std::mutex> lock(mu_);
  ++outcome_.counts.volumes_restored;
}

void ResultCollector::Warn(const std::string& ns, const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  Group(outcome_.warnings, ns).push_back(message);
}

void ResultCollector::Error(const std::string& ns, const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  Group(outcome_.errors, ns).push_back(message);
}

void ResultCollector::ArkWarning(const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  outcome_.warnings.ark.push_back(message);
}

void ResultCollector::ArkError(const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  outcome_.errors.ark.push_back(message);
}

RestoreOutcome ResultCollector::Finish() {
  std::lock_guard<std::mutex> lock(mu_);
  RestoreOutcome out = std::move(outcome_);
  outcome_ = RestoreOutcome();
  out.warnings.Sort();
  out.errors.Sort();
  std::sort(out.plan.begin(), out.plan.end(), [](const PlanEntry& a, const PlanEntry& b) {
    return std::tie(a.group_resource, a.ns, a.name) < std::tie(b.group_resource, b.ns, b.name);
  });
  const bool failed = out.counts.failed > 0 || !out.errors.empty();
  out.phase = failed ? Phase::kPartiallyFailed : Phase::kCompleted;
  return out;
}

}  // namespace ark::restore
