#include "controller/final_status.h"

#include <algorithm>

#include "api/resources.h"
#include "controller/ark_objects.h"
#include "controller/backup_decisions.h"
#include "controller/restore_decisions.h"
#include "util/backoff.h"
#include "util/time_format.h"

namespace ark::controller {
namespace {

bool Transient(Code code) {
  return code == Code::kUnavailable || code == Code::kDeadlineExceeded || code == Code::kInternal ||
         code == Code::kResourceExhausted || code == Code::kConflict;
}

}  // namespace

Status WriteFinalStatus(kube::DynamicClient& client, const kube::GroupVersionResource& gvr,
                        const std::string& ns, const std::string& name,
                        const nlohmann::json& status, const Clock& clock,
                        std::chrono::milliseconds give_up_after) {
  const BackoffPolicy policy{.max_attempts = 0,
                             .initial = std::chrono::milliseconds(200),
                             .cap = std::chrono::seconds(10)};
  const Clock::TimePoint deadline = clock.Now() + give_up_after;
  for (int retry = 0;; ++retry) {
    Status written = UpdateWithRetry(client, gvr, ns, name, [&](nlohmann::json& object) {
                       MergeStatus(object, status);
                     }).status();
    if (written.ok() || written.code() == Code::kNotFound) return Status::Ok();
    if (!Transient(written.code())) return written;
    const std::chrono::milliseconds wait = BackoffDelay(policy, retry, JitterRandom());
    if (clock.Now() + wait > deadline) return written;
    clock.SleepFor(wait);
  }
}

nlohmann::json FailedStatusOf(const kube::GroupVersionResource& gvr, const std::string& reason,
                              Clock::TimePoint now) {
  if (gvr.resource == api::BackupVerificationsGvr().resource) {
    return {{"phase", "Failed"}, {"message", reason}, {"completionTimestamp", FormatRfc3339(now)}};
  }
  return gvr.resource == api::BackupsGvr().resource ? FailedBackupStatus(reason, now)
                                                    : FailedRestoreStatus(reason, now);
}

std::chrono::milliseconds FinalStatusBudget(const CancelToken* cancel, const Clock& clock) {
  if (cancel == nullptr || !cancel->cancelled()) return std::chrono::minutes(10);
  const Clock::TimePoint by = cancel->wrap_up_by();
  if (by == Clock::TimePoint::max()) return std::chrono::minutes(10);
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(by - clock.Now());
  return std::max(left, std::chrono::milliseconds(0));
}

std::string FailureReason(const Status& why, const CancelToken* cancel, const std::string& what) {
  if (cancel == nullptr || !cancel->cancelled()) return why.ToString();
  return cancel->reason() + " before the " + what + " finished";
}

}  // namespace ark::controller
