// Exec credential plugins (client.authentication.k8s.io v1 and v1beta1): a small shell
// script plays the plugin; a stub API server (cpp-httplib) accepts only the newest token.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <mutex>

#include "kube/dynamic_client.h"
#include "kube/exec_credential.h"
#include "kube/rest_client.h"
#include "stub_server.h"
#include "support/process.h"
#include "support/tls_test_server.h"
#include "util/fake_clock.h"
#include "util/time_format.h"

namespace ark::kube {
namespace {

using ark::testing::ReadFile;
using ark::testing::TempDir;
using ark::testing::WriteFile;
using testing::StubServer;

// Prints an ExecCredential with token-N, N counting the runs in $COUNT_FILE, and saves the
// KUBERNETES_EXEC_INFO it was given.
constexpr char kPlugin[] = R"(#!/bin/sh
n=$(( $(cat "$COUNT_FILE" 2>/dev/null || echo 0) + 1 ))
echo $n > "$COUNT_FILE"
printf '%s' "$KUBERNETES_EXEC_INFO" > "$COUNT_FILE.info"
if [ -n "$FAIL" ]; then echo "plugin: no credentials for $1" >&2; exit 3; fi
cat <<JSON
{"apiVersion":"$API_VERSION","kind":"ExecCredential",
 "status":{"token":"token-$n"$EXPIRY}}
JSON
)";

std::string WritePlugin(const TempDir& dir) {
  std::string path = dir.File("plugin.sh");
  WriteFile(path, kPlugin);
  ::chmod(path.c_str(), 0755);
  return path;
}

ExecConfig Plugin(const TempDir& dir, const std::string& api_version, const std::string& expiry) {
  ExecConfig exec;
  exec.api_version = api_version;
  exec.command = WritePlugin(dir);
  exec.args = {"my-cluster"};
  exec.env = {{"COUNT_FILE", dir.File("count")}, {"API_VERSION", api_version}};
  if (!expiry.empty()) {
    exec.env.emplace_back("EXPIRY", ",\"expirationTimestamp\":\"" + expiry + "\"");
  }
  return exec;
}

const GroupVersionResource kNamespaces{"", "v1", "namespaces"};

TEST(ExecPlugin, ProvidesTheTokenAndRefreshesBeforeExpiry) {
  for (std::string version :
       {"client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"}) {
    SCOPED_TRACE(version);
    TempDir dir;
    StubServer stub;
    std::mutex mu;
    std::vector<std::string> seen;
    stub.server().Get("/api/v1/namespaces/default",
                      [&](const httplib::Request& req, httplib::Response& res) {
                        std::lock_guard<std::mutex> lock(mu);
                        seen.push_back(req.get_header_value("Authorization"));
                        res.set_content(R"({"metadata":{"name":"default"}})", "application/json");
                      });
    RestConfig config;
    config.server = stub.Start();
    // The fake clock starts at 2027-01-15T08:00:00Z; the credential expires a minute later.
    config.exec = Plugin(dir, version, "2027-01-15T08:01:00Z");
    FakeClock clock;
    ClientEnv env;
    env.clock = &clock;
    auto rest = RestClient::New(config, std::move(env));
    ASSERT_TRUE(rest.ok());
    auto client = NewDynamicClient(*rest);

    ASSERT_TRUE(client->Get(kNamespaces, "", "default").ok());
    ASSERT_TRUE(client->Get(kNamespaces, "", "default").ok());
    clock.Advance(std::chrono::seconds(55));  // within the refresh margin
    ASSERT_TRUE(client->Get(kNamespaces, "", "default").ok());
    EXPECT_EQ(seen,
              (std::vector<std::string>{"Bearer token-1", "Bearer token-1", "Bearer token-2"}));
    auto info = nlohmann::json::parse(ReadFile(dir.File("count.info")));
    EXPECT_EQ(info["apiVersion"], version);
    EXPECT_EQ(info["kind"], "ExecCredential");
    EXPECT_EQ(info["spec"]["interactive"], false);
  }
}

TEST(ExecPlugin, RefreshesAfter401) {
  TempDir dir;
  StubServer stub;
  std::atomic<int> calls{0};
  stub.server().Get("/api/v1/namespaces/default",
                    [&](const httplib::Request& req, httplib::Response& res) {
                      ++calls;
                      if (req.get_header_value("Authorization") != "Bearer token-2") {
                        res.status = 401;
                        res.set_content(R"({"kind":"Status","reason":"Unauthorized","code":401})",
                                        "application/json");
                        return;
                      }
                      res.set_content(R"({"metadata":{"name":"default"}})", "application/json");
                    });
  RestConfig config;
  config.server = stub.Start();
  config.exec = Plugin(dir, "client.authentication.k8s.io/v1", "");
  auto client = NewDynamicClient(config);
  ASSERT_TRUE(client.ok());
  auto got = (*client)->Get(kNamespaces, "", "default");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(ReadFile(dir.File("count")), "2\n");
}

TEST(ExecPlugin, FailuresNameThePluginAndItsError) {
  TempDir dir;
  ExecConfig exec = Plugin(dir, "client.authentication.k8s.io/v1", "");
  exec.env.emplace_back("FAIL", "1");
  auto cred = RunExecPlugin(exec);
  ASSERT_FALSE(cred.ok());
  EXPECT_EQ(cred.status().code(), Code::kUnauthenticated);
  EXPECT_NE(cred.status().message().find("plugin.sh"), std::string::npos);
  EXPECT_NE(cred.status().message().find("exited with code 3"), std::string::npos);
  EXPECT_NE(cred.status().message().find("no credentials for my-cluster"), std::string::npos);

  // A mismatched apiVersion in the output.
  exec = Plugin(dir, "client.authentication.k8s.io/v1", "");
  exec.env[1].second = "client.authentication.k8s.io/v1beta1";
  cred = RunExecPlugin(exec);
  ASSERT_FALSE(cred.ok());
  EXPECT_NE(cred.status().message().find("does not match"), std::string::npos);
  EXPECT_EQ(cred.status().message().find("token-"), std::string::npos);

  exec.command = dir.File("does-not-exist");
  cred = RunExecPlugin(exec);
  ASSERT_FALSE(cred.ok());
  EXPECT_NE(cred.status().message().find("does-not-exist"), std::string::npos);
}

// A plugin that returns a client certificate instead of a token (as cloud CLIs do for
// certificate-based clusters): the client presents it in the TLS handshake of a server that
// demands one signed by its CA, and sends no Authorization header.
TEST(ExecPlugin, ClientCertificateFromThePluginIsPresentedInTheHandshake) {
  ark::testing::TestPki pki;
  httplib::SSLServer server(pki.dir.File("server.crt").c_str(), pki.dir.File("server.key").c_str(),
                            pki.dir.File("ca.crt").c_str());
  ASSERT_TRUE(server.is_valid());
  std::atomic<int> with_authorization{0};
  server.Get("/api/v1/namespaces/default",
             [&](const httplib::Request& req, httplib::Response& res) {
               if (req.has_header("Authorization")) ++with_authorization;
               res.set_content(R"({"metadata":{"name":"default"}})", "application/json");
             });
  ark::testing::Serving serving(server);

  TempDir dir;
  const std::string credential =
      nlohmann::json{{"apiVersion", "client.authentication.k8s.io/v1"},
                     {"kind", "ExecCredential"},
                     {"status",
                      {{"clientCertificateData", ReadFile(pki.dir.File("client.crt"))},
                       {"clientKeyData", ReadFile(pki.dir.File("client.key"))}}}}
          .dump();
  WriteFile(dir.File("credential.json"), credential);
  WriteFile(dir.File("plugin.sh"), "#!/bin/sh\ncat \"$CREDENTIAL\"\n");
  ::chmod(dir.File("plugin.sh").c_str(), 0755);

  RestConfig config;
  config.server = serving.Url("https", "");
  config.tls.ca_file = pki.dir.File("ca.crt");
  ExecConfig exec;
  exec.api_version = "client.authentication.k8s.io/v1";
  exec.command = dir.File("plugin.sh");
  exec.env = {{"CREDENTIAL", dir.File("credential.json")}};
  config.exec = exec;
  auto client = NewDynamicClient(config);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto got = (*client)->Get(kNamespaces, "", "default");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ((*got)["metadata"]["name"], "default");
  EXPECT_EQ(with_authorization.load(), 0);

  // Without the plugin the server refuses the handshake: the certificate did the work.
  config.exec.reset();
  client = NewDynamicClient(config);
  ASSERT_TRUE(client.ok());
  EXPECT_FALSE((*client)->Get(kNamespaces, "", "default").ok());
}

TEST(ExecPlugin, ParsesRfc3339) {
  auto t = ParseRfc3339("2027-01-15T08:00:00Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count(),
            1'800'000'000);
  auto offset = ParseRfc3339("2027-01-15T09:00:00.5+01:00");
  ASSERT_TRUE(offset.ok());
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(*offset - *t).count(), 500);
  EXPECT_FALSE(ParseRfc3339("yesterday").ok());
  EXPECT_FALSE(ParseRfc3339("2027-01-15T08:00:00").ok());
}

TEST(TokenFile, ReReadWhenRotated) {
  TempDir dir;
  WriteFile(dir.File("token"), "first\n");
  StubServer stub;
  std::mutex mu;
  std::vector<std::string> seen;
  stub.server().Get("/api/v1/namespaces/default",
                    [&](const httplib::Request& req, httplib::Response& res) {
                      std::lock_guard<std::mutex> lock(mu);
                      seen.push_back(req.get_header_value("Authorization"));
                      res.set_content(R"({"metadata":{"name":"default"}})", "application/json");
                    });
  RestConfig config;
  config.server = stub.Start();
  config.token_file = dir.File("token");
  auto client = NewDynamicClient(config);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE((*client)->Get(kNamespaces, "", "default").ok());
  WriteFile(dir.File("token"), "second-rotated\n");  // a different size: seen as changed
  ASSERT_TRUE((*client)->Get(kNamespaces, "", "default").ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"Bearer first", "Bearer second-rotated"}));
}

}  // namespace
}  // namespace ark::kube
