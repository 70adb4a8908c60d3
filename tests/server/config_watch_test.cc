#include "server/config_watch.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "api/resources.h"
#include "cloud/builtin_providers.h"
#include "kube/rest_config.h"
#include "server/server_config.h"
#include "server/storage_setup.h"
#include "support/kubesim.h"
#include "support/process.h"
#include "util/base64.h"

namespace ark::server {
namespace {

using nlohmann::json;

// Ends a WaitForChange that would otherwise never return, so a broken watch fails the test
// instead of hanging it.
class Deadline {
 public:
  Deadline(StopSignal& stop, std::chrono::seconds after)
      : thread_([this, &stop, after] {
          if (!done_.WaitFor(after)) stop.Notify();
        }) {}
  ~Deadline() {
    done_.Notify();
    thread_.join();
  }

 private:
  StopSignal done_;
  std::thread thread_;
};

class ConfigWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = ark::testing::Kubesim::Start();
    ASSERT_NE(sim_, nullptr);
    auto applied =
        ark::testing::Run({"kubectl", "--kubeconfig", sim_->kubeconfig(), "apply", "-f",
                           std::string(ARK_SOURCE_DIR) + "/examples/common/00-prereqs.yaml"});
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
    kube::LoadOptions options;
    options.kubeconfig = sim_->kubeconfig();
    auto config = kube::LoadRestConfig(options);
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    auto client = kube::NewDynamicClient(*config);
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    client_ = std::move(*client);
    cloud::RegisterBuiltinProviders(providers_);
  }

  json CreateConfig(const json& body) {
    json config = body;
    config["apiVersion"] = "ark.heptio.com/v1";
    config["kind"] = "Config";
    config["metadata"] = {{"name", "default"}, {"namespace", "heptio-ark"}};
    auto created = client_->Create(api::ConfigsGvr(), "heptio-ark", config);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : json();
  }

  json LocalStorage() {
    return {{"backupStorageProvider",
             {{"name", "local"}, {"bucket", "b"}, {"config", {{"path", dir_.path()}}}}}};
  }

  std::unique_ptr<ark::testing::Kubesim> sim_;
  std::unique_ptr<kube::DynamicClient> client_;
  cloud::ProviderRegistry providers_;
  ark::testing::TempDir dir_;
  DiscardSink log_sink_;
  Logger log_{log_sink_, LogLevel::kInfo, SystemClock()};
};

TEST_F(ConfigWatchTest, AChangedOrDeletedConfigIsAChangeAndAStopIsNot) {
  json config = CreateConfig(LocalStorage());
  {
    ConfigWatch watch(*client_, "heptio-ark", config, log_);
    ASSERT_TRUE(watch.informer().WaitForSync(std::chrono::seconds(10)));
    json changed = config;
    changed["gcSyncPeriod"] = "2h0m0s";
    ASSERT_TRUE(client_->Update(api::ConfigsGvr(), "heptio-ark", changed).ok());
    StopSignal stop;
    Deadline deadline(stop, std::chrono::seconds(30));
    auto result = watch.WaitForChange(stop);
    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(*result);
  }
  {
    auto current = client_->Get(api::ConfigsGvr(), "heptio-ark", "default");
    ASSERT_TRUE(current.ok());
    ConfigWatch watch(*client_, "heptio-ark", *current, log_);
    ASSERT_TRUE(watch.informer().WaitForSync(std::chrono::seconds(10)));
    ASSERT_TRUE(client_->Delete(api::ConfigsGvr(), "heptio-ark", "default").ok());
    StopSignal stop;
    Deadline deadline(stop, std::chrono::seconds(30));
    auto result = watch.WaitForChange(stop);
    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(*result);
  }
  ConfigWatch watch(*client_, "heptio-ark", config, log_);
  StopSignal stop;
  stop.Notify();
  auto result = watch.WaitForChange(stop);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(*result);
}

TEST_F(ConfigWatchTest, StorageComesFromTheConfigAndAnUnknownProviderIsNamed) {
  json config = CreateConfig(LocalStorage());
  ConfigWatch watch(*client_, "heptio-ark", config, log_);
  auto parsed = ParseServerConfig(config);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  auto storage = SetUpStorage(*parsed, providers_, cloud::ProcessProviderEnv(), *client_,
                              "heptio-ark", watch, log_);
  ASSERT_TRUE(storage.ok()) << storage.status().ToString();
  EXPECT_NE(storage->object_store, nullptr);
  EXPECT_EQ(storage->block_store, nullptr);
  EXPECT_EQ(storage->keys, nullptr);

  parsed->storage.name = "nope";
  auto unknown = SetUpStorage(*parsed, providers_, cloud::ProcessProviderEnv(), *client_,
                              "heptio-ark", watch, log_);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message().rfind("backupStorageProvider: ", 0), 0u)
      << unknown.status().message();
  EXPECT_NE(unknown.status().message().find("nope"), std::string::npos);
}

TEST_F(ConfigWatchTest, AMissingKeySecretFailsTheSetUpAndItsCreationIsAChange) {
  json body = LocalStorage();
  body["encryption"] = {{"keySecret", "ark-keys"}, {"currentKeyID", "k1"}};
  json config = CreateConfig(body);
  ConfigWatch watch(*client_, "heptio-ark", config, log_);
  auto parsed = ParseServerConfig(config);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  auto storage = SetUpStorage(*parsed, providers_, cloud::ProcessProviderEnv(), *client_,
                              "heptio-ark", watch, log_);
  ASSERT_FALSE(storage.ok());
  EXPECT_NE(storage.status().message().find("ark-keys"), std::string::npos)
      << storage.status().message();

  json secret = {{"apiVersion", "v1"},
                 {"kind", "Secret"},
                 {"metadata", {{"name", "ark-keys"}, {"namespace", "heptio-ark"}}},
                 {"data", {{"k1", Base64Encode(std::string(32, 'k'))}}}};
  ASSERT_TRUE(client_->Create({"", "v1", "secrets"}, "heptio-ark", secret).ok());
  StopSignal stop;
  Deadline deadline(stop, std::chrono::seconds(30));
  auto result = watch.WaitForChange(stop);  // the Secret is polled every 5 s
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(*result);

  auto again = SetUpStorage(*parsed, providers_, cloud::ProcessProviderEnv(), *client_,
                            "heptio-ark", watch, log_);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_NE(again->keys, nullptr);
}

}  // namespace
}  // namespace ark::server
