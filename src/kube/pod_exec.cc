#include "kube/pod_exec.h"

#include <curl/curl.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

#include "http/curl_tls.h"
#include "kube/credentials.h"
#include "kube/resource_path.h"
#include "kube/rest_client.h"
#include "kube/status_mapping.h"
#include "util/ascii.h"
#include "util/base64.h"
#include "util/clock.h"
#include "util/duration.h"
#include "util/percent_encode.h"

namespace ark::kube {
namespace {

using SteadyTime = std::chrono::steady_clock::time_point;

constexpr std::string_view kProtocol = "v4.channel.k8s.io";
constexpr size_t kMaxHeaderBytes = 64 << 10;
constexpr size_t kMaxFrameBytes = 64 << 20;
constexpr size_t kMaxErrorBody = 1 << 20;

enum Opcode : uint8_t {
  kContinuation = 0,
  kText = 1,
  kBinary = 2,
  kClose = 8,
  kPing = 9,
  kPong = 10
};

// Key and masks (RFC 6455 asks for unpredictable ones).
std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  (void)RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n));
  return out;
}

std::string AcceptFor(const std::string& key) {
  static constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  std::string input = key + std::string(kGuid);
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

// A client frame: FIN set, masked with a fresh key (RFC 6455 5.3).
std::string ClientFrame(uint8_t opcode, std::string_view payload) {
  std::string f;
  f += static_cast<char>(0x80 | opcode);
  const size_t n = payload.size();
  if (n < 126) {
    f += static_cast<char>(0x80 | n);
  } else if (n < 65536) {
    f += static_cast<char>(0x80 | 126);
    f += static_cast<char>(n >> 8);
    f += static_cast<char>(n & 0xff);
  } else {
    f += static_cast<char>(0x80 | 127);
    for (int i = 7; i >= 0; --i)
      f += static_cast<char>((static_cast<uint64_t>(n) >> (8 * i)) & 0xff);
  }
  const std::string key = RandomBytes(4);
  f += key;
  for (size_t i = 0; i < n; ++i) f += static_cast<char>(payload[i] ^ key[i % 4]);
  return f;
}

struct Frame {
  bool fin = false;
  uint8_t opcode = 0;
  std::string payload;
};

// Takes one frame off the front of `buf`: 1 when one was taken, 0 when more bytes are
// needed, -1 when it is too large.
int TakeFrame(std::string* buf, Frame* frame) {
  const std::string& b = *buf;
  if (b.size() < 2) return 0;
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(b[i]); };
  frame->fin = (byte(0) & 0x80) != 0;
  frame->opcode = byte(0) & 0x0f;
  const bool masked = (byte(1) & 0x80) != 0;
  uint64_t len = byte(1) & 0x7f;
  size_t pos = 2;
  if (len == 126) {
    if (b.size() < 4) return 0;
    len = (uint64_t{byte(2)} << 8) | byte(3);
    pos = 4;
  } else if (len == 127) {
    if (b.size() < 10) return 0;
    len = 0;
    for (size_t i = 2; i < 10; ++i) len = (len << 8) | byte(i);
    pos = 10;
  }
  if (len > kMaxFrameBytes) return -1;
  size_t key_at = pos;
  if (masked) pos += 4;
  if (b.size() < pos + len) return 0;
  frame->payload.assign(b, pos, len);
  if (masked) {
    for (size_t i = 0; i < len; ++i) frame->payload[i] ^= b[key_at + i % 4];
  }
  buf->erase(0, pos + len);
  return 1;
}

// "host:port" of a server URL, for the Host header.
std::string HostOf(const std::string& server) {
  std::string rest = server.substr(server.find("://") + 3);
  return rest.substr(0, rest.find('/'));
}

// One connection: a curl handle that did the TCP (and TLS) connect, read and written through
// curl_easy_send / curl_easy_recv with poll() on its socket while it would block.
class Connection {
 public:
  Connection() : h_(curl_easy_init()) {}
  ~Connection() {
    if (h_ != nullptr) curl_easy_cleanup(h_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Status Open(const std::string& url, const http::TlsOptions& tls, const Credentials::Auth& auth,
              SteadyTime deadline, const std::string& what) {
    if (h_ == nullptr) return Internal(what + ": curl_easy_init failed");
    curl_easy_setopt(h_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h_, CURLOPT_CONNECT_ONLY, 1L);
    curl_easy_setopt(h_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h_, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(h_, CURLOPT_SSL_ENABLE_ALPN, 0L);
    curl_easy_setopt(h_, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(h_, CURLOPT_CONNECTTIMEOUT_MS, std::max<long>(1, Remaining(deadline)));
    // An exec plugin's client certificate takes the place of the kubeconfig's, as for requests.
    http::TlsOptions effective = tls;
    if (!auth.client_cert_data.empty()) {
      effective.client_cert_data = auth.client_cert_data;
      effective.client_key_data = auth.client_key_data;
    }
    http::ApplyTls(h_, effective);
    CURLcode rc = curl_easy_perform(h_);
    if (rc == CURLE_OPERATION_TIMEDOUT) return DeadlineExceeded(what + ": connecting timed out");
    if (rc != CURLE_OK) return Unavailable(what + ": connecting: " + curl_easy_strerror(rc));
    curl_socket_t fd = CURL_SOCKET_BAD;
    if (curl_easy_getinfo(h_, CURLINFO_ACTIVESOCKET, &fd) != CURLE_OK || fd == CURL_SOCKET_BAD) {
      return Unavailable(what + ": no socket after connecting");
    }
    fd_ = fd;
    return Status::Ok();
  }

  enum class Io { kOk, kTimeout, kFailed, kEof };
  // Writes all of `data` before the deadline.
  Io SendAll(std::string_view data, SteadyTime deadline) {
    while (!data.empty()) {
      size_t sent = 0;
      CURLcode rc = curl_easy_send(h_, data.data(), data.size(), &sent);
      if (rc == CURLE_AGAIN) {
        Io w = Wait(POLLOUT, deadline);
        if (w != Io::kOk) return w;
        continue;
      }
      if (rc != CURLE_OK) return Io::kFailed;
      data.remove_prefix(sent);
    }
    return Io::kOk;
  }

  // Appends what arrives next to `*out`; kEof when the peer closed.
  Io Recv(std::string* out, SteadyTime deadline) {
    char buf[16384];
    for (;;) {
      size_t n = 0;
      CURLcode rc = curl_easy_recv(h_, buf, sizeof buf, &n);
      if (rc == CURLE_AGAIN) {
        Io w = Wait(POLLIN, deadline);
        if (w != Io::kOk) return w;
        continue;
      }
      if (rc != CURLE_OK) return Io::kFailed;
      if (n == 0) return Io::kEof;
      out->append(buf, n);
      return Io::kOk;
    }
  }

  static long Remaining(SteadyTime deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return static_cast<long>(std::max<int64_t>(0, left.count()));
  }

 private:
  Io Wait(short events, SteadyTime deadline) {
    long ms = Remaining(deadline);
    if (ms <= 0) return Io::kTimeout;
    pollfd p{static_cast<int>(fd_), events, 0};
    int r = ::poll(&p, 1, static_cast<int>(std::min<long>(ms, 1 << 30)));
    if (r == 0) return Io::kTimeout;
    if (r < 0 && errno != EINTR) return Io::kFailed;
    return Io::kOk;
  }

  CURL* h_;
  curl_socket_t fd_ = CURL_SOCKET_BAD;
};

// The HTTP response to the upgrade request: its status, lower-cased headers and what
// followed the headers in the same reads.
struct UpgradeResponse {
  int status = 0;
  std::map<std::string, std::string> headers;
  std::string rest;
};

bool ParseHead(const std::string& head, UpgradeResponse* r) {
  size_t eol = head.find("\r\n");
  std::string_view line(head.data(), eol);
  if (line.rfind("HTTP/1.", 0) != 0 || line.size() < 12) return false;
  int status = 0;
  auto [p, ec] = std::from_chars(line.data() + 9, line.data() + 12, status);
  if (ec != std::errc()) return false;
  r->status = status;
  size_t at = eol + 2;
  while (at < head.size()) {
    size_t end = head.find("\r\n", at);
    if (end == std::string::npos) end = head.size();
    std::string_view h(head.data() + at, end - at);
    size_t colon = h.find(':');
    if (colon != std::string_view::npos) {
      r->headers[AsciiLower(std::string(h.substr(0, colon)))] = TrimAsciiSpace(h.substr(colon + 1));
    }
    at = end + 2;
  }
  return true;
}

// What channel 3 said: Success, a non-zero exit code, or another failure.
Result<int> ExitCodeFromStatus(const std::string& text, const std::string& what) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return Unavailable(what + ": the error channel is not a Status");
  if (j.value("status", "") == "Success") return 0;
  std::string message = j.value("message", "");
  if (j.value("reason", "") == "NonZeroExitCode") {
    auto details = j.find("details");
    if (details != j.end() && details->is_object()) {
      for (const auto& cause : details->value("causes", nlohmann::json::array())) {
        if (cause.is_object() && cause.value("reason", "") == "ExitCode") {
          std::string n = cause.value("message", "");
          int code = 0;
          auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), code);
          if (ec == std::errc()) return code;
        }
      }
    }
  }
  return Internal(what + ": " + (message.empty() ? text : message));
}

class WebSocketPodExecutor : public PodExecutor {
 public:
  explicit WebSocketPodExecutor(const RestConfig& config)
      : config_(config),
        server_(config.server.back() == '/' ? config.server.substr(0, config.server.size() - 1)
                                            : config.server),
        credentials_(config_, SystemClock()) {}

  Result<ExecResult> Exec(const ExecRequest& req) override {
    std::string joined;
    for (const std::string& a : req.command) joined += (joined.empty() ? "" : " ") + a;
    const std::string what = "exec in pod " + req.ns + "/" + req.pod + ", container " +
                             req.container + " (" + joined + ")";
    const SteadyTime deadline = std::chrono::steady_clock::now() + req.timeout;
    const auto timed_out = [&] {
      return DeadlineExceeded(what + ": timed out after " + FormatDuration(req.timeout));
    };
    auto auth_or = credentials_.Current();
    if (!auth_or.ok()) return Status(auth_or.status()).Annotate(what);
    const Credentials::Auth auth = std::move(*auth_or);

    auto pod_path = ObjectPath(GroupVersionResource{"", "v1", "pods"}, req.ns, req.pod, "exec");
    if (!pod_path.ok()) return Status(pod_path.status()).Annotate(what);
    std::string path = *pod_path + "?container=" + PercentEncode(req.container);
    for (const std::string& a : req.command) path += "&command=" + PercentEncode(a);
    path += "&stdout=true&stderr=true";

    Connection conn;
    Status opened = conn.Open(server_ + path, config_.tls, auth, deadline, what);
    if (!opened.ok()) {
      return opened.code() == Code::kDeadlineExceeded ? timed_out() : opened;
    }
    const std::string key = Base64Encode(RandomBytes(16));
    std::string upgrade = "GET " + path + " HTTP/1.1\r\nHost: " + HostOf(server_) +
                          "\r\nUser-Agent: ark/kube\r\nConnection: Upgrade\r\n"
                          "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                          "Sec-WebSocket-Key: " +
                          key + "\r\nSec-WebSocket-Protocol: " + std::string(kProtocol) + "\r\n";
    if (!auth.header.empty()) upgrade += "Authorization: " + auth.header + "\r\n";
    upgrade += "\r\n";
    using Io = Connection::Io;
    const auto io_error = [&](Io io, const char* doing) -> Status {
      if (io == Io::kTimeout) return timed_out();
      if (io == Io::kEof) return Unavailable(what + ": the server closed the connection " + doing);
      return Unavailable(what + ": connection failed " + doing);
    };
    if (Io io = conn.SendAll(upgrade, deadline); io != Io::kOk) {
      return io_error(io, "sending the upgrade request");
    }

    // The response head.
    std::string in;
    size_t head_end;
    while ((head_end = in.find("\r\n\r\n")) == std::string::npos) {
      if (in.size() > kMaxHeaderBytes) return Unavailable(what + ": response headers too large");
      if (Io io = conn.Recv(&in, deadline); io != Io::kOk) {
        return io_error(io, "before the response");
      }
    }
    UpgradeResponse response;
    if (!ParseHead(in.substr(0, head_end), &response)) {
      return Unavailable(what + ": malformed HTTP response");
    }
    in.erase(0, head_end + 4);
    if (response.status != 101) return ErrorResponse(conn, response, std::move(in), deadline, what);
    if (response.headers["sec-websocket-accept"] != AcceptFor(key)) {
      return Unavailable(what + ": the server's Sec-WebSocket-Accept does not match the key");
    }
    return ReadFrames(conn, std::move(in), deadline, what, timed_out);
  }

 private:
  // A refused upgrade: the body (a metav1.Status) read to its Content-Length or the close.
  Status ErrorResponse(Connection& conn, const UpgradeResponse& head, std::string body,
                       SteadyTime deadline, const std::string& what) {
    size_t want = kMaxErrorBody;
    auto cl = head.headers.find("content-length");
    if (cl != head.headers.end()) {
      size_t n = 0;
      auto [p, ec] = std::from_chars(cl->second.data(), cl->second.data() + cl->second.size(), n);
      if (ec == std::errc()) want = std::min(n, kMaxErrorBody);
    }
    while (body.size() < want) {
      if (conn.Recv(&body, deadline) != Connection::Io::kOk) break;
    }
    http::Response r;
    r.status = head.status;
    r.body = std::move(body);
    return StatusFromResponse(r, what);
  }

  template <typename TimedOut>
  Result<ExecResult> ReadFrames(Connection& conn, std::string in, SteadyTime deadline,
                                const std::string& what, const TimedOut& timed_out) {
    using Io = Connection::Io;
    ExecResult result;
    std::string message;  // a data message being assembled from fragments
    std::string status;   // channel 3
    bool saw_status = false;
    bool done = false;
    while (!done) {
      Frame f;
      int took = TakeFrame(&in, &f);
      if (took < 0) return Unavailable(what + ": a frame larger than 64 MiB");
      if (took == 0) {
        Io io = conn.Recv(&in, deadline);
        if (io == Io::kEof) break;
        if (io == Io::kTimeout) return timed_out();
        if (io != Io::kOk) return Unavailable(what + ": connection failed while reading output");
        continue;
      }
      switch (f.opcode) {
        case kPing:
          if (Io io = conn.SendAll(ClientFrame(kPong, f.payload), deadline); io != Io::kOk) {
            if (io == Io::kTimeout) return timed_out();
          }
          continue;
        case kPong:
          continue;
        case kClose:
          // Echo the close code (best effort) and stop.
          (void)conn.SendAll(ClientFrame(kClose, f.payload.substr(0, 2)), deadline);
          done = true;
          continue;
        case kText:
        case kBinary:
          message = std::move(f.payload);
          break;
        case kContinuation:
          message += f.payload;
          break;
        default:
          return Unavailable(what + ": unknown WebSocket opcode " + std::to_string(f.opcode));
      }
      if (!f.fin || message.empty()) continue;
      const std::string_view data = std::string_view(message).substr(1);
      switch (message[0]) {
        case 1:
          result.out.append(data);
          break;
        case 2:
          result.err.append(data);
          break;
        case 3:
          status.append(data);
          saw_status = true;
          break;
        default:
          break;
      }
      message.clear();
    }
    if (saw_status) {
      ARK_ASSIGN_OR_RETURN(result.exit_code, ExitCodeFromStatus(status, what));
    }
    return result;
  }

  const RestConfig config_;
  const std::string server_;
  Credentials credentials_;
};

}  // namespace

Result<std::unique_ptr<PodExecutor>> NewWebSocketPodExecutor(const RestConfig& config) {
  if (config.server.rfind("http://", 0) != 0 && config.server.rfind("https://", 0) != 0) {
    return InvalidArgument("pod exec: server \"" + config.server +
                           "\" is not an http:// or https:// URL");
  }
  return std::unique_ptr<PodExecutor>(new WebSocketPodExecutor(config));
}

}  // namespace ark::kube
