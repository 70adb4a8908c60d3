// The CLI against an API server that is not there: it says so within seconds, naming the
// address, as kubectl does, instead of retrying for the server's half-minute budget.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

// A loopback port nothing listens on (bound, then released).
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  close(fd);
  return ntohs(addr.sin_port);
}

TEST(UnreachableApiTest, CliGivesUpWithinSecondsNamingTheServer) {
  TempDir dir;
  const std::string server = "http://127.0.0.1:" + std::to_string(FreePort());
  const std::string kubeconfig = dir.path() + "/kubeconfig";
  WriteFile(kubeconfig,
            "apiVersion: v1\nkind: Config\n"
            "clusters: [{name: c, cluster: {server: \"" +
                server +
                "\"}}]\n"
                "users: [{name: u, user: {token: secret-token-value}}]\n"
                "contexts: [{name: x, context: {cluster: c, user: u}}]\n"
                "current-context: x\n");

  RunResult r = ::ark::testing::Run({ArkBinary(), "--kubeconfig", kubeconfig, "backup", "get"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find(server), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("secret-token-value"), std::string::npos) << r.err;
  // The error reports the retries it made; the CLI's budget is a few seconds.
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(r.err, m, std::regex(R"(gave up after \d+ tries over ([0-9.]+) s)")))
      << r.err;
  EXPECT_LT(std::stod(m[1].str()), 5.0) << r.err;
}

}  // namespace
}  // namespace ark::testing
