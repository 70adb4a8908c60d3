#include "controller/verification.h"

#include <algorithm>

namespace ark::controller {

namespace phase = api::verification_phase;
namespace result = api::verification_result;

VerificationStep NextStep(const api::BackupVerification& request, Clock::TimePoint now,
                          std::chrono::seconds keep_for) {
  if (request.phase.empty() || request.phase == phase::kNew ||
      request.phase == phase::kInProgress) {
    return VerificationStep::kRun;
  }
  if (!request.completion_timestamp) return VerificationStep::kDelete;
  return *request.completion_timestamp + keep_for <= now ? VerificationStep::kDelete
                                                         : VerificationStep::kWait;
}

void ApplyReport(const verify::VerifyReport& report, api::BackupVerification& request) {
  request.phase = phase::kCompleted;
  request.result = report.passed() ? result::kPassed : result::kFailed;
  request.has_manifest = report.has_manifest;
  request.checks = report.checks;
  request.problems.clear();
  for (const auto& p : report.problems) {
    if (request.problems.size() == kMaxRequestProblems) break;
    request.problems.push_back({p.where, p.what});
  }
  request.problem_count = static_cast<int64_t>(report.problems.size());
  request.entries = report.entries;
  request.snapshots_checked = report.snapshots_checked;
}

namespace {

// "fail deployments.apps ns/name (why)" -> {"fail", "deployments.apps", "why"}.
struct PlanLine {
  std::string action, group_resource, reason;
};

PlanLine Parse(const std::string& line) {
  PlanLine p;
  const size_t first = line.find(' ');
  p.action = line.substr(0, first);
  if (first == std::string::npos) return p;
  const size_t second = line.find(' ', first + 1);
  p.group_resource =
      line.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
  const size_t open = line.find(" (");
  if (open != std::string::npos && line.back() == ')') {
    p.reason = line.substr(open + 2, line.size() - open - 3);
  }
  return p;
}

}  // namespace

api::ClusterCheck SummarizeDryRun(const std::vector<std::string>& plan) {
  api::ClusterCheck check;
  for (const auto& line : plan) {
    const PlanLine p = Parse(line);
    const bool unserved = p.reason.find("does not serve resource") != std::string::npos;
    if (p.action == "create" || p.action == "update") {
      ++check.would_create;
    } else if (p.action == "fail" || (p.action == "skip" && unserved)) {
      ++check.would_fail;
      if (check.failures.size() < kMaxClusterFailures) check.failures.push_back(line);
    } else {
      ++check.would_skip;
    }
  }
  return check;
}

void ApplyClusterCheck(api::ClusterCheck check, api::BackupVerification& request) {
  for (const auto& line : check.failures) {
    if (request.problems.size() == kMaxRequestProblems) break;
    request.problems.push_back({"cluster:" + Parse(line).group_resource, line});
  }
  request.problem_count += check.would_fail;
  if (check.would_fail > 0) request.result = result::kFailed;
  request.cluster_check = std::move(check);
}

api::BackupVerificationSummary SummaryOf(const api::BackupVerification& request) {
  api::BackupVerificationSummary s;
  s.result = request.result;
  s.completion_timestamp = request.completion_timestamp;
  s.problem_count = request.problem_count;
  const size_t n =
      std::min(request.problems.size(), api::BackupVerificationSummary::kMaxRecordedProblems);
  s.problems.assign(request.problems.begin(), request.problems.begin() + n);
  s.message = request.message;
  return s;
}

api::BackupVerificationSummary VerifyNewBackup(const VerifyFn& verify, const std::string& backup,
                                               const CancelToken* cancel, const Clock& clock) {
  api::BackupVerification request;
  request.backup_name = backup;
  auto report =
      verify
          ? verify(backup, verify::VerifyOptions{}, cancel)
          : Result<verify::VerifyReport>(FailedPrecondition("this server cannot verify backups"));
  if (report.ok()) {
    ApplyReport(*report, request);
  } else {
    request.phase = phase::kFailed;
    request.message = "the verification could not run: " + report.status().ToString();
  }
  request.completion_timestamp = clock.Now();
  return SummaryOf(request);
}

}  // namespace ark::controller
