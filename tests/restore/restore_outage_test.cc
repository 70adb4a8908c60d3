// The restore engine against kubesim through transient faults: an API server that refuses
// connections for seconds in the middle of a restore, and a create that lands while its
// answer is lost. Every object must be created, and counted as created, exactly once.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "http/client.h"
#include "kube/discovery.h"
#include "kube/rest_client.h"
#include "kube/rest_config.h"
#include "restore_env.h"
#include "support/fault_proxy.h"
#include "support/kubesim.h"

namespace ark::restore {
namespace {

using testing::BackupItem;
using testing::Json;

// Sends each request, but answers the first POST to configmaps with a reset once the server
// has handled it: the object exists and the client never heard so.
class LoseFirstCreateAnswer final : public http::Client {
 public:
  explicit LoseFirstCreateAnswer(std::shared_ptr<http::Client> real) : real_(std::move(real)) {}
  Result<http::Response> Send(const http::Request& request) override {
    Result<http::Response> response = real_->Send(request);
    if (request.method == "POST" && request.url.find("/configmaps") != std::string::npos &&
        response.ok() && response->status == 201 && !lost_.exchange(true)) {
      return Unavailable(request.method + " " + request.url + ": Connection reset by peer");
    }
    return response;
  }
  bool lost() const { return lost_.load(); }

 private:
  std::shared_ptr<http::Client> real_;
  std::atomic<bool> lost_{false};
};

struct Target {
  std::unique_ptr<ark::testing::Kubesim> sim;
  std::unique_ptr<ark::testing::FaultProxy> proxy;
  std::unique_ptr<kube::DynamicClient> client;  // through the proxy and `transport`
  std::unique_ptr<kube::Discovery> discovery;
  std::shared_ptr<LoseFirstCreateAnswer> transport;

  // `lose_an_answer`: the client's transport loses the answer to its first configmap create.
  static std::unique_ptr<Target> Start(bool lose_an_answer) {
    auto t = std::make_unique<Target>();
    t->sim = ark::testing::Kubesim::Start();
    if (!t->sim) return nullptr;
    const std::string url = t->sim->url();
    t->proxy = ark::testing::FaultProxy::Start(std::stoi(url.substr(url.rfind(':') + 1)));
    if (!t->proxy) return nullptr;
    kube::RestConfig config;
    config.server = t->proxy->Url(url);
    kube::ClientEnv env;
    if (lose_an_answer) {
      auto curl = http::NewCurlClient({});
      EXPECT_TRUE(curl.ok());
      if (!curl.ok()) return nullptr;
      t->transport = std::make_shared<LoseFirstCreateAnswer>(std::move(*curl));
      env.transport = t->transport;
    }
    auto rest = kube::RestClient::New(config, std::move(env));
    EXPECT_TRUE(rest.ok()) << rest.status().ToString();
    if (!rest.ok()) return nullptr;
    t->client = kube::NewDynamicClient(*rest);
    t->discovery = kube::NewDiscovery(*rest);
    return t;
  }

  std::vector<std::string> ConfigMapNames(const std::string& ns) {
    std::vector<std::string> names;
    Status listed = client->List({"", "v1", "configmaps"}, ns, {}, [&](kube::ListPage& page) {
      for (const Json& item : page.items) {
        const Json labels = item["metadata"].value("labels", Json::object());
        if (labels.is_object() && labels.contains("ark-restore")) {
          names.push_back(item["metadata"]["name"].get<std::string>());
        }
      }
      return Status::Ok();
    });
    EXPECT_TRUE(listed.ok()) << listed.ToString();
    return names;
  }
};

std::vector<BackupItem> Backup(const std::string& ns, int configmaps) {
  std::vector<BackupItem> items = {
      {"namespaces", {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}}}};
  for (int i = 0; i < configmaps; ++i) {
    const std::string name = "cm-" + std::to_string(i);
    items.push_back({"configmaps",
                     {{"apiVersion", "v1"},
                      {"kind", "ConfigMap"},
                      {"metadata", {{"name", name}, {"namespace", ns}}},
                      {"data", {{"i", std::to_string(i)}}}}});
  }
  return items;
}

// Runs a restore named `name` of `tarball` into `target`; `progress` sees each tier's end.
Result<RestoreOutcome> RunRestore(Target& target, const std::string& name,
                                  const std::string& tarball, const ProgressFn& progress = {}) {
  FakeClock clock;
  MemorySink log_sink;
  Logger log(log_sink, LogLevel::kDebug, clock);
  EngineOptions options;
  options.clock = &clock;
  RestoreEngine engine(*target.client, *target.discovery, nullptr, options);
  RestoreRequest request;
  request.name = name;
  StringSource source(tarball);
  return engine.Run(request, source, BackupInfo{}, log, progress);
}

// The API server refuses connections for three seconds from the end of the namespaces tier:
// every configmap create rides through it.
TEST(RestoreOutage, CreatesThroughSecondsOfRefusedConnectionsAllLand) {
  auto target = Target::Start(/*lose_an_answer=*/false);
  ASSERT_NE(target, nullptr);
  std::thread back;
  Result<RestoreOutcome> outcome =
      RunRestore(*target, "through-outage", testing::WriteBackupTarball(Backup("shop", 60)),
                 [&](const RestoreProgress& progress) {
                   if (progress.resource != "namespaces" || back.joinable()) return;
                   target->proxy->Refuse();
                   back = std::thread([&] {
                     std::this_thread::sleep_for(std::chrono::seconds(3));
                     target->proxy->Pass();
                   });
                 });
  ASSERT_TRUE(back.joinable()) << "the namespaces tier was not reported";
  back.join();
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->phase, Phase::kCompleted) << outcome->ResultsJson().dump();
  EXPECT_EQ(outcome->counts.created, 61);
  EXPECT_EQ(outcome->counts.failed, 0);
  EXPECT_EQ(target->ConfigMapNames("shop").size(), 60u);
}

// A create lands but its answer is lost; the retry is refused with AlreadyExists for an object
// carrying this restore's label: it counts as created, not as "already exists".
TEST(RestoreOutage, CreateWhoseAnswerWasLostCountsAsCreated) {
  auto target = Target::Start(/*lose_an_answer=*/true);
  ASSERT_NE(target, nullptr);
  Result<RestoreOutcome> outcome =
      RunRestore(*target, "lost-answer", testing::WriteBackupTarball(Backup("shop", 5)));
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(target->transport->lost());
  EXPECT_EQ(outcome->phase, Phase::kCompleted) << outcome->ResultsJson().dump();
  EXPECT_EQ(outcome->counts.created, 6);
  EXPECT_EQ(outcome->counts.unchanged, 0);
  EXPECT_EQ(outcome->counts.failed, 0);
  EXPECT_TRUE(outcome->warnings.empty() && outcome->errors.empty())
      << outcome->ResultsJson().dump();
  EXPECT_EQ(target->ConfigMapNames("shop").size(), 5u);
}

// An object of the same name that another restore (another label) made is not this restore's:
// it stays "already exists" (here identical, so unchanged), never counted as created.
TEST(RestoreOutage, AnotherRestoresObjectIsNotCountedAsCreated) {
  auto target = Target::Start(/*lose_an_answer=*/false);
  ASSERT_NE(target, nullptr);
  const std::string tarball = testing::WriteBackupTarball(Backup("shop", 3));
  Result<RestoreOutcome> first = RunRestore(*target, "first", tarball);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->counts.created, 4);
  Result<RestoreOutcome> second = RunRestore(*target, "second", tarball);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->counts.created, 0) << second->ResultsJson().dump();
}

}  // namespace
}  // namespace ark::restore
