// `ark backup describe` and `ark restore describe`, with and without --details: the warnings
// and errors themselves, grouped by namespace, the resource list, the hook results and the
// restore order, read from what the server stored.
#include <gtest/gtest.h>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

using nlohmann::json;

// A pod in namespace "desc" whose backup hook annotation runs `command` (kubesim runs it on
// its host) with the given onError.
json HookedPod(const std::string& name, const std::string& command, const std::string& on_error) {
  json pod = json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"namespace":"desc"},
      "spec":{"containers":[{"name":"app","image":"nginx:1.7.9"}]}})");
  pod["metadata"]["name"] = name;
  pod["metadata"]["annotations"] = {{"hook.backup.ark.heptio.com/command", command},
                                    {"hook.backup.ark.heptio.com/on-error", on_error}};
  return pod;
}

class DescribeTest : public ::testing::Test {
 protected:
  // desc-backup: one error (pod "broken"'s hook fails with onError Fail, so the pod is left
  // out), one warning (the included namespace "ghost" does not exist), and a hook that fails
  // with onError Continue (pod "flaky", backed up; only its hook result tells).
  static void SetUpTestSuite() {
    env_ = ArkEnv::Start().release();
    ASSERT_NE(env_, nullptr);
    ASSERT_EQ(env_->Kubectl({"create", "namespace", "desc"}).exit_code, 0);
    json list = {{"apiVersion", "v1"},
                 {"kind", "List"},
                 {"items",
                  {HookedPod("broken", R"(["false"])", "Fail"),
                   HookedPod("flaky", R"(["sh","-c","echo flaky; exit 3"])", "Continue"),
                   {{"apiVersion", "v1"},
                    {"kind", "ConfigMap"},
                    {"metadata", {{"name", "settings"}, {"namespace", "desc"}}},
                    {"data", {{"mode", "backed-up"}}}}}}};
    auto created = env_->Kubectl({"create", "-f", "-"}, list.dump());
    ASSERT_EQ(created.exit_code, 0) << created.err;
    env_->Ark({"backup", "create", "desc-backup", "--include-namespaces", "desc,ghost", "--wait"});
    ASSERT_EQ(env_->Phase("backups", "desc-backup"), "PartiallyFailed");
  }
  static void TearDownTestSuite() {
    delete env_;
    env_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(env_, nullptr); }

  static ArkEnv* env_;
};
ArkEnv* DescribeTest::env_ = nullptr;

TEST_F(DescribeTest, BackupShowsItsWarningsAndErrorsGroupedByNamespace) {
  auto d = env_->Ark({"backup", "describe", "desc-backup"});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  const std::string& out = d.out;
  EXPECT_NE(out.find("Phase:  PartiallyFailed\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Duration:   "), std::string::npos) << out;
  EXPECT_NE(out.find("Storage Location:  default\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Warnings:  1\nErrors:    1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Warning details:\n"
                     "  Ark:  <none>\n"
                     "  Cluster:  <none>\n"
                     "  Namespaces:\n"
                     "    ghost:\n"
                     "      namespace \"ghost\" is included but does not exist\n"),
            std::string::npos)
      << out;
  EXPECT_NE(
      out.find("Error details:\n"
               "  Ark:  <none>\n"
               "  Cluster:  <none>\n"
               "  Namespaces:\n"
               "    desc:\n"
               "      pre exec hook of pod desc/broken failed (container app, command [false]): "
               "command exited with code 1\n"),
      std::string::npos)
      << out;
  // The onError=Continue failure is a hook result, not one of the backup's errors.
  EXPECT_EQ(out.find("desc/flaky"), std::string::npos) << out;
  EXPECT_EQ(out.find("Resource List"), std::string::npos) << "only with --details\n" << out;
  EXPECT_EQ(out.find("Not available"), std::string::npos) << out;
}

TEST_F(DescribeTest, BackupDetailsListResourcesAndHookResults) {
  auto d = env_->Ark({"backup", "describe", "desc-backup", "--details"});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  const std::string& out = d.out;
  // Every item of the tarball, by group-resource (the namespace's own service account and
  // root CA config map included); the pod whose hook failed with onError Fail is not there.
  EXPECT_NE(out.find("Resource List:\n  configmaps (2):\n"
                     "    - desc/kube-root-ca.crt\n"
                     "    - desc/settings\n"
                     "  namespaces (1):\n"
                     "    - desc\n"
                     "  pods (1):\n"
                     "    - desc/flaky\n"
                     "  serviceaccounts (1):\n"
                     "    - desc/default\n"
                     "\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("Hook results:\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  desc/broken: pre hook, container app, command [false]: exit code 1\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("  desc/flaky: pre hook, container app, command [sh -c echo flaky; exit 3]: "
                     "exit code 3\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("  desc/flaky: pre hook, container app, command [sh -c echo flaky; exit 3]: "
                     "error: pre exec hook of pod desc/flaky failed"),
            std::string::npos)
      << out;
  // The errors are still there with --details.
  EXPECT_NE(out.find("    ghost:\n      namespace \"ghost\" is included but does not exist\n"),
            std::string::npos)
      << out;
  // The CLI deleted its download requests.
  auto left =
      env_->Kubectl({"get", "downloadrequests.ark.heptio.com", "-n", "heptio-ark", "-o", "name"});
  EXPECT_EQ(left.out, "");
}

TEST_F(DescribeTest, RestoreShowsItsWarningsByNamespaceAndWithDetailsItsOrder) {
  // The config map changes after the backup: restoring over it is a warning in "desc".
  auto patched = env_->Kubectl({"patch", "configmap", "settings", "-n", "desc", "--type", "merge",
                                "-p", R"({"data":{"mode":"changed"}})"});
  ASSERT_EQ(patched.exit_code, 0) << patched.err;
  env_->Ark({"restore", "create", "desc-restore", "--from-backup", "desc-backup", "--wait"});
  ASSERT_EQ(env_->Phase("restores", "desc-restore"), "Completed");

  auto d = env_->Ark({"restore", "describe", "desc-restore"});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_NE(d.out.find("Warning details:\n"
                       "  Ark:  <none>\n"
                       "  Cluster:  <none>\n"
                       "  Namespaces:\n"
                       "    desc:\n"),
            std::string::npos)
      << d.out;
  EXPECT_NE(d.out.find("      configmaps \"desc/settings\" already exists and differs from the "
                       "backed-up version\n"),
            std::string::npos)
      << d.out;
  EXPECT_NE(d.out.find("Restore order:  "), std::string::npos) << d.out;

  auto details = env_->Ark({"restore", "describe", "desc-restore", "--details"});
  ASSERT_EQ(details.exit_code, 0) << details.err;
  json order = env_->Get("restores", "desc-restore", "heptio-ark")["status"]["resourceOrder"];
  ASSERT_TRUE(order.is_array() && order.size() >= 2) << order.dump();
  std::string numbered = "Restore order:\n";
  for (size_t i = 0; i < order.size(); ++i) {
    numbered += "  " + std::to_string(i + 1) + ". " + order[i].get<std::string>() + "\n";
  }
  EXPECT_NE(details.out.find(numbered), std::string::npos) << details.out;
}

}  // namespace
}  // namespace ark::testing
