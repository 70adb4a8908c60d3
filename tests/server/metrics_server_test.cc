#include "server/metrics_server.h"

#include <gtest/gtest.h>

#include "http/client.h"

namespace ark::server {
namespace {

http::Response Fetch(const std::string& address, const std::string& path) {
  auto client = http::NewCurlClient({});
  EXPECT_TRUE(client.ok()) << client.status().ToString();
  http::Request request;
  request.method = "GET";
  request.url = "http://" + address + path;
  auto response = (*client)->Send(request);
  EXPECT_TRUE(response.ok()) << response.status().ToString();
  return response.ok() ? *response : http::Response{};
}

TEST(MetricsServerTest, ServesMetricsAndHealth) {
  controller::Metrics metrics;
  metrics.BackupAttempt("daily");
  bool healthy = true;
  auto server = MetricsServer::Start("127.0.0.1:0", metrics, [&healthy] { return healthy; });
  ASSERT_TRUE(server.ok()) << server.status().ToString();

  http::Response page = Fetch((*server)->address(), "/metrics");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("ark_backup_attempt_total{schedule=\"daily\"} 1"), std::string::npos)
      << page.body;
  EXPECT_EQ(Fetch((*server)->address(), "/healthz").status, 200);
  healthy = false;
  EXPECT_EQ(Fetch((*server)->address(), "/healthz").status, 503);
}

// Two servers on one cluster must not share a metrics port in silence: the second one to
// bind is refused and says why.
TEST(MetricsServerTest, SecondServerOnTheSameAddressIsRefused) {
  controller::Metrics metrics;
  auto first = MetricsServer::Start("127.0.0.1:0", metrics, nullptr);
  ASSERT_TRUE(first.ok()) << first.status().ToString();

  auto second = MetricsServer::Start((*first)->address(), metrics, nullptr);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().ToString().find("address in use"), std::string::npos)
      << second.status().ToString();
  EXPECT_NE(second.status().ToString().find((*first)->address()), std::string::npos);
}

TEST(MetricsServerTest, AddressIsReusableOnceTheFirstServerStops) {
  controller::Metrics metrics;
  std::string address;
  {
    auto first = MetricsServer::Start("127.0.0.1:0", metrics, nullptr);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    address = (*first)->address();
    EXPECT_EQ(Fetch(address, "/healthz").status, 200);  // leaves a connection in TIME_WAIT
  }
  auto again = MetricsServer::Start(address, metrics, nullptr);
  EXPECT_TRUE(again.ok()) << again.status().ToString();
}

TEST(MetricsServerTest, MalformedAddressesAreRefusedWithTheFlagName) {
  controller::Metrics metrics;
  for (const char* bad : {"8085", "127.0.0.1:http", "127.0.0.1:70000"}) {
    auto server = MetricsServer::Start(bad, metrics, nullptr);
    ASSERT_FALSE(server.ok()) << bad;
    EXPECT_NE(server.status().ToString().find("--metrics-address"), std::string::npos);
  }
}

}  // namespace
}  // namespace ark::server
