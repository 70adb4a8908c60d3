#include "cli/verification_report.h"

#include <map>
#include <vector>

#include "cli/output.h"
#include "util/time_format.h"

namespace ark::cli {
namespace {

namespace result = api::verification_result;

std::string Plural(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Problems grouped by place, places in first-seen order so the tarball comes before its
// entries as the verifier reports them.
void ProblemsByPlace(std::ostream& out, const std::vector<api::VerificationProblem>& problems,
                     int64_t total, const std::string& indent) {
  if (problems.empty() && total == 0) {
    out << indent << "Problems:  <none>\n";
    return;
  }
  out << indent << "Problems:\n";
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::string>> by_place;
  for (const auto& p : problems) {
    if (by_place.find(p.where) == by_place.end()) order.push_back(p.where);
    by_place[p.where].push_back(p.what);
  }
  for (const auto& where : order) {
    out << indent << "  " << (where.empty() ? "<backup>" : where) << ":\n";
    for (const auto& what : by_place[where]) out << indent << "    " << what << "\n";
  }
  const int64_t shown = static_cast<int64_t>(problems.size());
  if (total > shown) {
    out << indent << "  ... and " << (total - shown) << " more (" << total << " in all)\n";
  }
}

}  // namespace

void PrintVerification(std::ostream& out, const api::BackupVerification& v) {
  out << "Backup \"" << v.backup_name << "\": ";
  if (v.phase != api::verification_phase::kCompleted) {
    out << "verification could not run\n";
    if (!v.message.empty()) out << "Reason:  " << v.message << "\n";
  } else {
    out << "verification " << v.result << " (" << Plural(v.problem_count, "problem", "problems")
        << ")\n";
  }
  out << "Request:   " << v.metadata.name << (v.deep ? " (deep)" : "")
      << (v.against_cluster ? " (against the cluster)" : "") << "\n";
  if (v.phase != api::verification_phase::kCompleted && v.checks.empty()) return;
  out << "Manifest:  "
      << (v.has_manifest ? "yes" : "no (a backup written without one: checked structurally only)")
      << "\n";
  out << "Entries:   " << v.entries << "\n";
  out << "Snapshots checked:  " << v.snapshots_checked << "\n";
  if (!v.checks.empty()) {
    out << "Checks:\n";
    for (const auto& c : v.checks) out << "  " << c << "\n";
  }
  ProblemsByPlace(out, v.problems, v.problem_count, "");
  if (v.cluster_check) {
    const api::ClusterCheck& c = *v.cluster_check;
    out << "Restore into this cluster (dry run):  would create " << c.would_create << ", skip "
        << c.would_skip << " (already there or not restored), fail " << c.would_fail << "\n";
    for (const auto& f : c.failures) out << "  " << f << "\n";
  }
}

void DescribeVerification(std::ostream& out, const nlohmann::json& backup_status) {
  auto summary = api::BackupVerificationSummary::FromBackupStatus(backup_status);
  if (!summary.ok()) {
    out << "Verification:  <unreadable: " << summary.status().message() << ">\n\n";
    return;
  }
  if (!*summary) return;
  const api::BackupVerificationSummary& s = **summary;
  const std::string when =
      s.completion_timestamp ? HumanTimestamp(FormatRfc3339(*s.completion_timestamp)) : "";
  if (s.result.empty()) {
    out << "Verification:  could not run" << (when.empty() ? "" : " (" + when + ")") << "\n";
    if (!s.message.empty()) out << "  " << s.message << "\n";
    out << "\n";
    return;
  }
  out << "Verification:  " << s.result << (when.empty() ? "" : " (" + when + ")") << "\n";
  if (s.result != result::kPassed || s.problem_count > 0) {
    ProblemsByPlace(out, s.problems, s.problem_count, "  ");
  }
  out << "\n";
}

}  // namespace ark::cli
