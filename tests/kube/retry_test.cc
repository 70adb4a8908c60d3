// Fault handling of the Kubernetes client against a stub API server (cpp-httplib on
// loopback): kubesim has no switch to answer 429 or 503, so these paths are driven here.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "kube/dynamic_client.h"
#include "kube/rest_client.h"
#include "stub_server.h"
#include "util/fake_clock.h"
#include "util/json_scan.h"

namespace ark::kube {
namespace {

using testing::StubServer;

const GroupVersionResource kConfigMaps{"", "v1", "configmaps"};

constexpr char kConfigMap[] =
    R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","namespace":"ns"}})";

std::string StatusBody(int code, const std::string& reason, const std::string& message) {
  return nlohmann::json({{"kind", "Status"},
                         {"apiVersion", "v1"},
                         {"status", "Failure"},
                         {"code", code},
                         {"reason", reason},
                         {"message", message}})
      .dump();
}

struct Fixture {
  FakeClock clock;
  StubServer stub;
  std::shared_ptr<RestClient> rest;
  std::unique_ptr<DynamicClient> client;

  void Start(RestConfig config = {}) {
    config.server = stub.Start();
    ClientEnv env;
    env.clock = &clock;
    env.random = [] { return 0.5; };
    auto r = RestClient::New(config, std::move(env));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    rest = *r;
    client = NewDynamicClient(rest);
  }
};

TEST(Retry, HonoursRetryAfterOn429) {
  Fixture f;
  std::atomic<int> calls{0};
  f.stub.server().Get(
      "/api/v1/namespaces/ns/configmaps/x", [&](const httplib::Request&, httplib::Response& res) {
        if (calls++ < 2) {
          res.status = 429;
          res.set_header("Retry-After", "7");
          res.set_content(StatusBody(429, "TooManyRequests", "slow down"), "application/json");
          return;
        }
        res.set_content(kConfigMap, "application/json");
      });
  f.Start();
  auto got = f.client->Get(kConfigMaps, "ns", "x");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(f.clock.slept_ms(), 14'000);  // exactly Retry-After twice, through the clock
}

TEST(Retry, CreateIsRetriedOn429ButNotOn503) {
  Fixture f;
  std::atomic<int> posts{0};
  std::atomic<int> mode{429};
  f.stub.server().Post(
      "/api/v1/namespaces/ns/configmaps", [&](const httplib::Request&, httplib::Response& res) {
        if (posts++ == 0) {
          res.status = mode.load();
          if (mode == 429) res.set_header("Retry-After", "1");
          res.set_content(
              StatusBody(mode, mode == 429 ? "TooManyRequests" : "ServiceUnavailable", "busy"),
              "application/json");
          return;
        }
        res.status = 201;
        res.set_content(kConfigMap, "application/json");
      });
  f.Start();
  auto created = f.client->Create(kConfigMaps, "ns", nlohmann::json::parse(kConfigMap));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(posts.load(), 2);

  posts = 0;
  mode = 503;
  created = f.client->Create(kConfigMaps, "ns", nlohmann::json::parse(kConfigMap));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(posts.load(), 1);  // a POST is not idempotent: one try
  EXPECT_EQ(created.status().code(), Code::kUnavailable);
  EXPECT_EQ(created.status().http_status(), 503);
  EXPECT_EQ(created.status().reason(), "ServiceUnavailable");
}

TEST(Retry, GetRetries5xxWithCappedBackoffThenGivesUp) {
  Fixture f;
  std::atomic<int> calls{0};
  f.stub.server().Get(
      "/api/v1/namespaces/ns/configmaps/x", [&](const httplib::Request&, httplib::Response& res) {
        ++calls;
        res.status = 500;
        res.set_content(StatusBody(500, "InternalError", "etcd is sad"), "application/json");
      });
  f.Start();
  auto got = f.client->Get(kConfigMaps, "ns", "x");
  ASSERT_FALSE(got.ok());
  // ClientEnv's default: waits doubling from 200 ms up to 5 s (jitter fixed at 0.5: 150,
  // 300, 600, 1200, 2400, then 3750 ms) while they end within 30 s of the first try.
  EXPECT_EQ(calls.load(), 12);
  EXPECT_EQ(f.clock.slept_ms(), 150 + 300 + 600 + 1200 + 2400 + 6 * 3750);
  EXPECT_EQ(got.status().code(), Code::kInternal);
  EXPECT_EQ(got.status().http_status(), 500);
  EXPECT_EQ(got.status().reason(), "InternalError");
  EXPECT_NE(got.status().message().find("etcd is sad"), std::string::npos);
  EXPECT_NE(got.status().message().find("gave up after 12 tries over 27.1 s"), std::string::npos)
      << got.status().ToString();
}

TEST(Retry, GetRetriesDroppedConnections) {
  Fixture f;
  std::atomic<int> calls{0};
  f.stub.server().Get(
      "/api/v1/namespaces/ns/configmaps/x", [&](const httplib::Request&, httplib::Response& res) {
        if (calls++ == 0) {
          // Headers, then the connection closes mid-body.
          res.set_header("Connection", "close");
          res.set_content_provider(1000, "application/json",
                                   [](size_t, size_t, httplib::DataSink&) { return false; });
          return;
        }
        res.set_content(kConfigMap, "application/json");
      });
  f.Start();
  auto got = f.client->Get(kConfigMaps, "ns", "x");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(calls.load(), 2);
}

struct MappingCase {
  int http;
  std::string reason;
  Code want;
};

TEST(Retry, ErrorsCarryStatusReasonAndMessage) {
  const std::vector<MappingCase> cases = {
      {404, "NotFound", Code::kNotFound},
      {409, "AlreadyExists", Code::kAlreadyExists},
      {409, "Conflict", Code::kConflict},
      {410, "Expired", Code::kGone},
      {422, "Invalid", Code::kInvalidArgument},
      {400, "BadRequest", Code::kInvalidArgument},
      {401, "Unauthorized", Code::kUnauthenticated},
      {403, "Forbidden", Code::kPermissionDenied},
      {405, "MethodNotAllowed", Code::kUnimplemented},
      {418, "", Code::kFailedPrecondition},
  };
  Fixture f;
  std::mutex mu;
  MappingCase current{};
  f.stub.server().Put("/api/v1/namespaces/ns/configmaps/x", [&](const httplib::Request&,
                                                                httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    res.status = current.http;
    res.set_content(StatusBody(current.http, current.reason, "the message"), "application/json");
  });
  f.Start();
  for (const auto& c : cases) {
    {
      std::lock_guard<std::mutex> lock(mu);
      current = c;
    }
    auto updated = f.client->Update(kConfigMaps, "ns", nlohmann::json::parse(kConfigMap));
    ASSERT_FALSE(updated.ok());
    EXPECT_EQ(updated.status().code(), c.want) << c.http << " " << c.reason;
    EXPECT_EQ(updated.status().http_status(), c.http);
    EXPECT_EQ(updated.status().reason(), c.reason);
    EXPECT_NE(updated.status().message().find("the message"), std::string::npos);
    EXPECT_NE(updated.status().message().find("PUT "), std::string::npos);
  }
}

TEST(Retry, RateLimiterPacesRequestsThroughTheClock) {
  Fixture f;
  f.stub.server().Get("/api/v1/namespaces/ns/configmaps/x",
                      [&](const httplib::Request&, httplib::Response& res) {
                        res.set_content(kConfigMap, "application/json");
                      });
  RestConfig config;
  config.qps = 10;
  config.burst = 2;
  f.Start(config);
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(f.client->Get(kConfigMaps, "ns", "x").ok());
  // Two from the burst, then four at 100 ms each (the fake clock only moves when slept).
  EXPECT_EQ(f.clock.slept_ms(), 400);
}

TEST(Retry, AQpsWithoutABurstPacesFromTheStart) {
  Fixture f;
  f.stub.server().Get("/api/v1/namespaces/ns/configmaps/x",
                      [&](const httplib::Request&, httplib::Response& res) {
                        res.set_content(kConfigMap, "application/json");
                      });
  RestConfig config;
  config.qps = 10;  // burst unset: one second's worth, 10
  f.Start(config);
  for (int i = 0; i < 15; ++i) ASSERT_TRUE(f.client->Get(kConfigMaps, "ns", "x").ok());
  EXPECT_EQ(f.clock.slept_ms(), 500);
  RestConfig slow;
  slow.qps = 0.5;
  EXPECT_EQ(BurstFor(slow), 1);
  EXPECT_EQ(BurstFor(RestConfig()), kDefaultBurst);
}

TEST(Retry, DefaultRateLimitDoesNotThrottle) {
  Fixture f;
  f.stub.server().Get("/api/v1/namespaces/ns/configmaps/x",
                      [&](const httplib::Request&, httplib::Response& res) {
                        res.set_content(kConfigMap, "application/json");
                      });
  f.Start();
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(f.client->Get(kConfigMaps, "ns", "x").ok());
  EXPECT_EQ(f.clock.slept_ms(), 0);
}

// A list response that is not what the API promises fails the list with an error naming the
// request and the fault; nothing of it is handed over.
TEST(ListResponses, MalformedBodiesAreErrorsNotItems) {
  const struct {
    const char* body;
    const char* error;
  } cases[] = {
      {"not json", "response is not a JSON object"},
      {R"({"kind":"ConfigMapList","items":{"a":1}})", "items is not an array"},
      {R"({"kind":"ConfigMapList","items":[{"metadata":{}},7]})", "a list item is not an object"},
      {R"({"kind":"ConfigMapList","items":[{"metadata":{}},]})", "response is not a JSON object"},
      {R"({"kind":"ConfigMapList","items":[{"metadata":{"name":"a\q"}}]})",
       "response is not a JSON object"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    Fixture f;
    f.stub.server().Get("/api/v1/namespaces/ns/configmaps",
                        [&](const httplib::Request&, httplib::Response& res) {
                          res.set_content(c.body, "application/json");
                        });
    f.Start();
    int pages = 0;
    Status status = f.client->ListRaw(kConfigMaps, "ns", {}, [&](RawListPage&) {
      ++pages;
      return Status::Ok();
    });
    EXPECT_EQ(status.code(), Code::kInternal);
    EXPECT_NE(status.message().find("GET /api/v1/namespaces/ns/configmaps"), std::string::npos)
        << status.ToString();
    EXPECT_NE(status.message().find(c.error), std::string::npos) << status.ToString();
    EXPECT_EQ(pages, 0);
  }
}

// Unsplit, a page is handed over before its items are read: a fault among them fails the
// walk, and the list, with an error naming the request; the items before it were read. A
// caller that does not walk still gets the error.
TEST(ListResponses, MalformedItemsOfUnsplitPagesFailTheWalk) {
  const struct {
    const char* items;
    const char* error;
    size_t read_before;
  } cases[] = {
      {R"([{"metadata":{"name":"a"}},7])", "a list item is not an object", 1},
      {R"([{"metadata":{"name":"a"}},])", "a list item is not an object", 1},
      {R"([{"metadata":{"name":"a\q"}}])", "a list item is not well-formed JSON", 0},
      {R"([{"metadata":{"name":"a"}} {"metadata":{}}])", "the items array is not well-formed", 1},
      {R"([{"metadata":{"name":"a"}}],)", "response is not a JSON object", 1},
      {R"([{"metadata":{"name":"a"}}],"x":})", "response is not a JSON object", 1},
  };
  for (const auto& c : cases) {
    for (bool walk : {true, false}) {
      SCOPED_TRACE(std::string(c.items) + (walk ? " walked" : " not walked"));
      Fixture f;
      const std::string body =
          std::string(R"({"kind":"ConfigMapList","apiVersion":"v1","metadata":{},"items":)") +
          c.items + (std::string_view(c.items).back() == ']' ? "}" : "");
      f.stub.server().Get("/api/v1/namespaces/ns/configmaps",
                          [&](const httplib::Request&, httplib::Response& res) {
                            res.set_content(body, "application/json");
                          });
      f.Start();
      ListOptions options;
      options.split_items = false;
      size_t read = 0;
      Status status = f.client->ListRaw(kConfigMaps, "ns", options, [&](RawListPage& page) {
        if (!walk) return Status::Ok();
        return page.WalkItems([&](std::string_view text) {
          const size_t end = json_scan::ValueEnd(text, 0);
          if (end != json_scan::npos) ++read;
          return end;
        });
      });
      EXPECT_EQ(status.code(), Code::kInternal);
      EXPECT_NE(status.message().find("GET /api/v1/namespaces/ns/configmaps"), std::string::npos)
          << status.ToString();
      EXPECT_NE(status.message().find(c.error), std::string::npos) << status.ToString();
      if (walk) {
        EXPECT_EQ(read, c.read_before);
      }
    }
  }
}

// Where the list's metadata follows its items, the continue token is not known when the
// items would be handed over: such a page is split first, whatever the caller asked.
TEST(ListResponses, UnsplitPagesWithMetadataAfterTheItemsArriveSplit) {
  Fixture f;
  f.stub.server().Get(
      "/api/v1/namespaces/ns/configmaps", [&](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"kind":"ConfigMapList","items":[{"metadata":{"name":"a"}},
                                            {"metadata":{"name":"b"}}],"metadata":{"resourceVersion":"5"}})",
                        "application/json");
      });
  f.Start();
  ListOptions options;
  options.split_items = false;
  std::vector<std::string> names;
  Status status = f.client->ListRaw(kConfigMaps, "ns", options, [&](RawListPage& page) {
    EXPECT_EQ(page.items.size(), 2u);
    EXPECT_EQ(page.resource_version, "5");
    return page.WalkItems([&](std::string_view item) {
      names.push_back(json_scan::StringAt(item, "metadata", "name"));
      return item.size();
    });
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b"}));
}

TEST(ListResponses, NullItemsIsAnEmptyList) {
  Fixture f;
  f.stub.server().Get("/api/v1/namespaces/ns/configmaps",
                      [&](const httplib::Request&, httplib::Response& res) {
                        res.set_content(R"({"kind":"ConfigMapList","apiVersion":"v1",
                                            "metadata":{"resourceVersion":"9"},"items":null})",
                                        "application/json");
                      });
  f.Start();
  int pages = 0;
  Status status = f.client->List(kConfigMaps, "ns", {}, [&](ListPage& page) {
    ++pages;
    EXPECT_TRUE(page.items.empty());
    EXPECT_EQ(page.resource_version, "9");
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(pages, 1);
}

}  // namespace
}  // namespace ark::kube
