// A server killed with SIGKILL in the middle of a backup and of a restore leaves its working
// folder (staged tarballs, logs, spools); the next server removes it, and partial uploads in
// the store older than an hour, so nothing is left behind.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <set>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::set<std::string> Entries(const std::string& dir) {
  std::set<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    names.insert(it->path().filename().string());
  }
  return names;
}

// Every ".ark-tmp-*" file below `root`, relative to it.
std::set<std::string> PartialUploads(const std::string& root) {
  std::set<std::string> found;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().starts_with(".ark-tmp-")) {
      found.insert(fs::relative(it->path(), root).string());
    }
  }
  return found;
}

void Backdate(const std::string& path, std::chrono::seconds age) {
  struct timespec times[2];
  ASSERT_EQ(::clock_gettime(CLOCK_REALTIME, &times[0]), 0);
  times[0].tv_sec -= age.count();
  times[1] = times[0];
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
}

// The names in ark-<uid> of the live server's folder (there must be exactly one).
std::string OnlyServerFolder(const std::string& base) {
  std::set<std::string> names = Entries(base);
  names.erase(".lock");
  return names.size() == 1 ? *names.begin() : "";
}

class LeftoversTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ArkEnvOptions options;
    options.server_args = {"--temp-dir", temp_.path()};
    env_ = ArkEnv::Start(options);
    ASSERT_NE(env_, nullptr);
    base_ = temp_.path() + "/ark-" + std::to_string(::geteuid());
    // Enough objects that a restore takes a while.
    json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", json::array()}};
    list["items"].push_back(
        {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "corpus"}}}});
    // A pod whose backup hook (run by kubesim as a real process) holds every backup that
    // includes pods InProgress for 30 s: long enough for the kill to land mid-backup.
    list["items"].push_back(json::parse(R"({"apiVersion":"v1","kind":"Pod",
        "metadata":{"name":"slow-hook","namespace":"corpus","annotations":{
          "hook.backup.ark.heptio.com/command":"[\"sleep\",\"30\"]",
          "hook.backup.ark.heptio.com/timeout":"1m"}},
        "spec":{"containers":[{"name":"app","image":"nginx:1.7.9"}]}})"));
    for (int i = 0; i < 3000; ++i) {
      list["items"].push_back(
          {{"apiVersion", "v1"},
           {"kind", "ConfigMap"},
           {"metadata", {{"name", "cm-" + std::to_string(i)}, {"namespace", "corpus"}}},
           {"data", {{"payload", std::string(512, 'x')}}}});
    }
    auto created = env_->Kubectl({"create", "-f", "-"}, list.dump());
    ASSERT_EQ(created.exit_code, 0) << created.err;
  }

  // Creates requests with `create` (given an attempt number, returning the request's name)
  // until one is killed with the server while InProgress; returns its name, "" when none was.
  // The dead server's folder must still be there after the kill.
  std::string KillWhileInProgress(const std::string& kind,
                                  const std::function<std::string(int)>& create) {
    seen_.clear();
    for (int attempt = 0; attempt < 5; ++attempt) {
      const std::string folder = OnlyServerFolder(base_);
      EXPECT_FALSE(folder.empty()) << "entries of " << base_ << ": " << Entries(base_).size();
      const std::string name = create(attempt);
      if (name.empty()) return "";
      std::string phase;
      PollUntil(
          [&] {
            phase = env_->Phase(kind, name);
            return !phase.empty() && phase != "New";
          },
          std::chrono::seconds(60));
      seen_ += " " + name + "=" + (phase.empty() ? "(none)" : phase);
      if (phase == "InProgress") {
        env_->server().Stop(SIGKILL);
        if (env_->Phase(kind, name) == "InProgress") {
          EXPECT_TRUE(fs::is_directory(base_ + "/" + folder))
              << "the killed server's folder is gone";
          return name;
        }
      }
      // Finished before the kill landed: try again with a new server.
      env_->server().Stop(SIGKILL);
      env_->StartServer();
    }
    return "";
  }

  // After a restart: the killed request ends Failed, the folder of the killed server is gone
  // and only the new server's folder remains, holding nothing but its lock.
  void ExpectRestartCleansUp(const std::string& kind, const std::string& name) {
    const std::string dead = OnlyServerFolder(base_);
    ASSERT_FALSE(dead.empty());
    env_->StartServer();
    const std::string removed = env_->server().WaitForOutput("Removed what stopped servers left");
    EXPECT_NE(removed.find("folders=1"), std::string::npos) << env_->server().Stdout();
    ASSERT_TRUE(PollUntil([&] { return env_->Phase(kind, name) == "Failed"; }))
        << env_->server().Stdout();
    EXPECT_EQ(Entries(temp_.path()), std::set<std::string>{"ark-" + std::to_string(::geteuid())});
    const std::string live = OnlyServerFolder(base_);
    EXPECT_FALSE(live.empty()) << "more than one folder in " << base_;
    EXPECT_NE(live, dead);
    EXPECT_FALSE(fs::exists(base_ + "/" + dead));
    // Nothing is running: the new server's folder holds only its lock.
    EXPECT_TRUE(PollUntil([&] {
      return Entries(base_ + "/" + live) == std::set<std::string>{".lock"};
    })) << Entries(base_ + "/" + live).size()
        << " entries in " << base_ << "/" << live;
  }

  TempDir temp_;
  std::unique_ptr<ArkEnv> env_;
  std::string base_;
  std::string seen_;  // the phase each attempt of KillWhileInProgress saw, for failures
};

TEST_F(LeftoversTest, AServerKilledMidBackupAndMidRestoreLeavesNothingAfterARestart) {
  // Partial uploads as killed writers leave them: one from two hours ago, and one from now
  // (possibly a live writer's: kept).
  const std::string store = env_->store_path();
  fs::create_directories(store + "/ark/old-backup");
  WriteFile(store + "/ark/old-backup/.ark-tmp-abc123", std::string(4096, 'x'));
  Backdate(store + "/ark/old-backup/.ark-tmp-abc123", std::chrono::hours(2));
  WriteFile(store + "/ark/.ark-tmp-fresh1", "being written");

  const std::string backup = KillWhileInProgress("backups", [&](int attempt) {
    const std::string name = "killed-backup-" + std::to_string(attempt);
    auto r = env_->Ark({"backup", "create", name, "--include-namespaces", "corpus"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? name : "";
  });
  ASSERT_FALSE(backup.empty()) << "no backup was killed while InProgress:" << seen_;
  // The killed backup's staged tarball and log are still there (the hook runs after both are
  // made), in the dead server's folder, owner-only.
  const std::string dead = base_ + "/" + OnlyServerFolder(base_);
  int staged = 0;
  for (const std::string& name : Entries(dead)) {
    if (!name.starts_with("backup-heptio-ark-" + backup + "-")) continue;
    ++staged;
    EXPECT_EQ(fs::status(dead + "/" + name).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write)
        << name;
  }
  EXPECT_EQ(staged, 2) << dead;
  ExpectRestartCleansUp("backups", backup);
  EXPECT_EQ(PartialUploads(store), std::set<std::string>{"ark/.ark-tmp-fresh1"});

  // The restore's source: without the pod, so its hook does not hold the backup.
  auto full = env_->Ark({"backup", "create", "corpus-full", "--include-namespaces", "corpus",
                         "--exclude-resources", "pods", "--wait"});
  ASSERT_EQ(full.exit_code, 0) << full.out << full.err;
  const std::string restore = KillWhileInProgress("restores", [&](int attempt) {
    const std::string name = "killed-restore-" + std::to_string(attempt);
    auto r = env_->Ark({"restore", "create", name, "--from-backup", "corpus-full",
                        "--namespace-mappings", "corpus:copy-" + std::to_string(attempt)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? name : "";
  });
  ASSERT_FALSE(restore.empty()) << "no restore was killed while InProgress:" << seen_;
  ExpectRestartCleansUp("restores", restore);
  EXPECT_EQ(PartialUploads(store), std::set<std::string>{"ark/.ark-tmp-fresh1"});
}

TEST_F(LeftoversTest, AStoppedServerRemovesItsOwnFolder) {
  const std::string folder = OnlyServerFolder(base_);
  ASSERT_FALSE(folder.empty());
  auto r = env_->Ark({"backup", "create", "stopped", "--include-namespaces", "corpus",
                      "--exclude-resources", "pods", "--wait"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(env_->server().Stop(SIGTERM), 0) << env_->server().Stdout();
  EXPECT_EQ(Entries(base_), std::set<std::string>{".lock"});
}

TEST(LeftoversStartTest, AWorkingFolderOthersCanEnterStopsTheServerWithAClearError) {
  ArkEnvOptions options;
  options.start_server = false;
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);
  TempDir temp;
  const std::string base = temp.path() + "/ark-" + std::to_string(::geteuid());
  ASSERT_EQ(::mkdir(base.c_str(), 0700), 0);
  ASSERT_EQ(::chmod(base.c_str(), 0755), 0);
  auto r = ark::testing::Run({ArkBinary(), "--kubeconfig", env->kubeconfig(), "server",
                              "--temp-dir", temp.path(), "--metrics-address", "127.0.0.1:0"},
                             "", {}, std::chrono::seconds(60));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find(base + " has mode 0755, not 0700"), std::string::npos)
      << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("--temp-dir"), std::string::npos) << r.out << r.err;
  EXPECT_EQ(Entries(base), std::set<std::string>{}) << "the server used a folder it refused";
}

}  // namespace
}  // namespace ark::testing
