#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "api/object_meta.h"
#include "util/result.h"

namespace ark::api {

// status.phase of a BackupVerification.
namespace verification_phase {
inline constexpr std::string_view kNew = "New";
inline constexpr std::string_view kInProgress = "InProgress";
inline constexpr std::string_view kCompleted = "Completed";  // the check ran: see result
inline constexpr std::string_view kFailed = "Failed";        // the check could not run: see message
}  // namespace verification_phase

// status.result of a completed verification (and of a Backup's status.verification).
namespace verification_result {
inline constexpr std::string_view kPassed = "Passed";
inline constexpr std::string_view kFailed = "Failed";
}  // namespace verification_result

// One thing wrong with the stored backup: `where` is "contents", "contents:<entry path>",
// "log", "manifest", "snapshot:<id>" or "cluster:<group-resource>".
struct VerificationProblem {
  std::string where;
  std::string what;
};

// What a restore's dry run against the current cluster would do with the backup.
struct ClusterCheck {
  int64_t would_create = 0;
  int64_t would_skip = 0;  // already exist, or deliberately not restored
  int64_t would_fail = 0;
  std::vector<std::string> failures;  // one line per object that would fail, with why
};

// Asks the server to verify a stored backup (spec.backupName): its files against its
// manifest, its snapshots at their provider (spec.deep also parses every object), and with
// spec.againstCluster what a restore into the current cluster would do. The server writes
// status; finished requests are deleted after a while.
struct BackupVerification {
  ObjectMeta metadata;
  std::string backup_name;       // spec.backupName
  bool deep = false;             // spec.deep
  bool against_cluster = false;  // spec.againstCluster

  std::string phase;   // status.phase, see verification_phase
  std::string result;  // status.result, see verification_result ("" until Completed)
  bool has_manifest = false;
  std::vector<std::string> checks;
  std::vector<VerificationProblem> problems;
  int64_t problem_count = 0;
  int64_t entries = 0;
  int64_t snapshots_checked = 0;
  std::optional<ClusterCheck> cluster_check;  // only with againstCluster
  std::string message;                        // why the check could not run (phase Failed)
  std::optional<Clock::TimePoint> start_timestamp;
  std::optional<Clock::TimePoint> completion_timestamp;
  Json raw;

  static Result<BackupVerification> FromJson(const Json& j);
  Json ToJson() const;
};

// A Backup's status.verification, written when the backup asked for it (spec.verify): the
// outcome, when it was known, and the first kMaxRecordedProblems problems.
struct BackupVerificationSummary {
  static constexpr size_t kMaxRecordedProblems = 20;

  std::string result;  // verification_result, or "" when the check could not run
  std::optional<Clock::TimePoint> completion_timestamp;
  int64_t problem_count = 0;
  std::vector<VerificationProblem> problems;
  std::string message;  // why the check could not run
  Json raw;

  // `status` is the Backup's status object (or null); nullopt when it has no verification.
  static Result<std::optional<BackupVerificationSummary>> FromBackupStatus(const Json& status);
  Json ToJson() const;
};

}  // namespace ark::api
