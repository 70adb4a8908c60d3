// Schedules, expiry, migration to a second cluster, a server killed mid-backup, a store that
// refuses writes, and no server at all.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

using nlohmann::json;

ArkEnvOptions StoreAt(const std::string& path, bool restore_only) {
  ArkEnvOptions o;
  o.store_path = path;
  o.restore_only = restore_only;
  return o;
}

ArkEnvOptions NoServer() {
  ArkEnvOptions o;
  o.start_server = false;
  return o;
}

std::vector<std::string> BackupNames(ArkEnv& env, const std::string& selector = "") {
  std::vector<std::string> args = {"get", "backups.ark.heptio.com", "-n", "heptio-ark", "-o",
                                   "json"};
  if (!selector.empty()) {
    args.push_back("-l");
    args.push_back(selector);
  }
  auto r = env.Kubectl(args);
  std::vector<std::string> names;
  json list = json::parse(r.out, nullptr, false);
  if (!list.is_object()) return names;
  for (const auto& item : list["items"]) names.push_back(item["metadata"]["name"]);
  return names;
}

TEST(LifecycleTest, ScheduleCreatesLabelledBackups) {
  auto env = ArkEnv::Start();
  ASSERT_NE(env, nullptr);
  auto r = env->Ark({"schedule", "create", "every2s", "--schedule", "@every 2s",
                     "--include-namespaces", "default"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Schedule \"every2s\" created successfully."), std::string::npos);
  // The first backup runs at once, the next two seconds later.
  ASSERT_TRUE(PollUntil([&] { return BackupNames(*env, "ark-schedule=every2s").size() >= 2; },
                        std::chrono::seconds(30)))
      << env->server().Stdout();
  for (const auto& name : BackupNames(*env, "ark-schedule=every2s")) {
    EXPECT_EQ(name.rfind("every2s-", 0), 0u) << name;
    EXPECT_EQ(name.size(), std::string("every2s-").size() + 14) << name;  // YYYYMMDDhhmmss
  }
  EXPECT_EQ(env->Phase("schedules", "every2s"), "Enabled");
  auto get = env->Ark({"schedule", "get"});
  EXPECT_NE(get.out.find("@every 2s"), std::string::npos) << get.out;
  auto unconfirmed = env->Ark({"schedule", "delete", "every2s"});  // no answer on stdin
  EXPECT_EQ(unconfirmed.exit_code, 1);
  EXPECT_NE(unconfirmed.err.find("cancelled: no schedule deleted"), std::string::npos)
      << unconfirmed.err;
  EXPECT_EQ(env->Phase("schedules", "every2s"), "Enabled");
  auto deleted = env->Ark({"schedule", "delete", "every2s", "--confirm"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_NE(deleted.out.find("Schedule \"every2s\" deleted"), std::string::npos) << deleted.out;

  auto bad =
      env->Kubectl({"apply", "-f", "-"}, R"({"apiVersion":"ark.heptio.com/v1","kind":"Schedule",
    "metadata":{"name":"broken","namespace":"heptio-ark"},"spec":{"schedule":"not cron","template":{}}})");
  ASSERT_EQ(bad.exit_code, 0) << bad.err;
  ASSERT_TRUE(PollUntil([&] { return env->Phase("schedules", "broken") == "FailedValidation"; }));
}

TEST(LifecycleTest, ExpiredBackupsAreDeletedEverywhere) {
  auto env = ArkEnv::Start();
  ASSERT_NE(env, nullptr);
  auto r = env->Ark({"backup", "create", "short-lived", "--include-namespaces", "default", "--ttl",
                     "3s", "--wait"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto keep = env->Ark({"backup", "create", "kept", "--include-namespaces", "default", "--wait"});
  ASSERT_EQ(keep.exit_code, 0) << keep.out << keep.err;
  const std::string dir = env->store_path() + "/ark/short-lived";
  struct stat st;
  ASSERT_EQ(stat(dir.c_str(), &st), 0);
  ASSERT_TRUE(PollUntil([&] { return env->Phase("backups", "short-lived").empty(); },
                        std::chrono::seconds(30)))
      << env->server().Stdout();
  EXPECT_TRUE(PollUntil([&] { return stat((dir + "/ark-backup.json").c_str(), &st) != 0; }));
  EXPECT_EQ(stat((dir + "/short-lived.tar.gz").c_str(), &st), -1);
  EXPECT_EQ(env->Phase("backups", "kept"), "Completed");
}

TEST(LifecycleTest, AnotherClusterSyncsAndRestoresInRestoreOnlyMode) {
  TempDir store;
  auto source = ArkEnv::Start(StoreAt(store.path(), false));
  ASSERT_NE(source, nullptr);
  ASSERT_EQ(source->Kubectl({"apply", "-f", SourcePath("examples/nginx-app/base.yaml")}).exit_code,
            0);
  auto b = source->Ark({"backup", "create", "migrate", "--selector", "app=nginx", "--wait"});
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;

  auto target = ArkEnv::Start(StoreAt(store.path(), true));
  ASSERT_NE(target, nullptr);
  ASSERT_TRUE(PollUntil([&] { return target->Phase("backups", "migrate") == "Completed"; },
                        std::chrono::seconds(30)))
      << target->server().Stdout();
  // Restore-only: a new backup there is never processed.
  auto refused = target->Ark({"backup", "create", "nope", "--wait", "--server-timeout", "3"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("was not picked up"), std::string::npos) << refused.err;

  auto r = target->Ark({"restore", "create", "migrate", "--wait"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err << target->server().Stdout();
  json service = target->Get("services", "my-nginx", "nginx-example");
  ASSERT_TRUE(service.is_object());
  EXPECT_EQ(service["metadata"]["labels"]["app"], "nginx");
}

TEST(LifecycleTest, KilledServerLeavesAFailedBackupAndNothingListed) {
  // A server held to 2 requests a second spends tens of seconds on one backup (a LIST per
  // resource type), so the kill lands while it runs, on kubesim and on a real cluster alike.
  ArkEnvOptions options;
  options.server_args = {"--client-qps", "2", "--client-burst", "1"};
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);
  json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", json::array()}};
  for (int i = 0; i < 100; ++i) {
    list["items"].push_back(
        {{"apiVersion", "v1"},
         {"kind", "ConfigMap"},
         {"metadata", {{"name", "cm-" + std::to_string(i)}, {"namespace", "default"}}},
         {"data", {{"payload", std::string(512, 'x')}}}});
  }
  auto applied = env->Kubectl({"create", "-f", "-"}, list.dump());
  ASSERT_EQ(applied.exit_code, 0) << applied.err;

  const std::string name = "killed";
  ASSERT_EQ(env->Ark({"backup", "create", name, "--include-namespaces", "default"}).exit_code, 0);
  ASSERT_TRUE(PollUntil([&] { return env->Phase("backups", name) == "InProgress"; }))
      << env->Phase("backups", name);
  env->server().Stop(SIGKILL);
  ASSERT_EQ(env->Phase("backups", name), "InProgress") << "the backup ended before the kill";
  env->StartServer();
  ASSERT_TRUE(PollUntil([&] { return env->Phase("backups", name) == "Failed"; }));
  json backup = env->Get("backups.ark.heptio.com", name, "heptio-ark");
  EXPECT_NE(backup["status"].value("failureReason", "").find("InProgress"), std::string::npos)
      << backup.dump();
  struct stat st;
  EXPECT_NE(stat((env->store_path() + "/ark/" + name + "/ark-backup.json").c_str(), &st), 0)
      << "a killed backup has metadata in the store";
  auto get = env->Ark({"backup", "get", name});
  EXPECT_NE(get.out.find("Failed"), std::string::npos) << get.out;
}

TEST(LifecycleTest, AStoreThatRefusesWritesFailsTheBackup) {
  auto env = ArkEnv::Start();
  ASSERT_NE(env, nullptr);
  // A file where the backup's directory would go: every write of that backup fails.
  ark::testing::Run({"mkdir", "-p", env->store_path() + "/ark"});
  WriteFile(env->store_path() + "/ark/blocked", "not a directory");
  auto r = env->Ark({"backup", "create", "blocked", "--include-namespaces", "default", "--wait"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("Backup completed with status: Failed."), std::string::npos) << r.out;
  json backup = env->Get("backups.ark.heptio.com", "blocked", "heptio-ark");
  EXPECT_NE(backup["status"].value("failureReason", "").find("uploading backup"), std::string::npos)
      << backup.dump();
  // Other backups still work.
  EXPECT_EQ(
      env->Ark({"backup", "create", "fine", "--include-namespaces", "default", "--wait"}).exit_code,
      0);
}

TEST(LifecycleTest, NoServerRunningIsReported) {
  auto env = ArkEnv::Start(NoServer());
  ASSERT_NE(env, nullptr);
  auto r = env->Ark({"backup", "create", "lonely", "--wait", "--server-timeout", "2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("is `ark server` running"), std::string::npos) << r.err;
  auto logs = env->Ark({"backup", "logs", "lonely", "--timeout", "2"});
  EXPECT_EQ(logs.exit_code, 1);
  EXPECT_NE(logs.err.find("is `ark server` running"), std::string::npos) << logs.err;
}

}  // namespace
}  // namespace ark::testing
