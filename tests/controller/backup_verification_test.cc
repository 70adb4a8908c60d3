// The backup verification controller: its decisions as pure functions (what to do with a
// request, how a report and a restore dry run become its status), then the controller against
// kubesim and the local store with a fake verifier and a fake restore runner, and the metric.
#include <gtest/gtest.h>

#include <thread>

#include "api/resources.h"
#include "cloud/local/local_object_store.h"
#include "controller/backup_verification_controller.h"
#include "kubesim_client.h"
#include "support/kubesim.h"
#include "util/fake_clock.h"
#include "util/time_format.h"

namespace ark::controller {
namespace {

using ark::testing::TempDir;
using nlohmann::json;

// Polls `condition` (observable state: what the informer holds) for up to 4 s.
bool WaitUntil(const std::function<bool()>& condition) {
  for (int i = 0; i < 200; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

api::BackupVerification Request(const std::string& phase,
                                std::optional<Clock::TimePoint> completed = std::nullopt) {
  api::BackupVerification v;
  v.backup_name = "b1";
  v.phase = phase;
  v.completion_timestamp = completed;
  return v;
}

TEST(VerificationDecisionTest, NextStep) {
  const Clock::TimePoint now(std::chrono::seconds(1'800'000'000));
  const auto hour = std::chrono::hours(1);
  struct Case {
    const char* name;
    api::BackupVerification request;
    VerificationStep want;
  };
  const Case cases[] = {
      {"no phase", Request(""), VerificationStep::kRun},
      {"new", Request("New"), VerificationStep::kRun},
      {"left in progress by a stopped server", Request("InProgress"), VerificationStep::kRun},
      {"completed just now", Request("Completed", now), VerificationStep::kWait},
      {"failed 59 minutes ago", Request("Failed", now - std::chrono::minutes(59)),
       VerificationStep::kWait},
      {"completed an hour ago", Request("Completed", now - hour), VerificationStep::kDelete},
      {"failed without a completion time", Request("Failed"), VerificationStep::kDelete},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NextStep(c.request, now, std::chrono::hours(1)), c.want) << c.name;
  }
}

TEST(VerificationDecisionTest, ReportBecomesStatusWithAtMostAHundredProblems) {
  verify::VerifyReport report;
  report.has_manifest = true;
  report.checks = {"tarball: 100 bytes, sha256 matches"};
  report.entries = 7;
  report.snapshots_checked = 2;
  api::BackupVerification v = Request("InProgress");
  ApplyReport(report, v);
  EXPECT_EQ(v.phase, "Completed");
  EXPECT_EQ(v.result, "Passed");
  EXPECT_TRUE(v.has_manifest);
  EXPECT_EQ(v.entries, 7);
  EXPECT_EQ(v.snapshots_checked, 2);
  EXPECT_EQ(v.problem_count, 0);

  for (int i = 0; i < 150; ++i)
    report.problems.push_back({"contents:e" + std::to_string(i), "bad"});
  ApplyReport(report, v);
  EXPECT_EQ(v.result, "Failed");
  EXPECT_EQ(v.problem_count, 150);
  EXPECT_EQ(v.problems.size(), kMaxRequestProblems);
  EXPECT_EQ(v.problems[0].where, "contents:e0");
}

TEST(VerificationDecisionTest, DryRunPlanSummary) {
  const std::vector<std::string> plan = {
      "create namespaces shop",
      "create configmaps shop/settings",
      "update deployments.apps shop/web (exists and differs; would be patched)",
      "unchanged services shop/web (already exists and is identical)",
      "conflict secrets shop/token (exists and differs from the backed-up version)",
      "skip events shop/e1 (events are not restored)",
      "skip widgets.example.com shop/w1 (the cluster does not serve resource "
      "\"widgets.example.com\" at any version)",
      "fail persistentvolumes pv-1 (the snapshot is gone)",
  };
  api::ClusterCheck c = SummarizeDryRun(plan);
  EXPECT_EQ(c.would_create, 3);
  EXPECT_EQ(c.would_skip, 3);
  EXPECT_EQ(c.would_fail, 2);
  EXPECT_EQ(c.failures, (std::vector<std::string>{plan[6], plan[7]}));

  api::BackupVerification v = Request("InProgress");
  ApplyReport(verify::VerifyReport{}, v);
  ApplyClusterCheck(c, v);
  EXPECT_EQ(v.result, "Failed") << "a restore that would fail fails the verification";
  EXPECT_EQ(v.problem_count, 2);
  ASSERT_EQ(v.problems.size(), 2u);
  EXPECT_EQ(v.problems[0].where, "cluster:widgets.example.com");
  EXPECT_EQ(v.problems[1].where, "cluster:persistentvolumes");

  api::BackupVerification clean = Request("InProgress");
  ApplyReport(verify::VerifyReport{}, clean);
  ApplyClusterCheck(SummarizeDryRun({plan[0], plan[3]}), clean);
  EXPECT_EQ(clean.result, "Passed");
  ASSERT_TRUE(clean.cluster_check.has_value());
  EXPECT_EQ(clean.cluster_check->would_fail, 0);
}

TEST(VerificationDecisionTest, NewBackupSummary) {
  FakeClock clock;
  verify::VerifyReport bad;
  for (int i = 0; i < 30; ++i) bad.problems.push_back({"contents:e" + std::to_string(i), "bad"});
  api::BackupVerificationSummary s = VerifyNewBackup(
      [&](const std::string& backup, const verify::VerifyOptions& o, const CancelToken*) {
        EXPECT_EQ(backup, "b1");
        EXPECT_FALSE(o.deep);
        return Result<verify::VerifyReport>(bad);
      },
      "b1", nullptr, clock);
  EXPECT_EQ(s.result, "Failed");
  EXPECT_EQ(s.problem_count, 30);
  EXPECT_EQ(s.problems.size(), 20u);
  EXPECT_EQ(s.completion_timestamp, clock.Now());

  api::BackupVerificationSummary unreachable = VerifyNewBackup(
      [](const std::string&, const verify::VerifyOptions&, const CancelToken*) {
        return Result<verify::VerifyReport>(Unavailable("bucket unreachable"));
      },
      "b1", nullptr, clock);
  EXPECT_EQ(unreachable.result, "");
  EXPECT_NE(unreachable.message.find("bucket unreachable"), std::string::npos);
}

TEST(VerificationMetricsTest, CountedByResult) {
  Metrics m;
  m.BackupVerification(true);
  m.BackupVerification(true);
  m.BackupVerification(false);
  const std::string page = m.Render();
  EXPECT_NE(page.find("ark_backup_verification_total{result=\"passed\"} 2\n"), std::string::npos)
      << page;
  EXPECT_NE(page.find("ark_backup_verification_total{result=\"failed\"} 1\n"), std::string::npos)
      << page;
}

// A restore runner whose dry run returns a fixed plan.
class PlanRunner : public RestoreRunner {
 public:
  std::vector<std::string> plan;
  bool dry_run_seen = false;
  Result<RestoreOutcome> Run(const json&, const json&, ByteSource&, const Logger&, bool dry_run,
                             const CancelToken*, const ProgressFn&) override {
    dry_run_seen = dry_run;
    RestoreOutcome out;
    out.plan = plan;
    return out;
  }
};

class VerificationControllerTest : public KubesimStoreTest {
 protected:
  void SetUp() override {
    KubesimStoreTest::SetUp();
    if (HasFatalFailure()) return;
    informer_ =
        std::make_unique<Informer>(*client_, api::BackupVerificationsGvr(), "heptio-ark", log_);
    informer_->Start();
  }

  void StoreBackup(const std::string& name) {
    StringSource metadata(json({{"apiVersion", "ark.heptio.com/v1"},
                                {"kind", "Backup"},
                                {"metadata", {{"name", name}, {"namespace", "heptio-ark"}}},
                                {"status", {{"phase", "Completed"}}}})
                              .dump());
    ASSERT_TRUE(objects_->PutObject("ark", name + "/ark-backup.json", metadata, -1).ok());
    StringSource contents("tarball");
    ASSERT_TRUE(objects_->PutObject("ark", name + "/" + name + ".tar.gz", contents, -1).ok());
  }

  // Creates the request and waits until the informer has it; returns its key.
  std::string Create(const std::string& name, const std::string& backup, bool against_cluster) {
    api::BackupVerification v;
    v.metadata.name = name;
    v.metadata.ns = "heptio-ark";
    v.backup_name = backup;
    v.against_cluster = against_cluster;
    EXPECT_TRUE(client_->Create(api::BackupVerificationsGvr(), "heptio-ark", v.ToJson()).ok());
    const std::string key = "heptio-ark/" + name;
    EXPECT_TRUE(WaitUntil([&] { return informer_->Get(key).has_value(); }));
    return key;
  }

  api::BackupVerification Read(const std::string& name) {
    auto got = client_->Get(api::BackupVerificationsGvr(), "heptio-ark", name);
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    auto v = api::BackupVerification::FromJson(got.ok() ? *got : json::object());
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : api::BackupVerification{};
  }

  BackupVerificationController Controller(VerifyFn verify) {
    return BackupVerificationController({.client = *client_,
                                         .requests = *informer_,
                                         .store = *store_,
                                         .verify = std::move(verify),
                                         .restore = &runner_,
                                         .metrics = metrics_,
                                         .clock = clock_,
                                         .log = log_,
                                         .temp_dir = work_.path(),
                                         .cancel = nullptr,
                                         .keep_for = std::chrono::hours(1)});
  }

  DiscardSink sink_;
  Logger log_{sink_, LogLevel::kInfo};
  FakeClock clock_;
  TempDir work_;
  std::unique_ptr<Informer> informer_;
  PlanRunner runner_;
  Metrics metrics_;
};

TEST_F(VerificationControllerTest, CompletedWithTheReportThenDeletedAfterAnHour) {
  StoreBackup("b1");
  const std::string key = Create("v1", "b1", /*against_cluster=*/false);
  int calls = 0;
  auto ctl =
      Controller([&](const std::string& backup, const verify::VerifyOptions&, const CancelToken*) {
        ++calls;
        EXPECT_EQ(backup, "b1");
        verify::VerifyReport r;
        r.has_manifest = true;
        r.entries = 3;
        r.checks = {"tarball: sha256 matches"};
        return Result<verify::VerifyReport>(r);
      });
  ASSERT_TRUE(ctl.Sync(key).ok());
  api::BackupVerification v = Read("v1");
  EXPECT_EQ(v.phase, "Completed");
  EXPECT_EQ(v.result, "Passed");
  EXPECT_EQ(v.entries, 3);
  EXPECT_EQ(v.checks, std::vector<std::string>{"tarball: sha256 matches"});
  EXPECT_TRUE(v.start_timestamp.has_value());
  EXPECT_TRUE(v.completion_timestamp.has_value());
  EXPECT_FALSE(v.cluster_check.has_value());
  EXPECT_EQ(calls, 1);
  EXPECT_NE(metrics_.Render().find("ark_backup_verification_total{result=\"passed\"} 1"),
            std::string::npos);

  // Once the informer sees the finished request, it is kept for an hour, then deleted.
  ASSERT_TRUE(
      WaitUntil([&] { return api::Phase(informer_->Get(key).value_or(json())) == "Completed"; }));
  ASSERT_TRUE(ctl.Sync(key).ok());
  EXPECT_TRUE(client_->Get(api::BackupVerificationsGvr(), "heptio-ark", "v1").ok());
  clock_.Advance(std::chrono::minutes(61));
  ASSERT_TRUE(ctl.Sync(key).ok());
  EXPECT_EQ(client_->Get(api::BackupVerificationsGvr(), "heptio-ark", "v1").status().code(),
            Code::kNotFound);
  EXPECT_EQ(calls, 1);
}

TEST_F(VerificationControllerTest, MissingBackupIsAFailedRequestWithAMessage) {
  const std::string key = Create("v2", "ghost", false);
  bool called = false;
  auto ctl = Controller([&](const std::string&, const verify::VerifyOptions&, const CancelToken*) {
    called = true;
    return Result<verify::VerifyReport>(verify::VerifyReport{});
  });
  ASSERT_TRUE(ctl.Sync(key).ok());
  api::BackupVerification v = Read("v2");
  EXPECT_EQ(v.phase, "Failed");
  EXPECT_EQ(v.result, "");
  EXPECT_EQ(v.message, "backup \"ghost\" not found in object storage");
  EXPECT_FALSE(called);
}

TEST_F(VerificationControllerTest, UnreadableRequestIsAnsweredThenDeletedAfterAnHour) {
  json bad = {{"apiVersion", "ark.heptio.com/v1"},
              {"kind", "BackupVerification"},
              {"metadata", {{"name", "v4"}, {"namespace", "heptio-ark"}}},
              {"spec", {{"backupName", "b1"}, {"deep", "yes"}}}};
  ASSERT_TRUE(client_->Create(api::BackupVerificationsGvr(), "heptio-ark", bad).ok());
  const std::string key = "heptio-ark/v4";
  ASSERT_TRUE(WaitUntil([&] { return informer_->Get(key).has_value(); }));
  auto ctl = Controller(nullptr);
  ASSERT_TRUE(ctl.Sync(key).ok());
  auto got = client_->Get(api::BackupVerificationsGvr(), "heptio-ark", "v4");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ((*got)["status"]["phase"], "Failed");
  EXPECT_NE((*got)["status"]["message"].get<std::string>().find("spec.deep"), std::string::npos)
      << got->dump();
  // The answer replaces the status whole: what failed, and when.
  EXPECT_EQ((*got)["status"].size(), 3u) << got->dump();
  EXPECT_EQ((*got)["status"]["completionTimestamp"], FormatRfc3339(clock_.Now()));

  ASSERT_TRUE(
      WaitUntil([&] { return api::Phase(informer_->Get(key).value_or(json())) == "Failed"; }));
  ASSERT_TRUE(ctl.Sync(key).ok());
  EXPECT_TRUE(client_->Get(api::BackupVerificationsGvr(), "heptio-ark", "v4").ok());
  clock_.Advance(std::chrono::minutes(61));
  ASSERT_TRUE(ctl.Sync(key).ok());
  EXPECT_EQ(client_->Get(api::BackupVerificationsGvr(), "heptio-ark", "v4").status().code(),
            Code::kNotFound);
}

TEST_F(VerificationControllerTest, AgainstClusterAddsTheDryRunsFailures) {
  StoreBackup("b3");
  runner_.plan = {"create namespaces shop",
                  "skip widgets.example.com shop/w1 (the cluster does not serve resource "
                  "\"widgets.example.com\" at any version)"};
  const std::string key = Create("v3", "b3", /*against_cluster=*/true);
  auto ctl = Controller([](const std::string&, const verify::VerifyOptions&, const CancelToken*) {
    return Result<verify::VerifyReport>(verify::VerifyReport{});
  });
  ASSERT_TRUE(ctl.Sync(key).ok());
  EXPECT_TRUE(runner_.dry_run_seen);
  api::BackupVerification v = Read("v3");
  EXPECT_EQ(v.phase, "Completed");
  EXPECT_EQ(v.result, "Failed");
  ASSERT_TRUE(v.cluster_check.has_value());
  EXPECT_EQ(v.cluster_check->would_create, 1);
  EXPECT_EQ(v.cluster_check->would_fail, 1);
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].where, "cluster:widgets.example.com");
  EXPECT_NE(metrics_.Render().find("ark_backup_verification_total{result=\"failed\"} 1"),
            std::string::npos);
}

}  // namespace
}  // namespace ark::controller
