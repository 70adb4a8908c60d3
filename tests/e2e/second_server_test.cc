// Two `ark server` processes on one cluster: the second cannot take the first one's metrics
// address and exits saying so, instead of sharing the port in silence.
#include <gtest/gtest.h>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

// The "host:port" of the server's "Metrics server listening" log line.
std::string MetricsAddress(BackgroundProcess& server) {
  const std::string line = server.WaitForOutput("Metrics server listening");
  const auto at = line.find("address=");
  if (at == std::string::npos) return "";
  std::string address = line.substr(at + 8);
  if (!address.empty() && address.front() == '"') address = address.substr(1);
  return address.substr(0, address.find_first_of("\" \n"));
}

TEST(SecondServerTest, CannotBindTheMetricsAddressOfARunningServer) {
  auto env = ArkEnv::Start();
  ASSERT_NE(env, nullptr);
  const std::string address = MetricsAddress(env->server());
  ASSERT_FALSE(address.empty()) << env->server().Stdout();

  RunResult second = ::ark::testing::Run(
      {ArkBinary(), "--kubeconfig", env->kubeconfig(), "server", "--metrics-address", address}, "",
      {}, std::chrono::seconds(60));
  EXPECT_NE(second.exit_code, 0) << second.out << second.err;
  const std::string said = second.out + second.err;
  EXPECT_NE(said.find("cannot listen on " + address), std::string::npos) << said;
  EXPECT_NE(said.find("another ark server"), std::string::npos) << said;
  EXPECT_TRUE(env->server().Running()) << "the first server must keep running";
}

}  // namespace
}  // namespace ark::testing
