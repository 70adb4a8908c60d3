#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "controller/metrics.h"
#include "util/result.h"

namespace httplib {
class Server;
}

namespace ark::server {

// Serves GET /metrics (controller::Metrics::Render) and GET /healthz ("ok" while `healthy()`
// holds, 503 otherwise) on `address` ("host:port", ":8085" = every interface, port 0 = any free
// port).
class MetricsServer {
 public:
  static Result<std::unique_ptr<MetricsServer>> Start(const std::string& address,
                                                      const controller::Metrics& metrics,
                                                      std::function<bool()> healthy);
  ~MetricsServer();

  // "host:port" actually bound.
  const std::string& address() const { return bound_; }

 private:
  MetricsServer() = default;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::shared_ptr<std::atomic<bool>> listen_done_ = std::make_shared<std::atomic<bool>>(false);
  std::string bound_;
};

}  // namespace ark::server
