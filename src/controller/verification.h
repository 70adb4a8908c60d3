#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "api/backup_verification.h"
#include "util/cancel.h"
#include "util/clock.h"
#include "util/result.h"
#include "verify/backup_verifier.h"

namespace ark::controller {

// Verifies one stored backup (verify::VerifyBackup against the server's BackupStore and
// BlockStore in the server; fakes in tests). A non-OK result means the check could not run.
using VerifyFn = std::function<Result<verify::VerifyReport>(
    const std::string& backup, const verify::VerifyOptions& options, const CancelToken* cancel)>;

// The most problems a BackupVerification's status lists (problemCount counts all), so a
// backup with thousands of damaged entries does not make an object the API server refuses.
inline constexpr size_t kMaxRequestProblems = 100;
// The most would-fail lines of status.clusterCheck.failures.
inline constexpr size_t kMaxClusterFailures = 100;

// What the verification controller does with a request it sees.
enum class VerificationStep {
  kRun,     // New (or no phase): verify. Also InProgress: a server stopped while verifying it,
            // and verifying writes nothing, so doing it again is safe.
  kWait,    // finished, not yet expired
  kDelete,  // finished more than `keep_for` ago (or with no completion time)
};
VerificationStep NextStep(const api::BackupVerification& request, Clock::TimePoint now,
                          std::chrono::seconds keep_for);

// The report's findings into the request's status: phase Completed, result Passed or Failed,
// checks, the first kMaxRequestProblems problems, counts.
void ApplyReport(const verify::VerifyReport& report, api::BackupVerification& request);

// A restore dry run's plan lines ("<action> <group-resource> <ns/name> (<reason>)", as
// controller::RestoreOutcome::plan) summarised: create and update would create; unchanged,
// conflict and deliberate skips would skip; fail would fail, and so would a skip because the
// cluster does not serve the resource (a missing CRD): a restore would leave those objects
// out, which is what a verification against the cluster is asked to find.
api::ClusterCheck SummarizeDryRun(const std::vector<std::string>& plan);

// Adds the cluster check to a completed request: its failures count as problems
// ("cluster:<group-resource>"), so the result is Failed when anything would fail.
void ApplyClusterCheck(api::ClusterCheck check, api::BackupVerification& request);

// The Backup's status.verification for a completed (or, with a message, failed) request.
api::BackupVerificationSummary SummaryOf(const api::BackupVerification& request);

// Verifies a backup that just completed and asked for it (spec.verify): the summary for its
// status.verification, result "" and a message when the check could not run.
api::BackupVerificationSummary VerifyNewBackup(const VerifyFn& verify, const std::string& backup,
                                               const CancelToken* cancel, const Clock& clock);

}  // namespace ark::controller
