#pragma once

#include <memory>
#include <string>
#include <thread>

#include "kubesim/api_server.h"
#include "kubesim/tls.h"
#include "util/result.h"

namespace httplib {
class Server;
}

namespace ark::kubesim {

struct HttpOptions {
  std::string address = "127.0.0.1";
  int port = 0;                      // 0: any free port
  size_t threads = 128;              // one per open connection (keep-alive) or watch
  const TlsMaterial* tls = nullptr;  // serve HTTPS with it when set
};

// Serves an ApiServer over HTTP/1.1 (cpp-httplib), keep-alive on, watches as chunked
// streams. The accept loop runs on its own thread from Start until Stop/destruction.
class HttpFrontend {
 public:
  // Binds the port (Unavailable when it cannot) and starts serving.
  static Result<std::unique_ptr<HttpFrontend>> Start(ApiServer& api, const HttpOptions& options);
  ~HttpFrontend();

  int port() const { return port_; }
  // "http://127.0.0.1:PORT" or "https://...".
  std::string url() const;
  void Stop();

 private:
  HttpFrontend() = default;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::string address_;
  bool tls_ = false;
};

}  // namespace ark::kubesim
