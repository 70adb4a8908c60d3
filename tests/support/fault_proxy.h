#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ark::testing {

// A TCP proxy on a free port of 127.0.0.1 in front of a server on 127.0.0.1 (kubesim, moto,
// azurite, a stub), for outages a real server cannot be made to have while it keeps its
// state: refused connections, a 503 answer, a response cut after N bytes. It forwards bytes
// and knows nothing of HTTP beyond the 503 it writes, so it works in front of TLS too (except
// Answer503, which writes plain HTTP). Thread-safe.
//
//   auto proxy = FaultProxy::Start(upstream_port);
//   proxy->Refuse();   // the server is "down": connecting fails with ECONNREFUSED
//   ...
//   proxy->Pass();     // back, on the same port
class FaultProxy {
 public:
  // Returns nullptr (and records a gtest failure) when no port can be had.
  static std::unique_ptr<FaultProxy> Start(int upstream_port);
  ~FaultProxy();

  int port() const { return port_; }
  // `upstream_url` ("https://127.0.0.1:PORT/path") with its port replaced by the proxy's.
  std::string Url(const std::string& upstream_url) const;

  // Closes the listening socket and every open connection: until Pass, connecting fails
  // (ECONNREFUSED), as when the server is stopped.
  void Refuse();
  // Drops every open connection and answers each request of a new one with a plain-HTTP 503
  // (Connection: close), as a load balancer without a healthy backend does.
  void Answer503();
  // Forwards again (listening on the same port after Refuse).
  void Pass();
  // The next `times` connections to carry response bytes past `bytes` more bytes (counted
  // from now over every connection) are reset there: the client has the first bytes of a
  // response and then a reset.
  void CutResponsesAfter(int64_t bytes, int times = 1);

  // Once `bytes` more response bytes have been forwarded (over every connection), cuts the
  // connection carrying the next one and refuses connections for `outage`, then passes
  // again: an outage that begins in the middle of whatever the client was reading.
  void OutageAfterResponseBytes(int64_t bytes, std::chrono::milliseconds outage);
  int outages_done() const;  // outages of OutageAfterResponseBytes begun and ended

  int cuts() const;          // connections cut by CutResponsesAfter so far
  int answered_503() const;  // requests answered 503 so far
  int accepted() const;      // connections accepted so far

 private:
  enum class Mode { kPass, kRefuse, k503 };
  struct Connection {
    int client = -1;
    int upstream = -1;
    bool open = true;  // false once its thread has closed the sockets
  };

  FaultProxy() = default;
  void AcceptLoop();
  void Serve(std::shared_ptr<Connection> connection, Mode mode);
  void Pump(Connection& connection);
  void Answer503(Connection& connection);
  // Asks the accept thread to (re)open or close the listener, and waits until it has.
  void SetMode(Mode mode);
  void DropConnections();  // requires mu_
  bool Listen();           // requires mu_

  int upstream_port_ = 0;
  int port_ = 0;
  int wake_[2] = {-1, -1};  // a pipe: written to wake the accept thread
  std::thread accept_thread_;

  mutable std::mutex mu_;
  std::condition_variable changed_;
  int listen_fd_ = -1;                                    // guarded by mu_
  Mode mode_ = Mode::kPass;                               // guarded by mu_
  uint64_t requested_ = 0, applied_ = 0;                  // guarded by mu_: listener changes
  bool stopping_ = false;                                 // guarded by mu_
  std::vector<std::shared_ptr<Connection>> connections_;  // guarded by mu_
  std::vector<std::thread> threads_;                      // guarded by mu_
  int64_t cut_every_ = 0, cut_remaining_ = 0;             // guarded by mu_
  int cut_times_ = 0, cuts_ = 0, answered_503_ = 0, accepted_ = 0;  // guarded by mu_
  bool outage_armed_ = false;                                       // guarded by mu_
  int64_t outage_after_ = 0;                                        // guarded by mu_
  std::chrono::milliseconds outage_{0};                             // guarded by mu_
  int outages_done_ = 0;                                            // guarded by mu_
  std::thread outage_thread_;                                       // guarded by mu_
};

}  // namespace ark::testing
