// Logs, downloads, validation failures, dry runs and bad input, end to end.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

using nlohmann::json;

class OperationsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = ArkEnv::Start().release();
    ASSERT_NE(env_, nullptr);
    auto app = env_->Kubectl({"apply", "-f", SourcePath("examples/nginx-app/base.yaml")});
    ASSERT_EQ(app.exit_code, 0) << app.err;
    auto b = env_->Ark(
        {"backup", "create", "ops-backup", "--include-namespaces", "nginx-example", "--wait"});
    ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  }
  static void TearDownTestSuite() {
    delete env_;
    env_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(env_, nullptr); }

  static ArkEnv* env_;
};
ArkEnv* OperationsTest::env_ = nullptr;

TEST_F(OperationsTest, BackupLogsComeThroughADownloadRequest) {
  auto logs = env_->Ark({"backup", "logs", "ops-backup"});
  ASSERT_EQ(logs.exit_code, 0) << logs.err;
  EXPECT_NE(logs.out.find("level=info"), std::string::npos) << logs.out;
  EXPECT_NE(logs.out.find("backup=heptio-ark/ops-backup"), std::string::npos) << logs.out;
  // The CLI deletes its request after use.
  auto left =
      env_->Kubectl({"get", "downloadrequests.ark.heptio.com", "-n", "heptio-ark", "-o", "name"});
  EXPECT_EQ(left.out, "");
}

// A DownloadRequest written by hand names its target freely: a name that would walk out of
// the backup's folder is answered with why, never with a URL.
TEST_F(OperationsTest, ADownloadRequestForAnInvalidNameGetsNoUrl) {
  const json request = {
      {"apiVersion", "ark.heptio.com/v1"},
      {"kind", "DownloadRequest"},
      {"metadata", {{"name", "walk-out"}, {"namespace", "heptio-ark"}}},
      {"spec", {{"target", {{"kind", "BackupContents"}, {"name", "x/../ops-backup"}}}}}};
  auto applied = env_->Kubectl({"create", "-f", "-"}, request.dump());
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  json status;
  ASSERT_TRUE(PollUntil([&] {
    json got = env_->Get("downloadrequests.ark.heptio.com", "walk-out", "heptio-ark");
    status = got.is_object() ? got.value("status", json::object()) : json::object();
    return status.value("phase", "") == "Processed";
  })) << status.dump();
  EXPECT_EQ(status.value("downloadURL", ""), "") << status.dump();
  EXPECT_NE(status.value("error", "")
                .find("spec.target.name: \"x/../ops-backup\" is not a valid "
                      "name"),
            std::string::npos)
      << status.dump();
  env_->Kubectl({"delete", "downloadrequests.ark.heptio.com", "walk-out", "-n", "heptio-ark"});
}

// A log of a line per item spans many gzip members (the server compresses it in pieces as
// it is written); `ark backup logs` prints every one of them.
TEST_F(OperationsTest, LongBackupLogsArePrintedWhole) {
  constexpr int kConfigMaps = 2500;
  json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", json::array()}};
  for (int i = 0; i < kConfigMaps; ++i) {
    list["items"].push_back(
        {{"apiVersion", "v1"},
         {"kind", "ConfigMap"},
         {"metadata", {{"name", "log-cm-" + std::to_string(i)}, {"namespace", "many"}}},
         {"data", {{"k", "v"}}}});
  }
  ASSERT_EQ(env_->Kubectl({"create", "namespace", "many"}).exit_code, 0);
  auto created = env_->Kubectl({"create", "-f", "-"}, list.dump());
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto b = env_->Ark({"backup", "create", "many-backup", "--include-namespaces", "many", "--wait"});
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  auto logs = env_->Ark({"backup", "logs", "many-backup"});
  ASSERT_EQ(logs.exit_code, 0) << logs.err;
  EXPECT_GT(logs.out.size(), 300u << 10) << "the log should span more than one 256 KiB member";
  int items = 0;
  for (size_t at = logs.out.find("msg=\"Backing up item\""); at != std::string::npos;
       at = logs.out.find("msg=\"Backing up item\"", at + 1)) {
    ++items;
  }
  EXPECT_GE(items, kConfigMaps);
  EXPECT_NE(logs.out.find("name=log-cm-" + std::to_string(kConfigMaps - 1) + "\n"),
            std::string::npos);
  EXPECT_NE(logs.out.find("msg=\"Backup completed"), std::string::npos)
      << "the last lines are missing";
  EXPECT_EQ(env_->Kubectl({"delete", "namespace", "many", "--wait=false"}).exit_code, 0);
}

// A pod's exec hook annotation runs through the server's exec client (kubesim runs the
// argv on its host) and its output lands in the backup log.
TEST_F(OperationsTest, PodHookAnnotationsRunAndAreLogged) {
  json pod = json::parse(R"({"apiVersion":"v1","kind":"Pod",
      "metadata":{"name":"hooked","namespace":"hooks","annotations":{
        "hook.backup.ark.heptio.com/command":"[\"sh\",\"-c\",\"echo frozen\"]",
        "hook.backup.ark.heptio.com/on-error":"Fail"}},
      "spec":{"containers":[{"name":"app","image":"nginx:1.7.9"}]}})");
  ASSERT_EQ(env_->Kubectl({"create", "namespace", "hooks"}).exit_code, 0);
  auto created = env_->Kubectl({"create", "-f", "-"}, pod.dump());
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto b =
      env_->Ark({"backup", "create", "hooked-backup", "--include-namespaces", "hooks", "--wait"});
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  EXPECT_EQ(env_->Phase("backups", "hooked-backup"), "Completed");
  auto logs = env_->Ark({"backup", "logs", "hooked-backup"});
  ASSERT_EQ(logs.exit_code, 0) << logs.err;
  EXPECT_NE(logs.out.find("msg=\"running exec hook\""), std::string::npos) << logs.out;
  EXPECT_NE(logs.out.find("container=app"), std::string::npos) << logs.out;
  EXPECT_NE(logs.out.find("exitCode=0"), std::string::npos) << logs.out;
  EXPECT_NE(logs.out.find("stdout=\"frozen\\n\""), std::string::npos) << logs.out;

  // A failing hook with onError=Fail keeps the pod out and fails the item.
  auto failing = env_->Kubectl({"annotate", "pod", "hooked", "-n", "hooks", "--overwrite",
                                "hook.backup.ark.heptio.com/command=false"});
  ASSERT_EQ(failing.exit_code, 0) << failing.err;
  auto f = env_->Ark({"backup", "create", "hook-fails", "--include-namespaces", "hooks", "--wait"});
  EXPECT_EQ(env_->Phase("backups", "hook-fails"), "PartiallyFailed") << f.out << f.err;
  EXPECT_EQ(env_->Kubectl({"delete", "namespace", "hooks", "--wait=false"}).exit_code, 0);
}

TEST_F(OperationsTest, BackupDownloadWritesTheTarball) {
  TempDir dir;
  std::string path = dir.File("b.tar.gz");
  auto dl = env_->Ark({"backup", "download", "ops-backup", "-o", path});
  ASSERT_EQ(dl.exit_code, 0) << dl.err;
  EXPECT_NE(dl.out.find("successfully downloaded to " + path), std::string::npos) << dl.out;
  auto listing = ark::testing::Run({"tar", "-tzf", path});
  ASSERT_EQ(listing.exit_code, 0) << listing.err;
  EXPECT_NE(
      listing.out.find("resources/deployments.apps/namespaces/nginx-example/nginx-deployment.json"),
      std::string::npos)
      << listing.out;
  EXPECT_NE(listing.out.find("resources/namespaces/cluster/nginx-example.json"), std::string::npos);
  // Without --force an existing file is kept.
  auto again = env_->Ark({"backup", "download", "ops-backup", "-o", path});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
  EXPECT_EQ(env_->Ark({"backup", "download", "ops-backup", "-o", path, "--force"}).exit_code, 0);
}

TEST_F(OperationsTest, RestoreLogsAndDescribe) {
  auto r = env_->Ark({"restore", "create", "ops-restore", "--from-backup", "ops-backup", "--wait"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto logs = env_->Ark({"restore", "logs", "ops-restore"});
  ASSERT_EQ(logs.exit_code, 0) << logs.err;
  EXPECT_NE(logs.out.find("restore=heptio-ark/ops-restore"), std::string::npos) << logs.out;
  auto describe = env_->Ark({"restore", "describe", "ops-restore"});
  ASSERT_EQ(describe.exit_code, 0) << describe.err;
  EXPECT_NE(describe.out.find("Backup:  ops-backup"), std::string::npos) << describe.out;
  EXPECT_NE(describe.out.find("Phase:  Completed"), std::string::npos) << describe.out;
  // Everything existed already: the restore says so in its warnings, not errors.
  EXPECT_NE(describe.out.find("Errors:    0"), std::string::npos) << describe.out;
}

TEST_F(OperationsTest, DryRunPrintsThePlanAndChangesNothing) {
  auto del = env_->Kubectl({"delete", "namespace", "nginx-example", "--wait=false"});
  ASSERT_EQ(del.exit_code, 0);
  ASSERT_TRUE(PollUntil([&] {
    return env_->Kubectl({"get", "ns", "nginx-example"}).exit_code != 0;
  }));
  auto plan = env_->Ark({"restore", "create", "ops-backup", "--dry-run"});
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("create deployments.apps nginx-example/nginx-deployment"),
            std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("create services nginx-example/my-nginx"), std::string::npos) << plan.out;
  // The contents were staged in a temp file, and it is gone.
  const char* tmpdir = std::getenv("TMPDIR");
  for (const auto& entry :
       std::filesystem::directory_iterator(tmpdir && *tmpdir ? tmpdir : "/tmp")) {
    EXPECT_NE(entry.path().filename().string().rfind("ark-BackupContents-ops-backup-", 0), 0u)
        << entry.path() << " left behind";
  }
  EXPECT_NE(env_->Kubectl({"get", "ns", "nginx-example"}).exit_code, 0)
      << "dry run created objects";
  auto restores =
      env_->Kubectl({"get", "restores.ark.heptio.com", "-n", "heptio-ark", "-o", "name"});
  EXPECT_EQ(restores.out.find("ops-backup-"), std::string::npos) << "dry run submitted a Restore";
  // Put the application back for the other tests.
  ASSERT_EQ(env_->Ark({"restore", "create", "ops-backup", "--wait"}).exit_code, 0);
}

struct InvalidBackupCase {
  const char* name;
  std::vector<std::string> flags;
  const char* error;
};

TEST_F(OperationsTest, InvalidBackupsEndFailedValidation) {
  const InvalidBackupCase cases[] = {
      {"bad-star", {"--include-namespaces", "*,default"}, "must either contain '*' only"},
      {"bad-exclude-star", {"--exclude-resources", "*"}, "cannot contain '*'"},
      {"bad-both",
       {"--include-namespaces", "a", "--exclude-namespaces", "a"},
       "excludes list cannot contain an item in the includes list: a"},
      {"bad-snapshots", {"--snapshot-volumes"}, "not configured for PV snapshots"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"backup", "create", c.name, "--wait"};
    args.insert(args.end(), c.flags.begin(), c.flags.end());
    auto r = env_->Ark(args);
    EXPECT_EQ(r.exit_code, 1) << c.name << r.out << r.err;
    EXPECT_NE(r.out.find("Backup completed with status: FailedValidation"), std::string::npos)
        << c.name << r.out;
    auto describe = env_->Ark({"backup", "describe", c.name});
    EXPECT_NE(describe.out.find(c.error), std::string::npos) << c.name << describe.out;
  }
}

TEST_F(OperationsTest, RestoreOfAMissingBackupIsAClearError) {
  auto r = env_->Ark({"restore", "create", "no-such-backup"});
  EXPECT_EQ(r.exit_code, 1);
  // Both places a restorable backup can be were searched, and the message says so.
  EXPECT_NE(r.err.find("backup \"no-such-backup\" not found: searched the Backups in namespace "
                       "\"heptio-ark\" and, through the server, object storage"),
            std::string::npos)
      << r.err;
  auto logs = env_->Ark({"backup", "logs", "no-such-backup"});
  EXPECT_EQ(logs.exit_code, 1);
  EXPECT_NE(logs.err.find("not found"), std::string::npos) << logs.err;
}

struct BadFlagCase {
  std::vector<std::string> args;
  const char* message;
};

TEST_F(OperationsTest, BadFlagsAreUsageErrors) {
  const BadFlagCase cases[] = {
      {{"backup", "create"}, "NAME is required"},
      {{"backup", "create", "x", "--ttl", "3 days"}, "invalid --ttl"},
      {{"backup", "create", "x", "--selector", "a in (b"}, "--selector"},
      {{"backup", "get", "-o", "xml"}, "invalid output format \"xml\""},
      {{"schedule", "create", "s", "--schedule", "61 * * * *"}, "invalid --schedule"},
      {{"backup", "frobnicate"}, "A subcommand is required"},
      {{"restore", "create", "a", "--namespace-mappings", "nocolon"},
       "invalid --namespace-mappings"},
  };
  for (const auto& c : cases) {
    auto r = env_->Ark(c.args);
    EXPECT_NE(r.exit_code, 0) << c.args[1];
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.message << "\n" << r.err;
  }
}

TEST_F(OperationsTest, OutputFormats) {
  auto j = env_->Ark({"backup", "get", "ops-backup", "-o", "json"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  json parsed = json::parse(j.out, nullptr, false);
  ASSERT_TRUE(parsed.is_object()) << j.out;
  EXPECT_EQ(parsed["metadata"]["name"], "ops-backup");
  auto y = env_->Ark({"backup", "get", "ops-backup", "-o", "yaml"});
  ASSERT_EQ(y.exit_code, 0) << y.err;
  EXPECT_NE(y.out.find("kind: Backup"), std::string::npos) << y.out;
  EXPECT_NE(y.out.find("phase: Completed"), std::string::npos) << y.out;
  auto printed = env_->Ark({"create", "backup", "not-submitted", "-o", "json"});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_EQ(json::parse(printed.out)["spec"]["ttl"], "720h0m0s");
  EXPECT_EQ(env_->Phase("backups", "not-submitted"), "");
  // Nulls print as kubectl prints them, `null`, not YAML's `~`.
  auto restore_yaml = env_->Ark({"restore", "create", "--from-backup", "ops-backup", "-o", "yaml"});
  ASSERT_EQ(restore_yaml.exit_code, 0) << restore_yaml.err;
  EXPECT_NE(restore_yaml.out.find("restorePVs: null"), std::string::npos) << restore_yaml.out;
  EXPECT_EQ(restore_yaml.out.find(": ~"), std::string::npos) << restore_yaml.out;
  auto labels = env_->Ark({"get", "backups", "--show-labels"});
  EXPECT_NE(labels.out.find("LABELS"), std::string::npos) << labels.out;
}

TEST_F(OperationsTest, MetricsCountBackups) {
  std::string line =
      env_->server().WaitForOutput("Metrics server listening", std::chrono::seconds(1));
  auto at = line.find("address=");
  ASSERT_NE(at, std::string::npos) << line;
  std::string address = line.substr(at + 8);
  address = address.substr(0, address.find_first_of(" \n"));
  auto metrics = ark::testing::Run({"curl", "-sf", "http://" + address + "/metrics"});
  ASSERT_EQ(metrics.exit_code, 0) << metrics.err;
  EXPECT_NE(metrics.out.find("ark_backup_attempt_total{schedule=\"\"}"), std::string::npos)
      << metrics.out;
  EXPECT_NE(metrics.out.find("ark_backup_success_total{schedule=\"\"}"), std::string::npos);
  EXPECT_NE(metrics.out.find("ark_restore_attempt_total"), std::string::npos);
  auto health = ark::testing::Run({"curl", "-sf", "http://" + address + "/healthz"});
  EXPECT_EQ(health.exit_code, 0);
  EXPECT_EQ(health.out, "ok\n");
}

TEST_F(OperationsTest, VersionAndCompletion) {
  auto v = env_->Ark({"version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find("Version: "), std::string::npos);
  EXPECT_NE(v.out.find("Git commit: "), std::string::npos);
  auto c = env_->Ark({"completion", "bash"});
  EXPECT_EQ(c.exit_code, 0);
  EXPECT_NE(c.out.find("complete -F _ark_completion ark"), std::string::npos);
}

}  // namespace
}  // namespace ark::testing
