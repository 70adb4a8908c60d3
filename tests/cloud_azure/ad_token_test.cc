// AdTokenSource against a stub Azure AD token endpoint (cpp-httplib), written from the
// Microsoft identity platform's client-credentials flow reference; no emulator exists for it.
#include "cloud/azure/ad_token.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <thread>

#include "util/fake_clock.h"

namespace ark::cloud::azure {
namespace {

class StubAd {
 public:
  StubAd() {
    server_.Post(R"(/([^/]+)/oauth2/v2\.0/token)", [this](const httplib::Request& req,
                                                          httplib::Response& res) {
      ++calls_;
      if (req.matches[1] != "tenant-1" ||
          req.get_param_value("grant_type") != "client_credentials" ||
          req.get_param_value("client_id") != "client-1" ||
          req.get_param_value("scope") != kArmScope) {
        res.status = 400;
        res.set_content(R"({"error":"invalid_request"})", "application/json");
        return;
      }
      if (req.get_param_value("client_secret") != "right secret&=") {
        res.status = 401;
        res.set_content(R"({"error":"invalid_client","error_description":"bad secret"})",
                        "application/json");
        return;
      }
      res.set_content("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"tok-" +
                          std::to_string(calls_.load()) + "\"}",
                      "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // The socket already listens: connections wait in its backlog until the loop runs.
  }
  ~StubAd() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  int calls() const { return calls_; }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> calls_{0};
};

std::shared_ptr<http::Client> Client() {
  return std::shared_ptr<http::Client>(std::move(*http::NewCurlClient({})));
}

TEST(AdToken, FetchesCachesAndRefreshesBeforeExpiry) {
  StubAd ad;
  FakeClock clock;
  AdTokenSource source(ad.url(), {"tenant-1", "client-1", "right secret&="}, kArmScope, Client(),
                       clock);
  auto t = source.Token();
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(*t, "tok-1");
  clock.Advance(std::chrono::minutes(50));
  EXPECT_EQ(*source.Token(), "tok-1");
  EXPECT_EQ(ad.calls(), 1);
  // Within five minutes of the 3599 s expiry: fetched anew.
  clock.Advance(std::chrono::minutes(5));
  EXPECT_EQ(*source.Token(), "tok-2");
  EXPECT_EQ(ad.calls(), 2);
}

TEST(AdToken, WrongSecretIsUnauthenticatedWithoutTheSecret) {
  StubAd ad;
  FakeClock clock;
  AdTokenSource source(ad.url(), {"tenant-1", "client-1", "wrong-secret"}, kArmScope, Client(),
                       clock);
  auto t = source.Token();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(t.status().reason(), "invalid_client");
  EXPECT_NE(t.status().message().find("client-1"), std::string::npos);
  EXPECT_NE(t.status().message().find("tenant-1"), std::string::npos);
  EXPECT_EQ(t.status().ToString().find("wrong-secret"), std::string::npos);
}

TEST(AdToken, UnreachableAuthorityIsAnError) {
  FakeClock clock;
  AdTokenSource source("http://127.0.0.1:1", {"tenant-1", "client-1", "s"}, kArmScope, Client(),
                       clock);
  auto t = source.Token();
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("client-1"), std::string::npos) << t.status().ToString();
}

TEST(AdToken, AuthorityHostFromTheEnvironment) {
  ProviderEnv env;
  env.getenv = [](std::string_view name) -> std::optional<std::string> {
    if (name == "AZURE_AUTHORITY_HOST") return "https://login.microsoftonline.us/";
    return std::nullopt;
  };
  EXPECT_EQ(AuthorityHost(env), "https://login.microsoftonline.us");
  env.getenv = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_EQ(AuthorityHost(env), "https://login.microsoftonline.com");
}

}  // namespace
}  // namespace ark::cloud::azure
