// The exec client's WebSocket framing against a stub server that answers with frames kubesim
// never sends: fragmented messages, a ping between fragments, 64-bit lengths, a text-frame
// status in pieces, and a failure that is not an exit code.
#include <gtest/gtest.h>
#include <openssl/sha.h>

#include "kube/pod_exec.h"
#include "stub_server.h"
#include "util/base64.h"

namespace ark::kube {
namespace {

std::string Accept(const std::string& key) {
  std::string input = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

// An unmasked server frame.
std::string Frame(bool fin, uint8_t opcode, const std::string& payload) {
  std::string f(1, static_cast<char>((fin ? 0x80 : 0) | opcode));
  const uint64_t n = payload.size();
  if (n < 126) {
    f += static_cast<char>(n);
  } else if (n < 65536) {
    f += static_cast<char>(126);
    f += static_cast<char>(n >> 8);
    f += static_cast<char>(n & 0xff);
  } else {
    f += static_cast<char>(127);
    for (int i = 7; i >= 0; --i) f += static_cast<char>((n >> (8 * i)) & 0xff);
  }
  return f + payload;
}

class ExecFramesTest : public ::testing::Test {
 protected:
  // Serves `frames` as the upgraded connection's data; records the request's query.
  void Serve(std::string frames) {
    stub_.server().Get(".*", [this, frames](const httplib::Request& req, httplib::Response& res) {
      for (const auto& [k, v] : req.params) query_.emplace_back(k, v);
      authorization_ = req.get_header_value("Authorization");
      res.status = 101;
      res.set_header("Upgrade", "websocket");
      res.set_header("Connection", "Upgrade");
      res.set_header("Sec-WebSocket-Protocol", "v4.channel.k8s.io");
      res.set_header("Sec-WebSocket-Accept",
                     bad_accept_ ? "nope" : Accept(req.get_header_value("Sec-WebSocket-Key")));
      res.set_content(frames, "application/octet-stream");
    });
    RestConfig config;
    config.server = stub_.Start();
    config.bearer_token = "t0ken";
    auto exec = NewWebSocketPodExecutor(config);
    ASSERT_TRUE(exec.ok());
    exec_ = std::move(*exec);
  }

  Result<ExecResult> Run() {
    return exec_->Exec({"ns", "pod", "c", {"sh", "-c", "a b&c"}, std::chrono::seconds(5)});
  }

  testing::StubServer stub_;
  std::unique_ptr<PodExecutor> exec_;
  std::vector<std::pair<std::string, std::string>> query_;
  std::string authorization_;
  bool bad_accept_ = false;
};

TEST_F(ExecFramesTest, FragmentsPingsAndLongFrames) {
  const std::string big(70'000, 'z');
  Serve(Frame(false, 2, "\x01hel") + Frame(true, 9, "are you there") + Frame(true, 0, "lo ") +
        Frame(true, 2, "\x01" + big) + Frame(true, 2, std::string("\x02", 1) + "warn") +
        Frame(false, 1, "\x03{\"status\":\"Failure\",\"reason\":\"NonZeroExitCode\",") +
        Frame(true, 0, "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"42\"}]}}") +
        Frame(true, 8, "\x03\xe8"));
  auto r = Run();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->out, "hello " + big);
  EXPECT_EQ(r->err, "warn");
  EXPECT_EQ(r->exit_code, 42);
  std::vector<std::pair<std::string, std::string>> expected = {
      {"command", "sh"},  {"command", "-c"},  {"command", "a b&c"},
      {"container", "c"}, {"stderr", "true"}, {"stdout", "true"}};
  EXPECT_EQ(query_, expected);  // by name, each name's values in request order
  EXPECT_EQ(authorization_, "Bearer t0ken");
}

TEST_F(ExecFramesTest, CloseWithoutStatusIsSuccess) {
  Serve(Frame(true, 2, "\x01ok") + Frame(true, 8, ""));
  auto r = Run();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->out, "ok");
  EXPECT_EQ(r->exit_code, 0);
}

TEST_F(ExecFramesTest, FailureThatIsNotAnExitCodeIsAnError) {
  Serve(Frame(true, 2, "\x03{\"status\":\"Failure\",\"message\":\"container not running\"}") +
        Frame(true, 8, ""));
  auto r = Run();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInternal);
  EXPECT_NE(r.status().message().find("container not running"), std::string::npos);
  EXPECT_NE(r.status().message().find("ns/pod"), std::string::npos);
}

TEST_F(ExecFramesTest, WrongAcceptKeyIsRefused) {
  bad_accept_ = true;
  Serve(Frame(true, 8, ""));
  auto r = Run();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kUnavailable);
  EXPECT_NE(r.status().message().find("Sec-WebSocket-Accept"), std::string::npos);
}

}  // namespace
}  // namespace ark::kube
