// The WebSocket pods/exec client against kubesim (HTTPS, bearer token), whose exec runs the
// argv on this host in <exec-dir>/<namespace>/<pod>.
#include "kube/pod_exec.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "kubesim_fixture.h"

namespace ark::kube {
namespace {

using testing::kNamespacesGvr;
using testing::KubesimClients;
using testing::Namespace;

const GroupVersionResource kPods{"", "v1", "pods"};

nlohmann::json Pod(const std::string& ns, const std::string& name) {
  return {
      {"apiVersion", "v1"},
      {"kind", "Pod"},
      {"metadata", {{"name", name}, {"namespace", ns}}},
      {"spec",
       {{"containers",
         {{{"name", "app"}, {"image", "busybox"}}, {{"name", "side"}, {"image", "busybox"}}}}}}};
}

class PodExecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    k_ = KubesimClients::Start({"--exec-dir", exec_dir_.path()});
    ASSERT_NE(k_, nullptr);
    ASSERT_TRUE(k_->client->Create(kNamespacesGvr, "", Namespace("ex")).ok());
    auto pod = k_->client->Create(kPods, "ex", Pod("ex", "db"));
    ASSERT_TRUE(pod.ok()) << pod.status().ToString();
    auto exec = NewWebSocketPodExecutor(k_->config);
    ASSERT_TRUE(exec.ok()) << exec.status().ToString();
    exec_ = std::move(*exec);
  }

  ExecRequest Request(std::vector<std::string> command, std::string container = "app") {
    return ExecRequest{"ex", "db", std::move(container), std::move(command),
                       std::chrono::seconds(10)};
  }

  ark::testing::TempDir exec_dir_;
  std::unique_ptr<KubesimClients> k_;
  std::unique_ptr<PodExecutor> exec_;
};

TEST_F(PodExecTest, StdoutStderrAndExitCode) {
  auto r = exec_->Exec(Request({"sh", "-c", "echo out; echo err >&2; exit 3"}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->out, "out\n");
  EXPECT_EQ(r->err, "err\n");
  EXPECT_EQ(r->exit_code, 3);

  auto ok = exec_->Exec(Request({"echo", "a b", "c"}, "side"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->out, "a b c\n");  // argv passed as is, no shell splitting
  EXPECT_EQ(ok->exit_code, 0);
}

TEST_F(PodExecTest, RunsInThePodsScratchDirectory) {
  auto r = exec_->Exec(Request({"sh", "-c", "echo frozen > hook.txt; pwd"}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->exit_code, 0);
  const std::string file = exec_dir_.path() + "/ex/db/hook.txt";
  EXPECT_EQ(ark::testing::ReadFile(file), "frozen\n");
}

TEST_F(PodExecTest, LargeOutputSpansManyFrames) {
  auto r = exec_->Exec(Request({"sh", "-c", "head -c 300000 /dev/zero | tr '\\0' x"}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->out, std::string(300000, 'x'));
}

TEST_F(PodExecTest, MissingPodIsNotFound) {
  ExecRequest req = Request({"true"});
  req.pod = "nope";
  auto r = exec_->Exec(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kNotFound) << r.status().ToString();
  EXPECT_NE(r.status().message().find("ex/nope"), std::string::npos) << r.status().ToString();
  EXPECT_EQ(r.status().ToString().find("s3cret-t0ken"), std::string::npos);
}

TEST_F(PodExecTest, MissingContainerIsInvalid) {
  auto r = exec_->Exec(Request({"true"}, "ghost"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << r.status().ToString();
  EXPECT_NE(r.status().message().find("container ghost is not valid for pod db"), std::string::npos)
      << r.status().ToString();
}

TEST_F(PodExecTest, WrongTokenIsUnauthenticated) {
  RestConfig config = k_->config;
  config.bearer_token = "wrong";
  config.token_file.clear();
  auto exec = NewWebSocketPodExecutor(config);
  ASSERT_TRUE(exec.ok());
  auto r = (*exec)->Exec(Request({"true"}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kUnauthenticated) << r.status().ToString();
  EXPECT_EQ(r.status().ToString().find("wrong"), std::string::npos);
}

TEST_F(PodExecTest, TimeoutIsDeadlineExceeded) {
  ExecRequest req = Request({"sleep", "5"});
  req.timeout = std::chrono::seconds(1);
  const auto start = std::chrono::steady_clock::now();
  auto r = exec_->Exec(req);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kDeadlineExceeded) << r.status().ToString();
  EXPECT_NE(r.status().message().find("timed out after 1s"), std::string::npos)
      << r.status().ToString();
  EXPECT_LT(took, std::chrono::seconds(4));
}

}  // namespace
}  // namespace ark::kube
