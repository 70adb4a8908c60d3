// The libcurl transport against cpp-httplib servers on 127.0.0.1 (plain and TLS, with
// certificates made by the openssl CLI for each test run).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "http/client.h"
#include "support/process.h"
#include "support/tls_test_server.h"
#include "util/log.h"

namespace ark::http {
namespace {

using ark::testing::ReadFile;
using ark::testing::Run;
using ark::testing::TempDir;

using ark::testing::Serving;

std::unique_ptr<Client> NewClient(ClientOptions options = {}) {
  auto client = NewCurlClient(options);
  EXPECT_TRUE(client.ok());
  return std::move(client).value();
}

TEST(CurlClient, Any404IsAResponse) {
  httplib::Server server;
  server.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content("{\"kind\":\"Status\"}", "application/json");
  });
  Serving serving(server);
  Request request;
  request.url = serving.Url("http", "/missing");
  auto response = NewClient()->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->body, "{\"kind\":\"Status\"}");
  EXPECT_EQ(response->headers.Get("content-type"), "application/json");
}

// A caller reading page after page hands the last body's memory back for the next one.
TEST(CurlClient, ReadsTheBodyIntoTheStorageItIsGiven) {
  httplib::Server server;
  const std::string page(300000, 'p');
  server.Get("/page", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(page, "application/json");
  });
  Serving serving(server);
  auto client = NewClient();
  std::string storage;
  storage.reserve(1 << 20);
  storage = "left over from the last page";
  const char* memory = storage.data();
  Request request;
  request.url = serving.Url("http", "/page");
  request.body_storage = &storage;
  auto response = client->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, page) << "the old contents are cleared, not kept";
  EXPECT_EQ(response->body.data(), memory) << "the body was read into the storage's memory";
}

TEST(CurlClient, StreamsSuccessfulBodiesAndKeepsErrorBodies) {
  httplib::Server server;
  server.Get("/stream", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/plain", [](size_t offset, httplib::DataSink& sink) {
      for (int i = 0; i < 100; ++i) {
        std::string line = "line " + std::to_string(i) + "\n";
        sink.write(line.data(), line.size());
      }
      sink.done();
      return true;
    });
  });
  server.Get("/error", [](const httplib::Request&, httplib::Response& res) {
    res.status = 410;
    res.set_content("expired", "text/plain");
  });
  Serving serving(server);
  auto client = NewClient();

  std::string streamed;
  Request request;
  request.url = serving.Url("http", "/stream");
  request.on_body = [&](std::string_view chunk) {
    streamed.append(chunk);
    return true;
  };
  auto response = client->Send(request);
  ASSERT_TRUE(response.ok());
  EXPECT_TRUE(response->body.empty());
  EXPECT_EQ(std::count(streamed.begin(), streamed.end(), '\n'), 100);

  streamed.clear();
  request.url = serving.Url("http", "/error");
  response = client->Send(request);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 410);
  EXPECT_EQ(response->body, "expired");
  EXPECT_TRUE(streamed.empty());

  // A sink that stops reading ends the request with Cancelled.
  request.url = serving.Url("http", "/stream");
  request.on_body = [](std::string_view) { return false; };
  response = client->Send(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), Code::kCancelled);
}

TEST(CurlClient, UploadsBodiesWithMethodAndHeaders) {
  httplib::Server server;
  server.Patch("/obj", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.method + " " + req.get_header_value("Content-Type") + " " + req.body,
                    "text/plain");
  });
  Serving serving(server);
  Request request;
  request.method = "PATCH";
  request.url = serving.Url("http", "/obj");
  request.headers.Set("Content-Type", "application/merge-patch+json");
  request.body = "{\"a\":1}";
  auto response = NewClient()->Send(request);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->body, "PATCH application/merge-patch+json {\"a\":1}");
}

TEST(CurlClient, TransportFailuresAreStatuses) {
  httplib::Server server;
  server.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the server being slow
    res.set_content("late", "text/plain");
  });
  Serving serving(server);
  Request request;
  request.url = serving.Url("http", "/slow?token=SECRET");
  request.timeout = std::chrono::milliseconds(100);
  auto response = NewClient()->Send(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), Code::kDeadlineExceeded);
  EXPECT_EQ(response.status().message().find("SECRET"), std::string::npos);

  Request refused;
  refused.url = "http://127.0.0.1:" + std::to_string(ark::testing::FreePort()) + "/";
  response = NewClient()->Send(refused);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), Code::kUnavailable);
}

// A peer that accepts connections and then neither reads nor answers, as an object store does
// when its process is stopped: the kernel completes the handshake, nothing else happens.
class SilentPeer {
 public:
  SilentPeer() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(listen(fd_, 8), 0);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentPeer() { close(fd_); }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(CurlClient, ATransferThatStallsFailsAfterTheStallTimeout) {
  SilentPeer peer;
  ClientOptions options;
  options.stall_timeout = std::chrono::seconds(1);
  auto client = NewClient(options);

  Request get;
  get.url = peer.Url("/bucket/key?X-Amz-Signature=SECRET");
  auto response = client->Send(get);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), Code::kDeadlineExceeded) << response.status().ToString();
  EXPECT_EQ(response.status().message().find("SECRET"), std::string::npos);

  // An upload larger than the socket buffers: the first megabytes go out, then nothing moves.
  Request put;
  put.method = "PUT";
  put.url = peer.Url("/bucket/tarball");
  put.body.assign(64 << 20, 'x');
  response = client->Send(put);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), Code::kDeadlineExceeded) << response.status().ToString();
}

TEST(CurlClient, DebugLogRedactsCredentials) {
  httplib::Server server;
  server.Get("/x", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok", "text/plain");
  });
  Serving serving(server);
  MemorySink sink;
  Logger logger(sink, LogLevel::kDebug);
  ClientOptions options;
  options.logger = &logger;
  Request request;
  request.url = serving.Url("http", "/x?sig=QUERYSECRET");
  request.headers.Set("Authorization", "Bearer TOKENSECRET");
  request.headers.Set("X-Trace", "visible");
  auto response = NewClient(options)->Send(request);
  ASSERT_TRUE(response.ok());
  std::string text = sink.Text();
  EXPECT_NE(text.find("HTTP request"), std::string::npos) << text;
  EXPECT_NE(text.find("status=200"), std::string::npos) << text;
  EXPECT_NE(text.find("visible"), std::string::npos) << text;
  EXPECT_EQ(text.find("TOKENSECRET"), std::string::npos) << text;
  EXPECT_EQ(text.find("QUERYSECRET"), std::string::npos) << text;
}

TEST(CurlClient, TlsWithCaDataFileClientCertificatesAndInsecureSkip) {
  ark::testing::TestPki pki;
  // The server demands a client certificate signed by the CA.
  httplib::SSLServer server(pki.dir.File("server.crt").c_str(), pki.dir.File("server.key").c_str(),
                            pki.dir.File("ca.crt").c_str());
  ASSERT_TRUE(server.is_valid());
  server.Get("/tls", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("secure", "text/plain");
  });
  Serving serving(server);
  Request request;
  request.url = serving.Url("https", "/tls");

  ClientOptions by_data;
  by_data.tls.ca_data = ReadFile(pki.dir.File("ca.crt"));
  by_data.tls.client_cert_data = ReadFile(pki.dir.File("client.crt"));
  by_data.tls.client_key_data = ReadFile(pki.dir.File("client.key"));
  auto response = NewClient(by_data)->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, "secure");

  ClientOptions by_file;
  by_file.tls.ca_file = pki.dir.File("ca.crt");
  by_file.tls.client_cert_file = pki.dir.File("client.crt");
  by_file.tls.client_key_file = pki.dir.File("client.key");
  response = NewClient(by_file)->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();

  // Without the client certificate the handshake fails: no response at all.
  ClientOptions no_cert;
  no_cert.tls.ca_file = pki.dir.File("ca.crt");
  response = NewClient(no_cert)->Send(request);
  EXPECT_FALSE(response.ok());

  // Without the CA the server is not trusted.
  ClientOptions untrusted = by_file;
  untrusted.tls.ca_file.clear();
  untrusted.tls.ca_data.clear();
  response = NewClient(untrusted)->Send(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), Code::kFailedPrecondition);

  // insecure-skip-tls-verify connects anyway and says so in the log.
  MemorySink sink;
  Logger logger(sink, LogLevel::kInfo);
  ClientOptions insecure = untrusted;
  insecure.tls.insecure_skip_verify = true;
  insecure.logger = &logger;
  response = NewClient(insecure)->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_NE(sink.Text().find("level=warning"), std::string::npos);
  EXPECT_NE(sink.Text().find("insecure-skip-tls-verify"), std::string::npos);
}

TEST(CurlClient, ManyThreadsShareOneClient) {
  httplib::Server server;
  server.Get("/n", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.get_param_value("i"), "text/plain");
  });
  Serving serving(server);
  auto client = NewClient();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        Request request;
        std::string id = std::to_string(t * 100 + i);
        request.url = serving.Url("http", "/n?i=" + id);
        auto response = client->Send(request);
        if (response.ok() && response->body == id) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 200);
}

}  // namespace
}  // namespace ark::http
