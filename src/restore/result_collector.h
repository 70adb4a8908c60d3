#pragma once

#include <atomic>
#include <mutex>
#include <string>

#include "restore/restore_outcome.h"

namespace ark::restore {

// Gathers what happens to each object while workers restore in parallel. Thread-safe.
class ResultCollector {
 public:
  explicit ResultCollector(bool record_plan) : record_plan_(record_plan) {}

  // Records the fate of one selected object: bumps `selected` and the action's count, adds
  // `message` to the warnings (kConflict) or errors (kFail) of the object's group (`ns` = the
  // target namespace, "" = cluster), and in a dry run adds a plan entry with `message` as the
  // reason.
  void Record(const std::string& group_resource, const std::string& ns, const std::string& name,
              PlanAction action, const std::string& message = "");
  // A namespace created (or, in a dry run, to be created) for namespaced objects.
  void RecordNamespaceCreated(const std::string& ns);
  void RecordVolumeRestored();
  void Warn(const std::string& ns, const std::string& message);
  void Error(const std::string& ns, const std::string& message);
  void ArkWarning(const std::string& message);
  void ArkError(const std::string& message);
  // One archive entry handed to a worker (selected or not), for progress.
  void MarkProcessed() { processed_.fetch_add(1, std::memory_order_relaxed); }
  int64_t processed() const { return processed_.load(std::memory_order_relaxed); }

  // The collected outcome, messages and plan sorted. Phase: kCompleted when nothing failed and
  // there are no errors, else kPartiallyFailed; the caller sets kFailed.
  RestoreOutcome Finish();

 private:
  static std::vector<std::string>& Group(Messages& messages, const std::string& ns);

  const bool record_plan_;
  std::atomic<int64_t> processed_{0};
  std::mutex mu_;
  RestoreOutcome outcome_;  // guarded by mu_
};

}  // namespace ark::restore
