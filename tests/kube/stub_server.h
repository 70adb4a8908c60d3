#pragma once

// A cpp-httplib server on 127.0.0.1 for fault injection: tests register handlers that answer
// as a misbehaving API server would (429 with Retry-After, 5xx, dropped connections).
// kubesim covers the well-behaved API; this stub covers what kubesim cannot be made to do.

#include <httplib.h>

#include <atomic>
#include <string>
#include <thread>

namespace ark::kube::testing {

class StubServer {
 public:
  StubServer() = default;
  ~StubServer() { Stop(); }

  httplib::Server& server() { return server_; }

  // Binds an ephemeral port and serves on a background thread; returns the base URL.
  std::string Start() {
    server_.set_tcp_nodelay(true);  // else Nagle + delayed ACK add 40 ms per response
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return url();
  }
  void Stop() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace ark::kube::testing
