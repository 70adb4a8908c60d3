// Strict validation end to end: the CLI's own flags, the Config's status and the warnings the
// CLI prints from it, and a hostile Backup applied with kubectl.
#include <gtest/gtest.h>

#include <sstream>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

using nlohmann::json;

json ConfigStatus(ArkEnv& env) {
  json config = env.Get("configs.ark.heptio.com", "default", "heptio-ark");
  return config.is_object() ? config.value("status", json()) : json();
}

// Waits until the server has judged the current generation of Config "default" `phase`.
bool WaitForConfigPhase(ArkEnv& env, const std::string& phase) {
  return PollUntil([&] {
    json config = env.Get("configs.ark.heptio.com", "default", "heptio-ark");
    if (!config.is_object()) return false;
    const json status = config.value("status", json::object());
    return status.value("phase", "") == phase && status.value("observedGeneration", json()) ==
                                                     config["metadata"].value("generation", json());
  });
}

// Config "default" with `restoreOnlyMode` replaced by `value` (JSON text).
RunResult SetRestoreOnlyMode(ArkEnv& env, const json& value) {
  json config = env.Get("configs.ark.heptio.com", "default", "heptio-ark");
  config["restoreOnlyMode"] = value;
  return env.Kubectl({"replace", "-f", "-"}, config.dump());
}

TEST(ValidationE2eTest, BadTtlAndScheduleFlagsAreUsageErrorsNamingTheFlag) {
  auto env = ArkEnv::Start({.start_server = false});
  ASSERT_NE(env, nullptr);
  auto ttl = env->Ark({"backup", "create", "b1", "--ttl", "-5h"});
  EXPECT_EQ(ttl.exit_code, 2) << ttl.err;
  EXPECT_NE(ttl.err.find("invalid --ttl \"-5h\": a backup's time to live must be positive, such "
                         "as 24h or 720h0m0s (0 means the default, 720h0m0s)"),
            std::string::npos)
      << ttl.err;
  auto schedule_ttl =
      env->Ark({"schedule", "create", "s1", "--schedule", "@daily", "--ttl", "-1s"});
  EXPECT_EQ(schedule_ttl.exit_code, 2) << schedule_ttl.err;
  EXPECT_NE(schedule_ttl.err.find("invalid --ttl \"-1s\""), std::string::npos) << schedule_ttl.err;
  for (const char* every : {"@every 0s", "@every -5m"}) {
    auto r = env->Ark({"schedule", "create", "s1", "--schedule", every});
    EXPECT_EQ(r.exit_code, 2) << every << r.err;
    EXPECT_NE(r.err.find("invalid --schedule: cron expression \"" + std::string(every) +
                         "\": the interval must be positive, e.g. @every 1h"),
              std::string::npos)
        << r.err;
  }
  // Nothing was created.
  EXPECT_EQ(env->Kubectl({"get", "backups.ark.heptio.com,schedules.ark.heptio.com", "-n",
                          "heptio-ark", "-o", "name"})
                .out,
            "");
}

TEST(ValidationE2eTest, TheConfigStatusShowsWhatTheServerMadeOfItAndTheCliWarns) {
  auto env = ArkEnv::Start();
  ASSERT_NE(env, nullptr);
  ASSERT_TRUE(WaitForConfigPhase(*env, "Valid")) << ConfigStatus(*env).dump();
  auto ok = env->Ark({"backup", "create", "before", "--include-namespaces", "default", "--wait"});
  ASSERT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_EQ(ok.err.find("Warning"), std::string::npos) << ok.err;

  // A string where a bool is wanted: Ark read it as false; here the Config is Invalid.
  auto replaced = SetRestoreOnlyMode(*env, "true");
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
  ASSERT_TRUE(WaitForConfigPhase(*env, "Invalid")) << ConfigStatus(*env).dump();
  const std::string why =
      "Config \"heptio-ark/default\": restoreOnlyMode: expected true or false, got string \"true\"";
  EXPECT_EQ(ConfigStatus(*env)["message"], why);

  const std::string warning = "Warning: the ark server found Config \"default\" invalid: " + why;
  auto backup = env->Ark({"backup", "create", "during"});
  EXPECT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_NE(backup.err.find(warning + ". This backup will not run until the Config is fixed."),
            std::string::npos)
      << backup.err;
  auto schedule = env->Ark({"schedule", "create", "nightly", "--schedule", "@daily"});
  EXPECT_EQ(schedule.exit_code, 0) << schedule.err;
  EXPECT_NE(schedule.err.find(warning + ". This schedule will not run until the Config is fixed."),
            std::string::npos)
      << schedule.err;
  auto restore = env->Ark({"restore", "create", "--from-backup", "before"});
  EXPECT_EQ(restore.exit_code, 0) << restore.err;
  EXPECT_NE(restore.err.find(warning + ". This restore will not run until the Config is fixed."),
            std::string::npos)
      << restore.err;
  // Created all the same, as kubectl would: they run once the Config is fixed.
  EXPECT_TRUE(env->Get("backups.ark.heptio.com", "during", "heptio-ark").is_object());
  EXPECT_TRUE(env->Get("schedules.ark.heptio.com", "nightly", "heptio-ark").is_object());

  // Fixed, in restore-only mode: restores run, backups and schedules are warned about.
  replaced = SetRestoreOnlyMode(*env, true);
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
  ASSERT_TRUE(WaitForConfigPhase(*env, "Valid")) << ConfigStatus(*env).dump();
  EXPECT_EQ(ConfigStatus(*env)["message"], "");
  auto restore_only = env->Ark({"backup", "create", "restore-only"});
  EXPECT_EQ(restore_only.exit_code, 0) << restore_only.err;
  EXPECT_NE(restore_only.err.find(
                "Warning: the ark server runs in restore-only mode (Config \"default\" has "
                "restoreOnlyMode: true): this backup will not run until restoreOnlyMode is false."),
            std::string::npos)
      << restore_only.err;
  auto restore2 = env->Ark({"restore", "create", "--from-backup", "before", "--wait"});
  EXPECT_EQ(restore2.exit_code, 0) << restore2.out << restore2.err;
  EXPECT_EQ(restore2.err.find("Warning"), std::string::npos) << restore2.err;
  EXPECT_EQ(env->Phase("backups", "restore-only"), "");  // not run in restore-only mode
}

TEST(ValidationE2eTest, ASyncPeriodBelowAMinuteIsRaisedToItAndTheStatusSaysSo) {
  auto env = ArkEnv::Start();
  ASSERT_NE(env, nullptr);
  ASSERT_TRUE(WaitForConfigPhase(*env, "Valid")) << ConfigStatus(*env).dump();
  // A Config written for Ark, which raised short periods to one minute: the controllers run.
  json config = env->Get("configs.ark.heptio.com", "default", "heptio-ark");
  config["backupSyncPeriod"] = "10s";
  config["gcSyncPeriod"] = "0s";
  auto replaced = env->Kubectl({"replace", "-f", "-"}, config.dump());
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
  ASSERT_TRUE(WaitForConfigPhase(*env, "Valid")) << ConfigStatus(*env).dump();
  EXPECT_EQ(ConfigStatus(*env)["message"],
            "backupSyncPeriod: \"10s\" is below the minimum of 1m0s; using 1m0s; gcSyncPeriod: "
            "\"0s\" is below the minimum of 1m0s; using 1m0s");
  auto backup =
      env->Ark({"backup", "create", "after", "--include-namespaces", "default", "--wait"});
  EXPECT_EQ(backup.exit_code, 0) << backup.out << backup.err;
  EXPECT_EQ(backup.err.find("Warning"), std::string::npos) << backup.err;
  EXPECT_EQ(env->Phase("backups", "after"), "Completed");
}

TEST(ValidationE2eTest, ABackupOfTwoHundredThousandNamespacesFailsValidationInBoundedMemory) {
  // ASan keeps up to 256 MiB of freed memory in quarantine, which would count as the
  // server's; a small quarantine measures what the server itself holds.
  ArkEnvOptions options;
  options.env = {{"ASAN_OPTIONS", "quarantine_size_mb=16"}};
  // A 4.4 MB object: a real API server refuses it (etcd's 1.5 MiB request limit, 256 KiB of
  // annotations for kubectl's last-applied copy), so the server never sees it there.
  options.cluster = TestCluster::Start({.kubesim_only = true});
  ASSERT_NE(options.cluster, nullptr);
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);
  // Written as text: building 200,000 JSON values to dump them would take longer than needed.
  std::string manifest =
      R"({"apiVersion":"ark.heptio.com/v1","kind":"Backup","metadata":{"name":"huge",)"
      R"("namespace":"heptio-ark"},"spec":{"includedNamespaces":[)";
  for (int i = 0; i < 200000; ++i) {
    if (i > 0) manifest += ',';
    manifest += "\"ns-" + std::to_string(i) + "\"";
  }
  manifest += "]}}";
  // The idle server's peak: in a sanitized debug build most of it is the binary and ASan's
  // shadow memory, which the bound below is not about.
  const long idle_kib = PeakResidentBytes(env->server().pid()) / 1024;
  ASSERT_GT(idle_kib, 0);
  auto applied = env->Kubectl({"apply", "-f", "-"}, manifest);
  ASSERT_EQ(applied.exit_code, 0) << applied.err.substr(0, 2000);
  // Every read of this 4.4 MB object (with kubectl's last-applied copy) is slow on a test API
  // server: wait for the server's verdict in its log first, then for the write to land.
  ASSERT_NE(env->server().WaitForOutput("Backup failed validation", std::chrono::seconds(120)), "")
      << env->server().Stdout();
  ASSERT_TRUE(PollUntil([&] { return env->Phase("backups", "huge") == "FailedValidation"; },
                        std::chrono::seconds(180)))
      << env->Phase("backups", "huge");
  json backup = env->Get("backups.ark.heptio.com", "huge", "heptio-ark");
  const json errors = backup["status"]["validationErrors"];
  ASSERT_EQ(errors.size(), 2u) << errors.dump();
  EXPECT_EQ(errors[0], "spec.includedNamespaces: 200000 entries: at most 1000 are allowed");
  EXPECT_EQ(errors[1], "spec: 2.2 MiB as JSON: at most 1 MiB is allowed");
  // Ark grew to 4.4 GB on this backup. The server holds a few copies of the object (its
  // informer's, the one being judged, the status update's), and nothing in proportion to
  // the namespaces it names.
  const long peak_kib = PeakResidentBytes(env->server().pid()) / 1024;
  EXPECT_LT(peak_kib - idle_kib, 256 * 1024)
      << "idle " << idle_kib / 1024 << " MiB, peak " << peak_kib / 1024 << " MiB";
}

}  // namespace
}  // namespace ark::testing
