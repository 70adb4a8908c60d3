// Pod exec hooks during a backup, end to end: the engine's hooks go through the WebSocket
// exec client to a kubesim process, which runs them in <exec-dir>/<namespace>/<pod>.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "backup/backup_engine.h"
#include "backup/test_env.h"
#include "kube/pod_exec.h"
#include "support/process.h"

namespace ark::testing {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const kube::GroupVersionResource kPods{"", "v1", "pods"};
const kube::GroupVersionResource kNamespaces{"", "v1", "namespaces"};

class BackupHooksTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    exec_dir_ = new TempDir();
    env_ = BackupTestEnv::Start({"--exec-dir", exec_dir_->path()}).release();
  }
  static void TearDownTestSuite() {
    delete env_;
    env_ = nullptr;
    delete exec_dir_;
    exec_dir_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(env_, nullptr) << "kubesim environment failed to start";
    auto exec = kube::NewWebSocketPodExecutor(env_->config());
    ASSERT_TRUE(exec.ok()) << exec.status().ToString();
    executor_ = std::move(*exec);
  }

  // Creates namespace `ns` and a pod `name` with containers app and side.
  static void CreatePod(const std::string& ns, const std::string& name, json annotations,
                        json labels = json::object()) {
    (void)env_->client().Create(kNamespaces, "", {{"metadata", {{"name", ns}}}});
    json pod = {
        {"apiVersion", "v1"},
        {"kind", "Pod"},
        {"metadata",
         {{"name", name}, {"namespace", ns}, {"annotations", annotations}, {"labels", labels}}},
        {"spec",
         {{"containers",
           {{{"name", "app"}, {"image", "busybox"}}, {{"name", "side"}, {"image", "busybox"}}}}}}};
    auto created = env_->client().Create(kPods, ns, pod);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
  }

  static std::string ScratchFile(const std::string& ns, const std::string& pod,
                                 const std::string& file) {
    return exec_dir_->path() + "/" + ns + "/" + pod + "/" + file;
  }

  TestBackup Backup(const std::string& spec) {
    backup::BackupEngine engine(env_->client(), env_->discovery(), nullptr, executor_.get(), {});
    TestBackup run = RunBackup(engine, spec);
    EXPECT_TRUE(run.outcome.ok()) << run.outcome.status().ToString();
    return run;
  }

  static std::vector<std::string> LinesWith(const TestBackup& run, const std::string& text) {
    std::vector<std::string> out;
    for (const std::string& l : run.log_lines) {
      if (l.find(text) != std::string::npos) out.push_back(l);
    }
    return out;
  }

  static TempDir* exec_dir_;
  static BackupTestEnv* env_;
  std::unique_ptr<kube::PodExecutor> executor_;
};
TempDir* BackupHooksTest::exec_dir_ = nullptr;
BackupTestEnv* BackupHooksTest::env_ = nullptr;

TEST_F(BackupHooksTest, AnnotatedPodRunsPreAndPostHooksInItsContainer) {
  CreatePod(
      "hooks-a", "frozen",
      {{"pre.hook.backup.ark.heptio.com/command",
        R"(["sh","-c","echo frozen > hook.txt; echo done"])"},
       {"pre.hook.backup.ark.heptio.com/container", "side"},
       {"post.hook.backup.ark.heptio.com/command", R"(["sh","-c","cat hook.txt > post.txt"])"}});
  CreatePod("hooks-a", "plain", json::object());
  TestBackup run = Backup(R"({"includedNamespaces":["hooks-a"],"includedResources":["pods"]})");
  ASSERT_TRUE(run.outcome.ok());
  EXPECT_EQ(backup::BackupPhaseName(run.outcome->phase), "Completed")
      << ::testing::PrintToString(run.outcome->errors);
  EXPECT_THAT(run.Sorted(),
              ElementsAre("metadata/version", "resources/pods/namespaces/hooks-a/frozen.json",
                          "resources/pods/namespaces/hooks-a/plain.json"));
  EXPECT_EQ(ReadFile(ScratchFile("hooks-a", "frozen", "hook.txt")), "frozen\n");
  EXPECT_EQ(ReadFile(ScratchFile("hooks-a", "frozen", "post.txt")), "frozen\n");
  EXPECT_FALSE(std::filesystem::exists(ScratchFile("hooks-a", "plain", "")));

  auto running = LinesWith(run, "running exec hook");
  ASSERT_EQ(running.size(), 2u) << ::testing::PrintToString(run.log_lines);
  EXPECT_THAT(running[0], HasSubstr("hookSource=annotation"));
  EXPECT_THAT(running[0], HasSubstr("hookType=pre"));
  EXPECT_THAT(running[0], HasSubstr("container=side"));
  EXPECT_THAT(running[0], HasSubstr("name=frozen"));
  EXPECT_THAT(running[1], HasSubstr("hookType=post"));
  EXPECT_THAT(running[1], HasSubstr("container=app"));
  auto finished = LinesWith(run, "exec hook finished");
  ASSERT_EQ(finished.size(), 2u);
  EXPECT_THAT(finished[0], HasSubstr("done"));  // the hook's stdout is in the backup log
}

TEST_F(BackupHooksTest, FailingHookWithFailKeepsThePodOutAndFailsTheBackupPartially) {
  CreatePod("hooks-b", "broken",
            {{"hook.backup.ark.heptio.com/command", R"(["sh","-c","echo oops >&2; exit 3"])"}});
  CreatePod("hooks-b", "fine", json::object());
  TestBackup run = Backup(R"({"includedNamespaces":["hooks-b"],"includedResources":["pods"]})");
  ASSERT_TRUE(run.outcome.ok());
  EXPECT_EQ(backup::BackupPhaseName(run.outcome->phase), "PartiallyFailed");
  EXPECT_THAT(run.Sorted(),
              ElementsAre("metadata/version", "resources/pods/namespaces/hooks-b/fine.json"));
  EXPECT_EQ(run.outcome->items_failed, 1);
  ASSERT_EQ(run.outcome->errors.size(), 1u);
  const std::string& e = run.outcome->errors[0];
  EXPECT_THAT(e, HasSubstr("hooks-b/broken"));
  EXPECT_THAT(e, HasSubstr("container app"));
  EXPECT_THAT(e, HasSubstr("sh -c echo oops >&2; exit 3"));
  EXPECT_THAT(e, HasSubstr("exited with code 3"));
  EXPECT_THAT(LinesWith(run, "exec hook finished"), ElementsAre(HasSubstr("oops")));
}

TEST_F(BackupHooksTest, FailingHookWithContinueIsLoggedAndThePodIsBackedUp) {
  CreatePod("hooks-c", "shaky",
            {{"hook.backup.ark.heptio.com/command", R"(["false"])"},
             {"hook.backup.ark.heptio.com/on-error", "Continue"}});
  TestBackup run = Backup(R"({"includedNamespaces":["hooks-c"],"includedResources":["pods"]})");
  ASSERT_TRUE(run.outcome.ok());
  EXPECT_EQ(backup::BackupPhaseName(run.outcome->phase), "Completed");
  EXPECT_TRUE(run.outcome->errors.empty());
  EXPECT_THAT(run.Sorted(),
              ElementsAre("metadata/version", "resources/pods/namespaces/hooks-c/shaky.json"));
  auto failed = LinesWith(run, "onError is Continue");
  ASSERT_EQ(failed.size(), 1u) << ::testing::PrintToString(run.log_lines);
  EXPECT_THAT(failed[0], HasSubstr("hooks-c/shaky"));
  EXPECT_THAT(failed[0], HasSubstr("error"));
}

TEST_F(BackupHooksTest, SpecHookSelectedByLabelSelector) {
  CreatePod("hooks-d", "db", json::object(), {{"app", "db"}});
  CreatePod("hooks-d", "web", json::object(), {{"app", "web"}});
  TestBackup run = Backup(R"({"includedNamespaces":["hooks-d"],"includedResources":["pods"],
    "hooks":{"resources":[{"name":"freeze-db","includedResources":["po"],
      "labelSelector":{"matchLabels":{"app":"db"}},
      "pre":[{"exec":{"command":["sh","-c","echo spec > spec.txt"]}}],
      "post":[{"exec":{"container":"side","command":["sh","-c","echo post > post.txt"]}}]}]}})");
  ASSERT_TRUE(run.outcome.ok());
  EXPECT_EQ(backup::BackupPhaseName(run.outcome->phase), "Completed")
      << ::testing::PrintToString(run.outcome->errors);
  EXPECT_THAT(run.Sorted(),
              ElementsAre("metadata/version", "resources/pods/namespaces/hooks-d/db.json",
                          "resources/pods/namespaces/hooks-d/web.json"));
  EXPECT_EQ(ReadFile(ScratchFile("hooks-d", "db", "spec.txt")), "spec\n");
  EXPECT_EQ(ReadFile(ScratchFile("hooks-d", "db", "post.txt")), "post\n");
  EXPECT_FALSE(std::filesystem::exists(ScratchFile("hooks-d", "web", "")));
  auto running = LinesWith(run, "running exec hook");
  ASSERT_EQ(running.size(), 2u);
  EXPECT_THAT(running[0], HasSubstr("hookSource=backupSpec"));
  EXPECT_THAT(running[0], HasSubstr("hookName=freeze-db"));
}

TEST_F(BackupHooksTest, MissingContainerAndTimeoutAreHookErrors) {
  CreatePod("hooks-e", "ghost",
            {{"hook.backup.ark.heptio.com/command", "true"},
             {"hook.backup.ark.heptio.com/container", "nope"}});
  CreatePod("hooks-e", "slow",
            {{"hook.backup.ark.heptio.com/command", R"(["sleep","5"])"},
             {"hook.backup.ark.heptio.com/timeout", "1s"}});
  TestBackup run = Backup(R"({"includedNamespaces":["hooks-e"],"includedResources":["pods"]})");
  ASSERT_TRUE(run.outcome.ok());
  EXPECT_EQ(backup::BackupPhaseName(run.outcome->phase), "PartiallyFailed");
  EXPECT_THAT(run.Sorted(), ElementsAre("metadata/version"));
  std::vector<std::string> errors = run.outcome->errors;
  std::sort(errors.begin(), errors.end());
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_THAT(errors[0], HasSubstr("container \"nope\" not found in pod"));
  EXPECT_THAT(errors[1], HasSubstr("timed out after 1s"));
  EXPECT_THAT(errors[1], HasSubstr("hooks-e/slow"));
}

TEST_F(BackupHooksTest, WithoutAnExecClientHooksFail) {
  CreatePod("hooks-f", "p", {{"hook.backup.ark.heptio.com/command", "true"}});
  backup::BackupEngine engine(env_->client(), env_->discovery(), nullptr, nullptr, {});
  TestBackup run =
      RunBackup(engine, R"({"includedNamespaces":["hooks-f"],"includedResources":["pods"]})");
  ASSERT_TRUE(run.outcome.ok());
  EXPECT_EQ(backup::BackupPhaseName(run.outcome->phase), "PartiallyFailed");
  ASSERT_EQ(run.outcome->errors.size(), 1u);
  EXPECT_THAT(run.outcome->errors[0], HasSubstr("no pod exec client"));
}

}  // namespace
}  // namespace ark::testing
