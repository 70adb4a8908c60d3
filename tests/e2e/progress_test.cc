// What an operator sees while a backup or restore runs: `--wait` prints the progress the
// server records (a total that is right long before the end), then the outcome; synced
// backups keep their start time.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <ctime>
#include <fstream>
#include <regex>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

using nlohmann::json;

constexpr int kBulkConfigMaps = 1000;
constexpr int kFewConfigMaps = 60;

struct Progress {
  int64_t done = 0;
  int64_t total = 0;
};

// Every "Progress: done/total items" line of `out`, in order.
std::vector<Progress> ProgressLines(const std::string& out) {
  static const std::regex line(R"(Progress: (\d+)/(\d+) items)");
  std::vector<Progress> found;
  for (std::sregex_iterator it(out.begin(), out.end(), line), end; it != end; ++it) {
    found.push_back({std::stoll((*it)[1]), std::stoll((*it)[2])});
  }
  return found;
}

// The wall clock as "2026-12-07T00:23:50Z".
std::string NowRfc3339() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

json ConfigMaps(const std::string& ns, int n) {
  json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", json::array()}};
  list["items"].push_back(
      {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}});
  for (int i = 0; i < n; ++i) {
    list["items"].push_back({{"apiVersion", "v1"},
                             {"kind", "ConfigMap"},
                             {"metadata", {{"name", "cm-" + std::to_string(i)}, {"namespace", ns}}},
                             {"data", {{"k", "v"}}}});
  }
  return list;
}

class ProgressTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    release_ = new TempDir();
    ArkEnvOptions options;
    // Held to 25 requests a second, a restore of kFewConfigMaps objects takes over 2 s, so
    // the progress written each second is seen before it ends.
    options.server_args = {"--client-qps", "25", "--client-burst", "5"};
    env_ = ArkEnv::Start(options).release();
    ASSERT_NE(env_, nullptr);
    json bulk = ConfigMaps("bulk", kBulkConfigMaps);
    // Its backup hook holds the backup InProgress until the test creates `release`.
    bulk["items"].push_back(json::parse(R"({"apiVersion":"v1","kind":"Pod",
        "metadata":{"name":"held","namespace":"bulk","annotations":{
          "hook.backup.ark.heptio.com/command":"",
          "hook.backup.ark.heptio.com/timeout":"2m"}},
        "spec":{"containers":[{"name":"app","image":"nginx:1.7.9"}]}})"));
    // At most 2 minutes, so a test that fails before the release leaves nothing running.
    const std::string wait = "for i in $(seq 2400); do [ -e " + release_->path() +
                             "/release ] && exit 0; sleep 0.05; done; exit 1";
    bulk["items"].back()["metadata"]["annotations"]["hook.backup.ark.heptio.com/command"] =
        json::array({"sh", "-c", wait}).dump();
    auto created = env_->Kubectl({"create", "-f", "-"}, bulk.dump());
    ASSERT_EQ(created.exit_code, 0) << created.err;
    created = env_->Kubectl({"create", "-f", "-"}, ConfigMaps("few", kFewConfigMaps).dump());
    ASSERT_EQ(created.exit_code, 0) << created.err;
  }
  static void TearDownTestSuite() {
    delete env_;
    env_ = nullptr;
    delete release_;
    release_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(env_, nullptr); }

  std::unique_ptr<BackgroundProcess> StartArk(std::vector<std::string> args) {
    args.insert(args.begin(), {ArkBinary(), "--kubeconfig", env_->kubeconfig()});
    return BackgroundProcess::Start(args);
  }

  static ArkEnv* env_;
  static TempDir* release_;
};
ArkEnv* ProgressTest::env_ = nullptr;
TempDir* ProgressTest::release_ = nullptr;

TEST_F(ProgressTest, BackupWaitShowsATrueTotalBeforeTheEnd) {
  auto ark = StartArk({"backup", "create", "bulk", "--include-namespaces", "bulk", "--wait"});
  // While the hook holds the backup, its lists end and the total is known.
  std::vector<Progress> before_end;
  ASSERT_TRUE(PollUntil([&] {
    before_end = ProgressLines(ark->Stdout());
    return !before_end.empty() && before_end.back().total >= kBulkConfigMaps;
  })) << ark->Stdout()
      << env_->server().Stdout();
  EXPECT_EQ(env_->Phase("backups", "bulk"), "InProgress");
  const Progress held = before_end.back();
  EXPECT_LT(held.done, held.total) << "the held pod is not written yet";
  std::ofstream(release_->path() + "/release") << "go\n";

  ASSERT_NE(
      ark->WaitForOutput("Backup completed with status: Completed", std::chrono::seconds(120)), "")
      << ark->Stdout() << ark->Stderr();
  const json backup = env_->Get("backups.ark.heptio.com", "bulk", "heptio-ark");
  const int64_t final_total = backup["status"]["progress"]["totalItems"];
  EXPECT_EQ(backup["status"]["progress"]["itemsBackedUp"], final_total);
  EXPECT_GE(final_total, kBulkConfigMaps + 2);  // the configmaps, the pod, the namespace
  // Within 3% of the final count before the end, not the items seen so far.
  EXPECT_GE(held.total * 100, final_total * 97) << ark->Stdout();
  EXPECT_LE(held.total * 100, final_total * 103) << ark->Stdout();
  EXPECT_NE(ark->Stdout().find("`ark backup describe bulk`"), std::string::npos) << ark->Stdout();
  auto get = env_->Ark({"backup", "get", "bulk"});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_NE(get.out.find("ITEMS"), std::string::npos) << get.out;
  const std::string counts = std::to_string(final_total) + "/" + std::to_string(final_total);
  EXPECT_NE(get.out.find("Completed   " + counts), std::string::npos) << get.out;
}

TEST_F(ProgressTest, RestoreWaitShowsProgressAndAnExistingObjectRestoreCountsEveryItem) {
  auto b = env_->Ark({"backup", "create", "few", "--include-namespaces", "few", "--wait"});
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  const json backup = env_->Get("backups.ark.heptio.com", "few", "heptio-ark");
  const int64_t items = backup["status"]["progress"]["totalItems"];
  EXPECT_GE(items, kFewConfigMaps + 1);  // and the namespace, and what the cluster adds

  auto r = env_->Ark({"restore", "create", "few-copy", "--from-backup", "few",
                      "--namespace-mappings", "few:few-copy", "--wait"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::vector<Progress> lines = ProgressLines(r.out);
  ASSERT_FALSE(lines.empty()) << r.out;
  EXPECT_LT(lines.front().done, lines.front().total) << r.out;
  for (const Progress& p : lines) EXPECT_EQ(p.total, items) << r.out;
  EXPECT_NE(r.out.find("Restore completed with status: Completed"), std::string::npos) << r.out;
  EXPECT_LT(r.out.find("Progress: "), r.out.find("Restore completed with status")) << r.out;

  // Everything is there already: every item is handled, none created.
  auto again = env_->Ark({"restore", "create", "few-again", "--from-backup", "few",
                          "--namespace-mappings", "few:few-copy", "--wait"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  const json restore = env_->Get("restores.ark.heptio.com", "few-again", "heptio-ark");
  EXPECT_EQ(restore["status"]["progress"]["totalItems"], items) << restore.dump();
  EXPECT_EQ(restore["status"]["progress"]["itemsRestored"], items) << restore.dump();
  const std::string counts = std::to_string(items) + "/" + std::to_string(items);
  EXPECT_NE(again.out.find("Progress: " + counts), std::string::npos) << again.out;
  auto get = env_->Ark({"restore", "get", "few-again"});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_NE(get.out.find(" " + counts + " "), std::string::npos) << get.out;
}

TEST_F(ProgressTest, ASyncedBackupKeepsItsStartTime) {
  auto b = env_->Ark({"backup", "create", "synced", "--include-namespaces", "few", "--wait"});
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  const json original = env_->Get("backups.ark.heptio.com", "synced", "heptio-ark");
  const std::string started = original["status"]["startTimestamp"];
  // The sync happens in a later second than the start, so the two times tell apart.
  ASSERT_TRUE(PollUntil([&] { return NowRfc3339() > started; }));
  // Removed from the cluster only: the server syncs it back from the store.
  ASSERT_EQ(
      env_->Kubectl({"delete", "backups.ark.heptio.com", "synced", "-n", "heptio-ark"}).exit_code,
      0);
  json synced;
  ASSERT_TRUE(PollUntil([&] {
    synced = env_->Get("backups.ark.heptio.com", "synced", "heptio-ark");
    return synced.is_object() && synced["metadata"]["uid"] != original["metadata"]["uid"];
  })) << env_->server().Stdout();
  EXPECT_EQ(synced["status"]["startTimestamp"], started);
  EXPECT_EQ(synced["status"]["phase"], "Completed");
  // Started is "2026-12-07T00:23:50Z"; get and describe print "2026-12-07 00:23:50 +0000 UTC".
  std::string shown = started.substr(0, 10) + " " + started.substr(11, 8);
  auto get = env_->Ark({"backup", "get", "synced"});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_NE(get.out.find(shown), std::string::npos) << get.out;
  const std::string recreated = synced["metadata"]["creationTimestamp"];
  ASSERT_NE(recreated, started);
  std::string sync_time = recreated.substr(0, 10) + " " + recreated.substr(11, 8);
  EXPECT_EQ(get.out.find(sync_time), std::string::npos) << get.out;
  auto describe = env_->Ark({"backup", "describe", "synced"});
  ASSERT_EQ(describe.exit_code, 0) << describe.err;
  EXPECT_NE(describe.out.find(shown), std::string::npos) << describe.out;
}

}  // namespace
}  // namespace ark::testing
