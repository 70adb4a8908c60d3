// BackupVerification (the request `ark backup verify` creates) and a Backup's
// status.verification: read, written back losslessly, fields of the wrong type named, and
// the request's validation.
#include "api/backup_verification.h"

#include <gtest/gtest.h>

#include "api/validation.h"

namespace ark::api {
namespace {

const char* kFinished = R"({
  "apiVersion": "ark.heptio.com/v1", "kind": "BackupVerification",
  "metadata": {"name": "nginx-backup-x7k2p", "namespace": "heptio-ark", "resourceVersion": "12"},
  "spec": {"backupName": "nginx-backup", "deep": true, "againstCluster": true},
  "status": {"phase": "Completed", "result": "Failed", "hasManifest": true,
             "checks": ["tarball: 4120 bytes, sha256 does not match"],
             "problems": [{"where": "contents", "what": "sha256 mismatch"},
                          {"where": "cluster:widgets.example.com", "what": "fail widgets.example.com ns/w1"}],
             "problemCount": 2, "entries": 12, "snapshotsChecked": 1,
             "clusterCheck": {"wouldCreate": 10, "wouldSkip": 1, "wouldFail": 1,
                              "failures": ["fail widgets.example.com ns/w1"]},
             "startTimestamp": "2026-12-07T02:00:00Z", "completionTimestamp": "2026-12-07T02:00:05Z",
             "futureField": {"kept": true}}})";

TEST(BackupVerificationTest, ReadsEveryField) {
  auto v = BackupVerification::FromJson(Json::parse(kFinished));
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->metadata.name, "nginx-backup-x7k2p");
  EXPECT_EQ(v->backup_name, "nginx-backup");
  EXPECT_TRUE(v->deep);
  EXPECT_TRUE(v->against_cluster);
  EXPECT_EQ(v->phase, "Completed");
  EXPECT_EQ(v->result, "Failed");
  EXPECT_TRUE(v->has_manifest);
  ASSERT_EQ(v->problems.size(), 2u);
  EXPECT_EQ(v->problems[1].where, "cluster:widgets.example.com");
  EXPECT_EQ(v->problem_count, 2);
  EXPECT_EQ(v->entries, 12);
  EXPECT_EQ(v->snapshots_checked, 1);
  ASSERT_TRUE(v->cluster_check.has_value());
  EXPECT_EQ(v->cluster_check->would_create, 10);
  EXPECT_EQ(v->cluster_check->would_fail, 1);
  EXPECT_EQ(v->cluster_check->failures, std::vector<std::string>{"fail widgets.example.com ns/w1"});
  ASSERT_TRUE(v->completion_timestamp.has_value());
}

TEST(BackupVerificationTest, WritesBackWhatItReadIncludingUnknownFields) {
  const Json original = Json::parse(kFinished);
  auto v = BackupVerification::FromJson(original);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->ToJson(), original);
}

TEST(BackupVerificationTest, NewRequestHasOnlyWhatWasSet) {
  BackupVerification v;
  v.metadata.generate_name = "b1-";
  v.metadata.ns = "heptio-ark";
  v.backup_name = "b1";
  v.phase = "New";
  const Json j = v.ToJson();
  EXPECT_EQ(j["kind"], "BackupVerification");
  EXPECT_EQ(j["apiVersion"], "ark.heptio.com/v1");
  EXPECT_EQ(j["spec"], Json({{"backupName", "b1"}}));
  EXPECT_EQ(j["status"], Json({{"phase", "New"}}));
  EXPECT_FALSE(j["status"].contains("clusterCheck"));
}

TEST(BackupVerificationTest, CompletedRequestStatesItsZeroCounts) {
  BackupVerification v;
  v.backup_name = "b1";
  v.phase = "Completed";
  v.result = "Passed";
  const Json status = v.ToJson()["status"];
  EXPECT_EQ(status["problemCount"], 0);
  EXPECT_EQ(status["entries"], 0);
  EXPECT_EQ(status["snapshotsChecked"], 0);
  EXPECT_EQ(status["hasManifest"], false);
}

TEST(BackupVerificationTest, WrongTypesNameTheField) {
  struct Case {
    const char* json;
    const char* want;
  };
  const Case cases[] = {
      {R"({"kind":"BackupVerification","metadata":{"name":"v"},"spec":{"deep":"yes"}})",
       "spec.deep: expected true or false"},
      {R"({"kind":"BackupVerification","metadata":{"name":"v"},"status":{"problems":{}}})",
       "status.problems: expected a list"},
      {R"({"kind":"BackupVerification","metadata":{"name":"v"},"status":{"problems":[{"where":5}]}})",
       "status.problems[0].where"},
      {R"({"kind":"BackupVerification","metadata":{"name":"v"},"status":{"clusterCheck":{"wouldFail":"x"}}})",
       "status.clusterCheck.wouldFail"},
      {R"({"kind":"Backup","metadata":{"name":"v"}})", "expected a BackupVerification object"},
  };
  for (const Case& c : cases) {
    auto v = BackupVerification::FromJson(Json::parse(c.json));
    ASSERT_FALSE(v.ok()) << c.json;
    EXPECT_NE(v.status().message().find(c.want), std::string::npos) << c.json << "\n"
                                                                    << v.status().message();
  }
}

TEST(BackupVerificationTest, Validation) {
  struct Case {
    const char* backup_name;
    std::vector<std::string> want;
  };
  const std::string long_name(64, 'a');
  const Case cases[] = {
      {"nginx-backup", {}},
      {"", {"spec.backupName must be set: the name of the backup to verify"}},
      {"Bad_Name",
       {"spec.backupName: \"Bad_Name\" is not a valid name: use lowercase letters, "
        "digits, '-' and '.', starting and ending with a letter or digit"}},
  };
  for (const Case& c : cases) {
    BackupVerification v;
    v.backup_name = c.backup_name;
    EXPECT_EQ(ValidateBackupVerification(v), c.want) << c.backup_name;
  }
  BackupVerification too_long;
  too_long.backup_name = long_name;
  auto errors = ValidateBackupVerification(too_long);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("spec.backupName: "), std::string::npos) << errors[0];
}

TEST(BackupVerificationSummaryTest, RoundTripAndAtMostTwentyProblems) {
  BackupVerificationSummary s;
  s.result = "Failed";
  s.problem_count = 25;
  for (int i = 0; i < 25; ++i) s.problems.push_back({"contents:e" + std::to_string(i), "bad"});
  const Json j = s.ToJson();
  EXPECT_EQ(j["problems"].size(), 20u);
  EXPECT_EQ(j["problemCount"], 25);
  auto read = BackupVerificationSummary::FromBackupStatus(Json({{"verification", j}}));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_TRUE(read->has_value());
  EXPECT_EQ((*read)->result, "Failed");
  EXPECT_EQ((*read)->problems.size(), 20u);
  EXPECT_EQ((*read)->problems[19].where, "contents:e19");

  auto none = BackupVerificationSummary::FromBackupStatus(Json({{"phase", "Completed"}}));
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto wrong = BackupVerificationSummary::FromBackupStatus(Json({{"verification", 3}}));
  EXPECT_FALSE(wrong.ok());
}

TEST(BackupSpecVerifyTest, ReadAndWritten) {
  auto spec = BackupSpec::FromJson(Json({{"verify", true}}));
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->verify, std::optional<bool>(true));
  EXPECT_EQ(spec->ToJson()["verify"], true);
  auto bad = BackupSpec::FromJson(Json({{"verify", "yes"}}));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("spec.verify"), std::string::npos);
}

}  // namespace
}  // namespace ark::api
