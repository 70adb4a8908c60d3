// A backup sync through an API server that refuses connections for a few seconds (kubesim
// behind a fault proxy): it waits the outage out and then does all of its work.
#include <gtest/gtest.h>

#include <thread>

#include "api/resources.h"
#include "cloud/local/local_object_store.h"
#include "controller/sync_controller.h"
#include "kube/rest_config.h"
#include "kubesim_client.h"
#include "support/fault_proxy.h"
#include "support/process.h"

namespace ark::controller {
namespace {

using nlohmann::json;

json BackupObject(const std::string& name) {
  return {{"apiVersion", "ark.heptio.com/v1"},
          {"kind", "Backup"},
          {"metadata", {{"name", name}, {"namespace", "heptio-ark"}}},
          {"spec", {{"ttl", "720h0m0s"}}},
          {"status", {{"phase", "Completed"}}}};
}

TEST(SyncOutageTest, ASyncThroughSecondsOfRefusedConnectionsImportsAndRemovesAsUsual) {
  KubesimClient k = StartKubesimClient();
  ASSERT_NE(k.client, nullptr);
  const std::string url = k.sim->url();
  auto proxy = ark::testing::FaultProxy::Start(std::stoi(url.substr(url.rfind(':') + 1)));
  ASSERT_NE(proxy, nullptr);
  kube::RestConfig config;
  config.server = proxy->Url(url);
  auto proxied = kube::NewDynamicClient(config);
  ASSERT_TRUE(proxied.ok()) << proxied.status().ToString();

  ark::testing::TempDir dir;
  cloud::local::LocalObjectStore objects(dir.path());
  persistence::BackupStore store(objects, "ark");
  StringSource contents("tarball"), log("log");
  ASSERT_TRUE(store.PutBackup("stored", contents, 7, log, 3, BackupObject("stored")).ok());
  // In the cluster, finished, its files gone from the store.
  ASSERT_TRUE(k.client->Create(api::BackupsGvr(), "heptio-ark", BackupObject("gone")).ok());

  MemorySink log_sink;
  Logger logger(log_sink, LogLevel::kDebug);
  SyncController sync(**proxied, store, "heptio-ark", logger);
  proxy->Refuse();
  std::thread back([&] {
    std::this_thread::sleep_for(std::chrono::seconds(3));
    proxy->Pass();
  });
  sync.Run();
  back.join();

  EXPECT_EQ(log_sink.Text().find("Cannot"), std::string::npos) << log_sink.Text();
  auto imported = k.client->Get(api::BackupsGvr(), "heptio-ark", "stored");
  ASSERT_TRUE(imported.ok()) << "not synced in through the outage\n" << log_sink.Text();
  EXPECT_EQ(api::Phase(*imported), "Completed");
  EXPECT_EQ(k.client->Get(api::BackupsGvr(), "heptio-ark", "gone").status().code(), Code::kNotFound)
      << log_sink.Text();
}

}  // namespace
}  // namespace ark::controller
