// Paged lists and restore-style creates through transient faults: against a stub API server
// on a fake clock (cut bodies, 503 and 429 for a while, a server that never recovers), and
// against kubesim behind a fault proxy on the real clock (refused connections for seconds,
// responses reset mid-body).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "kube/dynamic_client.h"
#include "kube/rest_client.h"
#include "kubesim_fixture.h"
#include "stub_server.h"
#include "support/fault_proxy.h"
#include "util/fake_clock.h"
#include "util/json_scan.h"

namespace ark::kube {
namespace {

using testing::StubServer;

const GroupVersionResource kConfigMaps{"", "v1", "configmaps"};

// Page `n` (0-based) of a four-page list of items "cm-<n>a" and "cm-<n>b"; each page but the
// last carries the continue token "t<n+1>".
std::string Page(int n) {
  nlohmann::json page = {
      {"kind", "ConfigMapList"}, {"apiVersion", "v1"}, {"metadata", {{"resourceVersion", "7"}}}};
  if (n < 3) page["metadata"]["continue"] = "t" + std::to_string(n + 1);
  for (const char* suffix : {"a", "b"}) {
    page["items"].push_back(
        {{"metadata", {{"name", "cm-" + std::to_string(n) + suffix}, {"namespace", "ns"}}},
         {"data", {{"pad", std::string(2000, 'x')}}}});
  }
  return page.dump();
}

std::vector<std::string> AllItems() {
  std::vector<std::string> want;
  for (int n = 0; n < 4; ++n) {
    want.push_back("cm-" + std::to_string(n) + "a");
    want.push_back("cm-" + std::to_string(n) + "b");
  }
  return want;
}

int PageNumber(const httplib::Request& req) {
  const std::string token = req.get_param_value("continue");
  return token.empty() ? 0 : std::stoi(token.substr(1));
}

struct StubFixture {
  FakeClock clock;
  StubServer stub;
  std::shared_ptr<RestClient> rest;
  std::unique_ptr<DynamicClient> client;

  void Start() {
    RestConfig config;
    config.server = stub.Start();
    ClientEnv env;
    env.clock = &clock;
    env.random = [] { return 0.5; };
    auto r = RestClient::New(config, std::move(env));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    rest = *r;
    client = NewDynamicClient(rest);
  }

  // Lists every page with limit 2; the names in the order delivered.
  Status ListNames(std::vector<std::string>* names) {
    ListOptions options;
    options.limit = 2;
    return client->ListRaw(kConfigMaps, "ns", options, [&](RawListPage& page) {
      for (std::string_view item : page.items) {
        names->push_back(json_scan::StringAt(item, "metadata", "name"));
      }
      return Status::Ok();
    });
  }
};

// A page whose body breaks off half-way is asked for again with the same continue token; the
// half that arrived is not handed over, so no item comes twice.
TEST(ListRetry, PageCutHalfWayIsRequestedAgainWithItsToken) {
  StubFixture f;
  std::mutex mu;
  std::vector<std::string> tokens;
  bool cut = false;
  f.stub.server().Get(
      "/api/v1/namespaces/ns/configmaps", [&](const httplib::Request& req, httplib::Response& res) {
        const int n = PageNumber(req);
        bool cut_this = false;
        {
          std::lock_guard<std::mutex> lock(mu);
          tokens.push_back(req.get_param_value("continue"));
          cut_this = n == 2 && !cut;
          cut = cut || cut_this;
        }
        const std::string body = Page(n);
        if (!cut_this) {
          res.set_content(body, "application/json");
          return;
        }
        res.set_header("Connection", "close");
        res.set_content_provider(body.size(), "application/json",
                                 [body](size_t offset, size_t, httplib::DataSink& sink) {
                                   if (offset > 0) return false;  // half the body, then the end
                                   sink.write(body.data(), body.size() / 2);
                                   return true;
                                 });
      });
  f.Start();
  std::vector<std::string> names;
  Status listed = f.ListNames(&names);
  ASSERT_TRUE(listed.ok()) << listed.ToString();
  EXPECT_EQ(names, AllItems());
  EXPECT_EQ(tokens, (std::vector<std::string>{"", "t1", "t2", "t2", "t3"}));
}

// 503, 429, 500 and 504 answers for five seconds in the middle of a list: the pages are retried
// through them and the list ends with every item, once.
TEST(ListRetry, OutageOfSecondsInTheMiddleOfAListIsRiddenThrough) {
  for (int status : {503, 429, 500, 504}) {
    SCOPED_TRACE(status);
    StubFixture f;
    std::atomic<int> refused{0};
    std::mutex mu;
    std::optional<Clock::TimePoint> outage_start;
    f.stub.server().Get("/api/v1/namespaces/ns/configmaps", [&](const httplib::Request& req,
                                                                httplib::Response& res) {
      const int n = PageNumber(req);
      {
        std::lock_guard<std::mutex> lock(mu);
        if (n == 2 && !outage_start) outage_start = f.clock.Now();
        if (outage_start && f.clock.Now() - *outage_start < std::chrono::seconds(5)) {
          ++refused;
          res.status = status;
          res.set_content(R"({"kind":"Status","code":)" + std::to_string(status) + "}",
                          "application/json");
          return;
        }
      }
      res.set_content(Page(n), "application/json");
    });
    f.Start();
    std::vector<std::string> names;
    Status listed = f.ListNames(&names);
    ASSERT_TRUE(listed.ok()) << listed.ToString();
    EXPECT_EQ(names, AllItems());
    EXPECT_EQ(refused.load(), 6);          // 150 + 300 + 600 + 1200 + 2400 ms < 5 s
    EXPECT_GE(f.clock.slept_ms(), 5'000);  // the pager waited the outage out
  }
}

// A server that stays broken ends the list after the budget, with an error that names the
// request, what the server said, and how long it was tried.
TEST(ListRetry, PermanentFailureIsAnErrorNamingTheResourceAfterTheBudget) {
  StubFixture f;
  f.stub.server().Get("/api/v1/namespaces/ns/configmaps",
                      [&](const httplib::Request& req, httplib::Response& res) {
                        const int n = PageNumber(req);
                        if (n == 1) {
                          res.status = 503;
                          res.set_content(R"({"kind":"Status","status":"Failure","code":503,)"
                                          R"("reason":"ServiceUnavailable",)"
                                          R"("message":"etcd leader lost"})",
                                          "application/json");
                          return;
                        }
                        res.set_content(Page(n), "application/json");
                      });
  f.Start();
  std::vector<std::string> names;
  Status listed = f.ListNames(&names);
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(listed.code(), Code::kUnavailable);
  EXPECT_EQ(listed.http_status(), 503);
  const std::string& message = listed.message();
  EXPECT_NE(message.find("GET"), std::string::npos) << message;
  EXPECT_NE(message.find("/api/v1/namespaces/ns/configmaps"), std::string::npos) << message;
  EXPECT_NE(message.find("etcd leader lost"), std::string::npos) << message;
  EXPECT_NE(message.find("gave up after 12 tries"), std::string::npos) << message;
  EXPECT_LE(f.clock.slept_ms(), 30'000);
  EXPECT_EQ(names, (std::vector<std::string>{"cm-0a", "cm-0b"}));  // the first page only
}

// A restore's create (CreateWithoutResult of a named object) is retried on 5xx and dropped
// connections; an unnamed one (generateName) is not: its retry would make a second object.
TEST(CreateRetry, NamedCreatesWithoutResultAreRetriedOn5xxAndResets) {
  StubFixture f;
  std::atomic<int> posts{0};
  std::atomic<int> fail_first{0};
  f.stub.server().Post(
      "/api/v1/namespaces/ns/configmaps", [&](const httplib::Request&, httplib::Response& res) {
        const int n = posts++;
        if (n < fail_first.load()) {
          if (n % 2 == 0) {
            res.status = 503;
            res.set_content(R"({"kind":"Status","code":503})", "application/json");
          } else {  // headers, then the connection closes mid-body
            res.set_header("Connection", "close");
            res.set_content_provider(100, "application/json",
                                     [](size_t, size_t, httplib::DataSink&) { return false; });
          }
          return;
        }
        res.status = 201;
        res.set_content(R"({"kind":"ConfigMap"})", "application/json");
      });
  f.Start();
  const Json named = {{"apiVersion", "v1"},
                      {"kind", "ConfigMap"},
                      {"metadata", {{"name", "x"}, {"namespace", "ns"}}}};
  fail_first = 4;
  Status created = f.client->CreateWithoutResult(kConfigMaps, "ns", named);
  EXPECT_TRUE(created.ok()) << created.ToString();
  EXPECT_EQ(posts.load(), 5);

  posts = 0;
  const Json unnamed = {{"apiVersion", "v1"},
                        {"kind", "ConfigMap"},
                        {"metadata", {{"generateName", "x-"}, {"namespace", "ns"}}}};
  created = f.client->CreateWithoutResult(kConfigMaps, "ns", unnamed);
  EXPECT_EQ(created.code(), Code::kUnavailable) << created.ToString();
  EXPECT_EQ(posts.load(), 1);
}

// kubesim behind a fault proxy, with the client's production retry policy and the real clock.
struct ProxiedKubesim {
  std::unique_ptr<ark::testing::Kubesim> sim;
  std::unique_ptr<ark::testing::FaultProxy> proxy;
  std::unique_ptr<DynamicClient> direct;   // straight to kubesim, for setup and checks
  std::unique_ptr<DynamicClient> proxied;  // through the proxy

  static std::unique_ptr<ProxiedKubesim> Start() {
    auto out = std::make_unique<ProxiedKubesim>();
    out->sim = ark::testing::Kubesim::Start({});
    if (!out->sim) return nullptr;
    const std::string url = out->sim->url();
    out->proxy = ark::testing::FaultProxy::Start(std::stoi(url.substr(url.rfind(':') + 1)));
    if (!out->proxy) return nullptr;
    RestConfig config;
    config.server = url;
    auto direct = NewDynamicClient(config);
    config.server = out->proxy->Url(url);
    auto proxied = NewDynamicClient(config);
    EXPECT_TRUE(direct.ok() && proxied.ok());
    if (!direct.ok() || !proxied.ok()) return nullptr;
    out->direct = std::move(*direct);
    out->proxied = std::move(*proxied);
    return out;
  }
};

void CreateConfigMaps(DynamicClient& client, const std::string& ns, int count) {
  ASSERT_TRUE(client.Create(testing::kNamespacesGvr, "", testing::Namespace(ns)).ok());
  for (int i = 0; i < count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "cm-%04d", i);
    ASSERT_TRUE(client.Create(kConfigMaps, ns, testing::ConfigMap(ns, name, {{"i", name}})).ok());
  }
}

std::set<std::string> Expected(int count) {
  std::set<std::string> want = {"kube-root-ca.crt"};
  for (int i = 0; i < count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "cm-%04d", i);
    want.insert(name);
  }
  return want;
}

// The API server refuses connections for three seconds between two pages of a list.
TEST(ListRetryKubesim, RefusedConnectionsForSecondsMidListLoseNothing) {
  auto k = ProxiedKubesim::Start();
  ASSERT_NE(k, nullptr);
  CreateConfigMaps(*k->direct, "out", 300);
  std::vector<std::string> names;
  std::thread back;
  int pages = 0;
  ListOptions options;
  options.limit = 50;
  Status listed = k->proxied->ListRaw(kConfigMaps, "out", options, [&](RawListPage& page) {
    for (std::string_view item : page.items) {
      names.push_back(json_scan::StringAt(item, "metadata", "name"));
    }
    if (++pages == 2) {
      k->proxy->Refuse();
      back = std::thread([&] {
        std::this_thread::sleep_for(std::chrono::seconds(3));
        k->proxy->Pass();
      });
    }
    return Status::Ok();
  });
  if (back.joinable()) back.join();
  ASSERT_TRUE(listed.ok()) << listed.ToString();
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()), Expected(300));
  EXPECT_EQ(names.size(), 301u) << "an item was delivered twice";
}

// The first three responses are reset after a few kilobytes: each page is asked for again
// until it arrives whole.
TEST(ListRetryKubesim, ResponsesResetMidBodyAreRequestedAgain) {
  auto k = ProxiedKubesim::Start();
  ASSERT_NE(k, nullptr);
  CreateConfigMaps(*k->direct, "cut", 300);
  k->proxy->CutResponsesAfter(3000, 3);
  std::vector<std::string> names;
  ListOptions options;
  options.limit = 100;
  Status listed = k->proxied->ListRaw(kConfigMaps, "cut", options, [&](RawListPage& page) {
    for (std::string_view item : page.items) {
      names.push_back(json_scan::StringAt(item, "metadata", "name"));
    }
    return Status::Ok();
  });
  ASSERT_TRUE(listed.ok()) << listed.ToString();
  EXPECT_EQ(k->proxy->cuts(), 3);
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()), Expected(300));
  EXPECT_EQ(names.size(), 301u) << "an item was delivered twice";
}

// Creates through a three-second outage all land; none is reported failed or duplicated.
TEST(CreateRetryKubesim, CreatesThroughAnOutageOfSecondsAllLand) {
  auto k = ProxiedKubesim::Start();
  ASSERT_NE(k, nullptr);
  ASSERT_TRUE(k->direct->Create(testing::kNamespacesGvr, "", testing::Namespace("in")).ok());
  std::thread back;
  for (int i = 0; i < 40; ++i) {
    if (i == 10) {
      k->proxy->Refuse();
      back = std::thread([&] {
        std::this_thread::sleep_for(std::chrono::seconds(3));
        k->proxy->Pass();
      });
    }
    char name[32];
    std::snprintf(name, sizeof name, "cm-%04d", i);
    Status created =
        k->proxied->CreateWithoutResult(kConfigMaps, "in", testing::ConfigMap("in", name));
    EXPECT_TRUE(created.ok()) << name << ": " << created.ToString();
  }
  back.join();
  std::set<std::string> names;
  Status listed = k->direct->List(kConfigMaps, "in", {}, [&](ListPage& page) {
    for (const Json& item : page.items) names.insert(item["metadata"]["name"].get<std::string>());
    return Status::Ok();
  });
  ASSERT_TRUE(listed.ok()) << listed.ToString();
  EXPECT_EQ(names, Expected(40));
}

}  // namespace
}  // namespace ark::kube
