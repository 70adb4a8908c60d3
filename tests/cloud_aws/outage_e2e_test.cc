// `ark server` with an S3 store (moto) through outages of a few seconds: the API server
// (kubesim) during a backup and during a restore, the store during a backup's upload and
// during a sync. Each proxy sits between the server and one of them; the CLI and the checks
// go straight to them. Every outcome must be Completed with every object, or an honest
// failure naming what failed.
#include <gtest/gtest.h>
#include <signal.h>

#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "aws_world.h"
#include "support/e2e/ark_env.h"
#include "support/fault_proxy.h"

namespace ark::testing {
namespace {

using nlohmann::json;

constexpr const char* kBucket = "ark-outage";
constexpr int kConfigMaps = 400;

int PortOf(const std::string& url) {
  const size_t colon = url.rfind(':');
  return std::stoi(url.substr(colon + 1, url.find('/', colon) - colon - 1));
}

class OutageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    aws_ = StartAwsWorld(kBucket);
    ASSERT_NE(aws_.moto, nullptr);
    store_proxy_ = FaultProxy::Start(PortOf(aws_.moto->url()));
    ASSERT_NE(store_proxy_, nullptr);

    const auto& key = aws_.moto->credentials();
    const std::string credentials = WriteAwsCredentialsFile(
        dir_.File("credentials-ark"), key.access_key_id, key.secret_access_key);
    ArkEnvOptions options;
    options.config_yaml = AwsConfig(kBucket, "us-east-1a");
    options.env = {{"AWS_SHARED_CREDENTIALS_FILE", credentials},
                   {"AWS_ENDPOINT_URL", aws_.moto->url()}};  // the CLI's: straight to moto
    options.start_server = false;
    env_ = ArkEnv::Start(options);
    ASSERT_NE(env_, nullptr);

    // The server's kubeconfig names the API proxy instead of kubesim.
    std::string kubeconfig = ReadFile(env_->kubeconfig());
    std::smatch server;
    ASSERT_TRUE(std::regex_search(kubeconfig, server, std::regex("server: (https?://[^\\s]+)")));
    api_proxy_ = FaultProxy::Start(PortOf(server[1]));
    ASSERT_NE(api_proxy_, nullptr);
    kubeconfig.replace(server.position(1), server.length(1), api_proxy_->Url(server[1]));
    const std::string proxied = dir_.File("kubeconfig-proxied");
    WriteFile(proxied, kubeconfig);

    std::map<std::string, std::string> server_env = options.env;
    server_env["AWS_ENDPOINT_URL"] = store_proxy_->Url(aws_.moto->url());
    server_ = BackgroundProcess::Start(
        {"sh", "-c",
         "exec '" + ArkBinary() + "' --kubeconfig '" + proxied +
             "' server --metrics-address 127.0.0.1:0 --config-poll-ms 200"
             " --backup-sync-period 1s --gc-sync-period 1s --schedule-sync-period 1s 2>&1"},
        server_env);
    ASSERT_FALSE(server_->WaitForOutput("Server started", std::chrono::seconds(60)).empty())
        << server_->Stdout();

    json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", json::array()}};
    for (int i = 0; i < kConfigMaps; ++i) {
      list["items"].push_back(
          {{"apiVersion", "v1"},
           {"kind", "ConfigMap"},
           {"metadata", {{"name", "cm-" + std::to_string(i)}, {"namespace", "big"}}},
           {"data", {{"payload", std::string(400, 'x')}}}});
    }
    ASSERT_EQ(env_->Kubectl({"create", "namespace", "big"}).exit_code, 0);
    auto created = env_->Kubectl({"create", "-f", "-"}, list.dump());
    ASSERT_EQ(created.exit_code, 0) << created.err;
  }

  void TearDown() override {
    if (server_) server_->Stop(SIGTERM);
  }

  // Waits for a final phase of backup or restore `name`; "" when none came within 2 minutes.
  std::string FinalPhase(const std::string& kind, const std::string& name) {
    std::string phase;
    PollUntil(
        [&] {
          phase = env_->Phase(kind, name);
          return phase == "Completed" || phase == "PartiallyFailed" || phase == "Failed";
        },
        std::chrono::minutes(2));
    return phase;
  }

  // Names of the configmaps in `ns` that `restore` created.
  std::set<std::string> Restored(const std::string& ns, const std::string& restore) {
    auto got = env_->Kubectl({"get", "configmaps", "-n", ns, "-l", "ark-restore=" + restore, "-o",
                              "jsonpath={.items[*].metadata.name}"});
    EXPECT_EQ(got.exit_code, 0) << got.err;
    std::set<std::string> names;
    std::istringstream in(got.out);
    for (std::string name; in >> name;) names.insert(name);
    return names;
  }

  static std::set<std::string> AllConfigMaps() {
    std::set<std::string> names;
    for (int i = 0; i < kConfigMaps; ++i) names.insert("cm-" + std::to_string(i));
    return names;
  }

  std::string Describe(const std::string& kind, const std::string& name) {
    return env_->Ark({kind, "describe", name}).out + "\nserver log:\n" + server_->Stdout();
  }

  TempDir dir_;
  AwsWorld aws_;
  std::unique_ptr<FaultProxy> store_proxy_;
  std::unique_ptr<FaultProxy> api_proxy_;
  std::unique_ptr<ArkEnv> env_;
  std::unique_ptr<BackgroundProcess> server_;
};

// The API server goes away for four seconds in the middle of the backup's reads, and again
// in the middle of the restore's creates; the store for four seconds from the moment a
// second backup is created (its upload) and while its Backup object is synced back in.
TEST_F(OutageTest, OutagesOfSecondsLoseNoObjectAndEndCompleted) {
  // 1. API server outage during a backup: the outage starts once the server has read 100 KB
  //    more (the backup's LIST pages are 200 KB).
  api_proxy_->OutageAfterResponseBytes(100 << 10, std::chrono::seconds(4));
  auto b1 = env_->Ark({"backup", "create", "b1", "--include-namespaces", "big"});
  ASSERT_EQ(b1.exit_code, 0) << b1.err;
  EXPECT_EQ(FinalPhase("backups", "b1"), "Completed") << Describe("backup", "b1");
  ASSERT_TRUE(PollUntil([&] { return api_proxy_->outages_done() == 1; }));

  // 2. API server outage during a restore of it, into another namespace.
  api_proxy_->OutageAfterResponseBytes(60 << 10, std::chrono::seconds(4));
  auto r1 = env_->Ark({"restore", "create", "r1", "--from-backup", "b1", "--namespace-mappings",
                       "big:big-restored"});
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  EXPECT_EQ(FinalPhase("restores", "r1"), "Completed") << Describe("restore", "r1");
  ASSERT_TRUE(PollUntil([&] { return api_proxy_->outages_done() == 2; }));
  EXPECT_EQ(Restored("big-restored", "r1"), AllConfigMaps());

  // 3. Store outage (503) during the upload of a backup.
  store_proxy_->Answer503();
  std::thread back([&] {
    std::this_thread::sleep_for(std::chrono::seconds(4));
    store_proxy_->Pass();
  });
  auto b2 = env_->Ark({"backup", "create", "b2", "--include-namespaces", "big"});
  back.join();
  ASSERT_EQ(b2.exit_code, 0) << b2.err;
  EXPECT_GT(store_proxy_->answered_503(), 0) << "the outage met no request";
  EXPECT_EQ(FinalPhase("backups", "b2"), "Completed") << Describe("backup", "b2");

  // 4. Store outage during a sync: the Backup object is deleted from the cluster (its folder
  //    stays) and is synced back in once the store answers again.
  const int before = store_proxy_->answered_503();
  store_proxy_->Answer503();
  auto deleted = env_->Kubectl({"delete", "backups.ark.heptio.com", "b2", "-n", "heptio-ark"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  ASSERT_TRUE(PollUntil([&] { return store_proxy_->answered_503() > before; }))
      << "the sync never met the outage";
  std::this_thread::sleep_for(std::chrono::seconds(3));  // the outage's length
  store_proxy_->Pass();
  EXPECT_EQ(FinalPhase("backups", "b2"), "Completed") << server_->Stdout();

  // b2 restores every object: its tarball is whole.
  auto r2 = env_->Ark(
      {"restore", "create", "r2", "--from-backup", "b2", "--namespace-mappings", "big:big-again"});
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  EXPECT_EQ(FinalPhase("restores", "r2"), "Completed") << Describe("restore", "r2");
  EXPECT_EQ(Restored("big-again", "r2"), AllConfigMaps());
}

// A store that stays away past the retry budget: the backup ends Failed, saying why, and is
// not left InProgress.
TEST_F(OutageTest, StoreAwayPastTheBudgetFailsTheBackupHonestly) {
  store_proxy_->Answer503();
  auto b = env_->Ark({"backup", "create", "doomed", "--include-namespaces", "big"});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const std::string phase = FinalPhase("backups", "doomed");
  store_proxy_->Pass();
  EXPECT_EQ(phase, "Failed") << Describe("backup", "doomed");
  const std::string described = env_->Ark({"backup", "describe", "doomed"}).out;
  const std::string log = server_->Stdout();
  EXPECT_NE((described + log).find("503"), std::string::npos) << described << log;
  EXPECT_NE((described + log).find("gave up after"), std::string::npos) << described << log;
}

}  // namespace
}  // namespace ark::testing
