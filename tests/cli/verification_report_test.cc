// What `ark backup verify` prints for a finished request and what `ark backup describe` shows
// of a Backup's status.verification.
#include "cli/verification_report.h"

#include <gtest/gtest.h>

#include <sstream>

namespace ark::cli {
namespace {

using nlohmann::json;

api::BackupVerification Finished() {
  api::BackupVerification v;
  v.metadata.name = "b1-x7k2p";
  v.backup_name = "b1";
  v.phase = "Completed";
  v.result = "Failed";
  v.has_manifest = true;
  v.entries = 4;
  v.snapshots_checked = 1;
  v.checks = {"tarball: 1,278 bytes, sha256 differs from the manifest"};
  v.problems = {{"contents", "sha256 differs from the manifest"},
                {"snapshot:snap-1", "does not exist at aws"},
                {"contents", "resources/pods: 1 objects, manifest says 2"}};
  v.problem_count = 5;
  return v;
}

TEST(VerificationReportTest, ProblemsGroupedByPlaceWithTheRestCounted) {
  std::ostringstream out;
  PrintVerification(out, Finished());
  EXPECT_EQ(out.str(),
            "Backup \"b1\": verification Failed (5 problems)\n"
            "Request:   b1-x7k2p\n"
            "Manifest:  yes\n"
            "Entries:   4\n"
            "Snapshots checked:  1\n"
            "Checks:\n"
            "  tarball: 1,278 bytes, sha256 differs from the manifest\n"
            "Problems:\n"
            "  contents:\n"
            "    sha256 differs from the manifest\n"
            "    resources/pods: 1 objects, manifest says 2\n"
            "  snapshot:snap-1:\n"
            "    does not exist at aws\n"
            "  ... and 2 more (5 in all)\n");
}

TEST(VerificationReportTest, ClusterCheckAndNoManifest) {
  api::BackupVerification v = Finished();
  v.result = "Passed";
  v.has_manifest = false;
  v.problems.clear();
  v.problem_count = 0;
  v.against_cluster = true;
  v.cluster_check = api::ClusterCheck{3, 2, 0, {}};
  std::ostringstream out;
  PrintVerification(out, v);
  EXPECT_NE(out.str().find("verification Passed (0 problems)\n"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("Request:   b1-x7k2p (against the cluster)\n"), std::string::npos);
  EXPECT_NE(
      out.str().find("Manifest:  no (a backup written without one: checked structurally only)\n"),
      std::string::npos);
  EXPECT_NE(out.str().find("Problems:  <none>\n"), std::string::npos);
  EXPECT_NE(out.str().find("Restore into this cluster (dry run):  would create 3, skip 2 (already "
                           "there or not restored), fail 0\n"),
            std::string::npos)
      << out.str();
}

TEST(VerificationReportTest, CouldNotRun) {
  api::BackupVerification v;
  v.metadata.name = "ghost-abcde";
  v.backup_name = "ghost";
  v.phase = "Failed";
  v.message = "backup \"ghost\" not found in object storage";
  std::ostringstream out;
  PrintVerification(out, v);
  EXPECT_EQ(out.str(),
            "Backup \"ghost\": verification could not run\n"
            "Reason:  backup \"ghost\" not found in object storage\n"
            "Request:   ghost-abcde\n");
}

TEST(VerificationReportTest, DescribeShowsTheBackupsVerification) {
  std::ostringstream none;
  DescribeVerification(none, json{{"phase", "Completed"}});
  EXPECT_EQ(none.str(), "");

  std::ostringstream failed;
  DescribeVerification(failed,
                       json{{"verification",
                             {{"result", "Failed"},
                              {"problemCount", 1},
                              {"problems", {{{"where", "log"}, {"what", "sha256 differs"}}}}}}});
  EXPECT_EQ(failed.str(), "Verification:  Failed\n  Problems:\n    log:\n      sha256 differs\n\n");

  std::ostringstream not_run;
  DescribeVerification(not_run, json{{"verification", {{"message", "the store is unreachable"}}}});
  EXPECT_EQ(not_run.str(), "Verification:  could not run\n  the store is unreachable\n\n");
}

}  // namespace
}  // namespace ark::cli
