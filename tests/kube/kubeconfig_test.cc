#include <gtest/gtest.h>
#include <sys/stat.h>

#include <map>

#include "kube/rest_config.h"
#include "support/process.h"

namespace ark::kube {
namespace {

using ark::testing::TempDir;
using ark::testing::WriteFile;

// An environment for LoadRestConfig that holds only what the test puts in it.
std::function<std::optional<std::string>(std::string_view)> Env(
    std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

constexpr char kFirst[] = R"(apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev-cluster
  cluster:
    server: https://dev.example:6443
    certificate-authority: certs/ca.pem
- name: shared
  cluster:
    server: https://first.example
contexts:
- name: dev
  context: {cluster: dev-cluster, user: dev-user, namespace: team-a}
- name: prod
  context: {cluster: prod-cluster, user: prod-user}
users:
- name: dev-user
  user:
    token: dev-token
)";

constexpr char kSecond[] = R"(apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: shared
  cluster:
    server: https://second.example
- name: prod-cluster
  cluster:
    server: https://prod.example
    insecure-skip-tls-verify: true
contexts:
- name: dev
  context: {cluster: shared, user: nobody}
users:
- name: prod-user
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
- name: basic-user
  user: {username: alice, password: s3cret}
)";

TEST(Kubeconfig, MergesKubeconfigListFirstWins) {
  TempDir dir;
  WriteFile(dir.File("first"), kFirst);
  WriteFile(dir.File("second"), kSecond);
  LoadOptions options;
  options.getenv = Env(
      {{"KUBECONFIG", dir.File("first") + ":" + dir.File("missing") + ":" + dir.File("second")}});
  auto config = LoadRestConfig(options);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  // current-context from the first file; "dev" context from the first file too.
  EXPECT_EQ(config->context, "dev");
  EXPECT_EQ(config->server, "https://dev.example:6443");
  EXPECT_EQ(config->bearer_token, "dev-token");
  EXPECT_EQ(config->namespace_, "team-a");
  // Relative paths resolve against the file that names them.
  EXPECT_EQ(config->tls.ca_file, dir.path() + "/certs/ca.pem");

  // --context picks a context whose cluster and user come from the second file.
  options.context = "prod";
  config = LoadRestConfig(options);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->server, "https://prod.example");
  EXPECT_TRUE(config->tls.insecure_skip_verify);
  EXPECT_EQ(config->tls.client_cert_data, "CERT");
  EXPECT_EQ(config->tls.client_key_data, "KEY");
}

TEST(Kubeconfig, KubeconfigFlagWinsOverEnvironmentAndHome) {
  TempDir dir;
  WriteFile(dir.File("flag"),
            "current-context: c\nclusters: [{name: c, cluster: {server: 'https://flag.example'}}]\n"
            "contexts: [{name: c, context: {cluster: c}}]\n");
  WriteFile(dir.File("env"), kFirst);
  LoadOptions options;
  options.kubeconfig = dir.File("flag");
  options.getenv = Env({{"KUBECONFIG", dir.File("env")}, {"HOME", dir.path()}});
  auto config = LoadRestConfig(options);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->server, "https://flag.example");

  // ~/.kube/config when nothing else is given.
  ::mkdir(dir.File(".kube").c_str(), 0700);
  WriteFile(dir.File(".kube/config"), kFirst);
  LoadOptions home;
  home.getenv = Env({{"HOME", dir.path()}});
  config = LoadRestConfig(home);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->server, "https://dev.example:6443");

  // A --kubeconfig that does not exist is an error naming it.
  options.kubeconfig = dir.File("nope");
  config = LoadRestConfig(options);
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find(dir.File("nope")), std::string::npos);
}

TEST(Kubeconfig, BasicAuthAndExecUsers) {
  TempDir dir;
  WriteFile(dir.File("config"), R"(
current-context: basic
clusters:
- {name: c, cluster: {server: "http://127.0.0.1:1"}}
contexts:
- {name: basic, context: {cluster: c, user: basic-user}}
- {name: exec, context: {cluster: c, user: exec-user}}
users:
- {name: basic-user, user: {username: alice, password: s3cret}}
- name: exec-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./bin/get-token
      args: [--cluster, c]
      env: [{name: FOO, value: bar}]
)");
  LoadOptions options;
  options.kubeconfig = dir.File("config");
  options.getenv = Env({});
  auto config = LoadRestConfig(options);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->username, "alice");
  EXPECT_EQ(config->password, "s3cret");
  options.context = "exec";
  config = LoadRestConfig(options);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  ASSERT_TRUE(config->exec.has_value());
  EXPECT_EQ(config->exec->command, dir.path() + "/./bin/get-token");
  EXPECT_EQ(config->exec->args, (std::vector<std::string>{"--cluster", "c"}));
  EXPECT_EQ(config->exec->env[0], (std::pair<std::string, std::string>{"FOO", "bar"}));
}

struct BadConfig {
  std::string name;
  std::string yaml;
  std::string context;
  std::vector<std::string> want;  // substrings of the error
};

TEST(Kubeconfig, ErrorsNameFileContextAndField) {
  const std::vector<BadConfig> cases = {
      {"missing context",
       "contexts: [{name: a, context: {cluster: c}}]",
       "b",
       {"context \"b\" not found"}},
      {"missing cluster",
       "contexts: [{name: a, context: {cluster: c}}]",
       "a",
       {"context \"a\"", "cluster \"c\" not found", "/config"}},
      {"missing user",
       "clusters: [{name: c, cluster: {server: 'https://x'}}]\n"
       "contexts: [{name: a, context: {cluster: c, user: u}}]",
       "a",
       {"context \"a\"", "user \"u\" not found"}},
      {"no server",
       "clusters: [{name: c, cluster: {}}]\ncontexts: [{name: a, context: {cluster: c}}]",
       "a",
       {"cluster \"c\"", "server is not set"}},
      {"bad base64",
       "users: [{name: u, user: {client-key-data: '***'}}]\ncontexts: [{name: a, context: {}}]",
       "a",
       {"users[0] \"u\"", "client-key-data", "base64"}},
      {"bad yaml", "clusters: [\n  - {name: x", "", {"not valid YAML", "line"}},
      {"bad exec version",
       "users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1alpha1, "
       "command: x}}}]\ncontexts: [{name: a, context: {}}]",
       "a",
       {"users[0] \"u\": exec", "v1alpha1"}},
      {"list not a list", "clusters: {name: c}", "", {"clusters: expected a list"}},
      {"no current context",
       "contexts: [{name: a, context: {}}]",
       "",
       {"current-context is not set"}},
  };
  for (const auto& c : cases) {
    TempDir dir;
    WriteFile(dir.File("config"), c.yaml);
    LoadOptions options;
    options.kubeconfig = dir.File("config");
    options.context = c.context;
    options.getenv = Env({});
    auto config = LoadRestConfig(options);
    ASSERT_FALSE(config.ok()) << c.name;
    for (const auto& want : c.want) {
      EXPECT_NE(config.status().message().find(want), std::string::npos)
          << c.name << ": " << config.status().message();
    }
  }
}

TEST(Kubeconfig, SecretsNeverAppearInErrors) {
  TempDir dir;
  WriteFile(dir.File("config"),
            "users: [{name: u, user: {token: tok-SECRET, password: pw-SECRET}}]\n"
            "contexts: [{name: a, context: {cluster: nope, user: u}}]\n");
  LoadOptions options;
  options.kubeconfig = dir.File("config");
  options.context = "a";
  options.getenv = Env({});
  auto config = LoadRestConfig(options);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message().find("SECRET"), std::string::npos);
}

TEST(Kubeconfig, InClusterReadsServiceAccount) {
  TempDir dir;
  WriteFile(dir.File("token"), "sa-token\n");
  WriteFile(dir.File("ca.crt"), "PEM");
  WriteFile(dir.File("namespace"), "heptio-ark\n");
  LoadOptions options;
  options.service_account_dir = dir.path();
  options.getenv =
      Env({{"KUBERNETES_SERVICE_HOST", "10.0.0.1"}, {"KUBERNETES_SERVICE_PORT", "443"}});
  auto config = LoadRestConfig(options);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->server, "https://10.0.0.1:443");
  EXPECT_EQ(config->token_file, dir.File("token"));
  EXPECT_EQ(config->tls.ca_file, dir.File("ca.crt"));
  EXPECT_EQ(config->namespace_, "heptio-ark");

  options.getenv = Env({});
  config = LoadRestConfig(options);
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("KUBERNETES_SERVICE_HOST"), std::string::npos);
}

}  // namespace
}  // namespace ark::kube
