// SIGTERM to `ark server`: idle, it exits at once; busy, it takes no new work, cancels the
// backup or restore it cannot finish, marks it Failed with the reason, removes its temp files
// and exits within 10 s (what Kubernetes waits before SIGKILL). And the memory of a restore of
// large objects is bounded by --restore-bytes-in-flight, not by their sum.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "kube/dynamic_client.h"
#include "kube/rest_config.h"
#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using std::chrono::steady_clock;

// A server that sends at most 8 requests a second: a backup lists some 40 resources per
// namespace and a restore creates one object per request, so a backup of a few namespaces or
// a restore of a few hundred objects runs for many seconds, long enough to be caught
// InProgress; once cancelled, each of its workers waits for at most one more request.
const std::vector<std::string> kSlowClient = {"--client-qps", "8", "--client-burst", "1"};

// Sends SIGTERM and returns how long the process took to exit, and its exit status.
std::pair<std::chrono::milliseconds, int> Terminate(BackgroundProcess& server) {
  const steady_clock::time_point start = steady_clock::now();
  const int status = server.Stop(SIGTERM);
  return {std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - start),
          status};
}

// Regular files below `dir` other than lock files (the server's folder keeps none).
std::vector<std::string> FilesLeft(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && it->path().filename() != ".lock") {
      files.push_back(fs::relative(it->path(), dir).string());
    }
  }
  return files;
}

std::string FailureReason(ArkEnv& env, const std::string& kind, const std::string& name) {
  json o = env.Get(kind + ".ark.heptio.com", name, "heptio-ark");
  return o.is_object() ? o.value("status", json::object()).value("failureReason", "") : "";
}

void CreateConfigMaps(ArkEnv& env, const std::string& ns, int count, size_t payload) {
  ASSERT_EQ(env.Kubectl({"create", "namespace", ns}).exit_code, 0);
  json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", json::array()}};
  for (int i = 0; i < count; ++i) {
    list["items"].push_back({{"apiVersion", "v1"},
                             {"kind", "ConfigMap"},
                             {"metadata", {{"name", "cm-" + std::to_string(i)}, {"namespace", ns}}},
                             {"data", {{"payload", std::string(payload, 'x')}}}});
  }
  auto created = env.Kubectl({"create", "-f", "-"}, list.dump());
  ASSERT_EQ(created.exit_code, 0) << created.err;
}

int ConfigMapsIn(ArkEnv& env, const std::string& ns) {
  auto r = env.Kubectl({"get", "configmaps", "-n", ns, "-o", "name"});
  int n = 0;
  for (size_t at = r.out.find("configmap/cm-"); at != std::string::npos;
       at = r.out.find("configmap/cm-", at + 1)) {
    ++n;
  }
  return n;
}

TEST(ShutdownTest, AnIdleServerExitsAtOnce) {
  auto env = ArkEnv::Start();
  ASSERT_NE(env, nullptr);
  auto [took, status] = Terminate(env->server());
  EXPECT_EQ(status, 0) << env->server().Stdout();
  // The contract is "under a second"; the informers and controllers stop together.
  EXPECT_LT(took.count(), 1000) << env->server().Stdout();
  EXPECT_NE(env->server().Stdout().find("Server stopped"), std::string::npos);
}

TEST(ShutdownTest, ABusyBackupIsFailedAndTheServerExitsWithinTenSeconds) {
  TempDir temp;
  ArkEnvOptions options;
  // One backup at a time: the second one waits in the queue.
  options.server_args = {"--temp-dir", temp.path(), "--backup-workers", "1"};
  options.server_args.insert(options.server_args.end(), kSlowClient.begin(), kSlowClient.end());
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);
  std::string namespaces = "default";
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(env->Kubectl({"create", "namespace", "ns-" + std::to_string(i)}).exit_code, 0);
    namespaces += ",ns-" + std::to_string(i);
  }
  ASSERT_EQ(env->Ark({"backup", "create", "busy", "--include-namespaces", namespaces}).exit_code,
            0);
  ASSERT_TRUE(PollUntil([&] { return env->Phase("backups", "busy") == "InProgress"; }))
      << env->server().Stdout();
  ASSERT_EQ(env->Ark({"backup", "create", "queued", "--include-namespaces", "default"}).exit_code,
            0);

  auto [took, status] = Terminate(env->server());
  const std::string out = env->server().Stdout();
  EXPECT_EQ(status, 0) << out;
  EXPECT_LT(took.count(), 10000) << out;
  EXPECT_EQ(env->Phase("backups", "busy"), "Failed") << out;
  EXPECT_EQ(FailureReason(*env, "backups", "busy"),
            "the server was stopped before the backup finished");
  EXPECT_NE(out.find("Stopping: cancelling what is still running"), std::string::npos) << out;
  // Nothing of it in the store, no temp files; the backup queued behind it was not started.
  EXPECT_FALSE(fs::exists(env->store_path() + "/ark/busy/ark-backup.json"));
  EXPECT_TRUE(FilesLeft(env->store_path() + "/ark/busy").empty());
  EXPECT_EQ(FilesLeft(temp.path()), std::vector<std::string>{});
  const std::string queued = env->Phase("backups", "queued");
  EXPECT_TRUE(queued.empty() || queued == "New") << queued;

  // The next server leaves it Failed, and runs what was queued.
  env->StartServer();
  ASSERT_TRUE(PollUntil([&] { return env->Phase("backups", "queued") == "Completed"; }))
      << env->server().Stdout();
  EXPECT_EQ(env->Phase("backups", "busy"), "Failed");
}

TEST(ShutdownTest, ABusyRestoreIsFailedAndTheServerExitsWithinTenSeconds) {
  TempDir temp;
  ArkEnvOptions options;
  options.server_args = {"--temp-dir", temp.path()};
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);
  ASSERT_NO_FATAL_FAILURE(CreateConfigMaps(*env, "source", 300, 64));
  auto backup =
      env->Ark({"backup", "create", "source", "--include-namespaces", "source", "--wait"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;
  ASSERT_EQ(env->server().Stop(SIGTERM), 0);

  env->StartServer(kSlowClient);
  ASSERT_EQ(env->Ark({"restore", "create", "busy", "--from-backup", "source",
                      "--namespace-mappings", "source:target"})
                .exit_code,
            0);
  // Caught while it creates the objects, one request at a time.
  ASSERT_TRUE(PollUntil([&] {
    return env->Phase("restores", "busy") == "InProgress" && ConfigMapsIn(*env, "target") > 0;
  })) << env->server().Stdout();

  auto [took, status] = Terminate(env->server());
  const std::string out = env->server().Stdout();
  EXPECT_EQ(status, 0) << out;
  EXPECT_LT(took.count(), 10000) << out;
  EXPECT_EQ(env->Phase("restores", "busy"), "Failed") << out;
  EXPECT_EQ(FailureReason(*env, "restores", "busy"),
            "the server was stopped before the restore finished");
  EXPECT_LT(ConfigMapsIn(*env, "target"), 300);  // it did stop
  EXPECT_EQ(FilesLeft(temp.path()), std::vector<std::string>{});

  env->StartServer();
  ASSERT_TRUE(PollUntil(
      [&] { return env->server().Stdout().find("Server started") != std::string::npos; }));
  EXPECT_EQ(env->Phase("restores", "busy"), "Failed");
}

TEST(ShutdownTest, ARestoreOfLargeObjectsHoldsItsBytesInFlightNotTheirSum) {
  ArkEnvOptions options;
  // Freed memory goes back at once instead of waiting in the sanitizer's quarantine, so the
  // peak reflects what the server holds.
  const char* asan = std::getenv("ASAN_OPTIONS");
  options.env["ASAN_OPTIONS"] = std::string(asan ? asan : "") + (asan ? ":" : "") +
                                "quarantine_size_mb=1:thread_local_quarantine_size_kb=64";
  // Objects of 3 MiB: a real API server refuses them (etcd's 1.5 MiB limit).
  options.cluster = TestCluster::Start({.kubesim_only = true});
  ASSERT_NE(options.cluster, nullptr);
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);
  constexpr int kObjects = 40;
  constexpr size_t kPayload = 3 << 20;
  {
    // Through the API directly: kubectl takes minutes over objects this size.
    ASSERT_EQ(env->Kubectl({"create", "namespace", "big"}).exit_code, 0);
    kube::LoadOptions load;
    load.kubeconfig = env->kubeconfig();
    auto config = kube::LoadRestConfig(load);
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    auto client = kube::NewDynamicClient(*config);
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    for (int i = 0; i < kObjects; ++i) {
      json cm = {{"apiVersion", "v1"},
                 {"kind", "ConfigMap"},
                 {"metadata", {{"name", "cm-" + std::to_string(i)}, {"namespace", "big"}}},
                 {"data", {{"payload", std::string(kPayload, 'x')}}}};
      auto created = (*client)->Create({"", "v1", "configmaps"}, "big", cm);
      ASSERT_TRUE(created.ok()) << created.status().ToString();
    }
  }
  auto backup = env->Ark({"backup", "create", "big", "--include-namespaces", "big", "--wait"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;
  ASSERT_EQ(env->server().Stop(SIGTERM), 0);

  env->StartServer({"--restore-bytes-in-flight", "8Mi"});
  const int64_t before = PeakResidentBytes(env->server().pid());
  ASSERT_GT(before, 0);
  auto restore = env->Ark({"restore", "create", "big", "--from-backup", "big",
                           "--namespace-mappings", "big:big2", "--wait"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err;
  EXPECT_EQ(env->Phase("restores", "big"), "Completed");
  EXPECT_EQ(ConfigMapsIn(*env, "big2"), kObjects);
  const int64_t grew = PeakResidentBytes(env->server().pid()) - before;
  const int64_t sum = int64_t{kObjects} * kPayload;
  RecordProperty("peak_growth_bytes", std::to_string(grew));
  // Not their sum (160 MiB): a few objects' worth (each is parsed and sent as well as read).
  EXPECT_LT(grew, sum / 2) << "peak resident set grew by " << grew << " bytes\n"
                           << env->server().Stdout().substr(0, 4000);
  std::cout << "VmHWM grew by " << grew / (1 << 20) << " MiB restoring " << sum / (1 << 20)
            << " MiB\n";
}

}  // namespace
}  // namespace ark::testing
