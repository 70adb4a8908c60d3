// `ark completion bash` completes commands, flags and the names of the cluster's backups,
// restores and schedules: its function is run by bash as a completing shell would run it.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

using nlohmann::json;

class CompletionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ArkEnvOptions options;
    options.start_server = false;  // the objects stay as created
    env_ = ArkEnv::Start(options).release();
    ASSERT_NE(env_, nullptr);
    json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", json::array()}};
    auto add = [&](const char* kind, const std::string& name, json spec) {
      list["items"].push_back({{"apiVersion", "ark.heptio.com/v1"},
                               {"kind", kind},
                               {"metadata", {{"name", name}, {"namespace", "heptio-ark"}}},
                               {"spec", std::move(spec)}});
    };
    add("Backup", "alpha-1", json::object());
    add("Backup", "alpha-2", json::object());
    add("Backup", "beta", json::object());
    add("Restore", "alpha-1-restore", {{"backupName", "alpha-1"}});
    add("Schedule", "nightly", {{"schedule", "0 1 * * *"}, {"template", json::object()}});
    auto created = env_->Kubectl({"create", "-f", "-"}, list.dump());
    ASSERT_EQ(created.exit_code, 0) << created.err;
  }
  static void TearDownTestSuite() {
    delete env_;
    env_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(env_, nullptr); }

  // The completions bash offers for the command line `words` (after `ark --kubeconfig KC`),
  // the last word being completed, sorted.
  std::vector<std::string> Complete(const std::vector<std::string>& words) {
    std::string line =
        "COMP_WORDS=('" + ArkBinary() + "' --kubeconfig '" + env_->kubeconfig() + "'";
    for (const std::string& w : words) line += " '" + w + "'";
    line += "); COMP_CWORD=" + std::to_string(words.size() + 2) + "; ";
    const std::string script = "source <('" + ArkBinary() + "' completion bash) && " + line +
                               "_ark_completion; printf '%s\\n' \"${COMPREPLY[@]}\"";
    RunResult r = ::ark::testing::Run({"bash", "-c", script});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> out;
    std::istringstream lines(r.out);
    for (std::string l; std::getline(lines, l);) {
      if (!l.empty()) out.push_back(l);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  static ArkEnv* env_;
};
ArkEnv* CompletionTest::env_ = nullptr;

using Words = std::vector<std::string>;

TEST_F(CompletionTest, CompletesNamesFromTheCluster) {
  EXPECT_EQ(Complete({"backup", "describe", ""}), (Words{"alpha-1", "alpha-2", "beta"}));
  EXPECT_EQ(Complete({"backup", "logs", "al"}), (Words{"alpha-1", "alpha-2"}));
  EXPECT_EQ(Complete({"backup", "verify", "al"}), (Words{"alpha-1", "alpha-2"}));
  EXPECT_EQ(Complete({"delete", "backup", "b"}), (Words{"beta"}));
  EXPECT_EQ(Complete({"restore", "describe", ""}), (Words{"alpha-1-restore"}));
  EXPECT_EQ(Complete({"get", "schedule", "n"}), (Words{"nightly"}));
  EXPECT_EQ(Complete({"restore", "create", "--from-backup", "alpha-"}),
            (Words{"alpha-1", "alpha-2"}));
  // Names of the namespace given with -n: none there.
  EXPECT_EQ(Complete({"-n", "elsewhere", "backup", "get", ""}), Words{});
}

TEST_F(CompletionTest, CompletesCommandsAndFlags) {
  EXPECT_EQ(Complete({"sched"}), (Words{"schedule"}));
  EXPECT_EQ(Complete({"backup", "ver"}), (Words{"verify"}));
  EXPECT_EQ(Complete({"backup", "verify", "--ag"}), (Words{"--against-cluster"}));
  const Words flags = Complete({"backup", "get", "--sel"});
  EXPECT_EQ(flags, (Words{"--selector"}));
  // A new backup's name is not completed from existing ones.
  EXPECT_EQ(Complete({"backup", "create", "al"}), Words{});
}

}  // namespace
}  // namespace ark::testing
