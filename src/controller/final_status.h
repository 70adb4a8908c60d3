#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "kube/dynamic_client.h"
#include "util/cancel.h"
#include "util/clock.h"
#include "util/status.h"

namespace ark::controller {

// Merges `status` into the status of the object `ns/name` and writes it until the write
// lands: a backup or restore whose outcome is known must not stay InProgress because one
// update met an API server restart. Conflicts re-read the object; transient failures
// (unavailable, timeouts, internal errors, throttling) are retried with capped exponential
// backoff and jitter, sleeping on `clock`, for up to `give_up_after`. Returns OK once written,
// OK as well when the object is gone (deleted meanwhile: nothing left to record), and the
// last error otherwise.
Status WriteFinalStatus(kube::DynamicClient& client, const kube::GroupVersionResource& gvr,
                        const std::string& ns, const std::string& name,
                        const nlohmann::json& status, const Clock& clock,
                        std::chrono::milliseconds give_up_after = std::chrono::minutes(10));

// The status fragment WriteFinalStatus merges into a Backup or Restore (`gvr` says which) that
// failed: phase Failed, failureReason `reason`, completionTimestamp `now`
// (FailedBackupStatus, FailedRestoreStatus); for a BackupVerification, phase Failed, message
// `reason`, completionTimestamp `now`.
nlohmann::json FailedStatusOf(const kube::GroupVersionResource& gvr, const std::string& reason,
                              Clock::TimePoint now);

// How long a final status write may keep trying: 10 minutes, or, once `cancel` (may be null)
// is cancelled, what is left until its wrap_up_by (0 = one attempt), so a stopping server
// records what it can and still exits on time.
std::chrono::milliseconds FinalStatusBudget(const CancelToken* cancel, const Clock& clock);

// The failureReason of work stopped by `cancel`: "<its reason> before the <what> finished"
// ("the server was stopped before the backup finished"); `why` itself when `cancel` is null
// or not cancelled.
std::string FailureReason(const Status& why, const CancelToken* cancel, const std::string& what);

}  // namespace ark::controller
