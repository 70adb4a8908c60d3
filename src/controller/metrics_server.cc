#include "controller/metrics_server.h"

#include <httplib.h>

namespace ark::controller {

Result<std::unique_ptr<MetricsServer>> MetricsServer::Start(const std::string& address,
                                                            const Metrics& metrics,
                                                            std::function<bool()> healthy) {
  auto colon = address.rfind(':');
  if (colon == std::string::npos) {
    return InvalidArgument("--metrics-address \"" + address + "\": want host:port (e.g. :8085)");
  }
  std::string host = address.substr(0, colon);
  if (host.empty()) host = "0.0.0.0";
  int port = 0;
  try {
    size_t used = 0;
    port = std::stoi(address.substr(colon + 1), &used);
    if (used != address.size() - colon - 1 || port < 0 || port > 65535) throw std::out_of_range("");
  } catch (const std::exception&) {
    return InvalidArgument("--metrics-address \"" + address + "\": bad port");
  }

  std::unique_ptr<MetricsServer> s(new MetricsServer());
  s->server_ = std::make_unique<httplib::Server>();
  s->server_->Get("/metrics", [&metrics](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics.Render(), "text/plain; version=0.0.4");
  });
  s->server_->Get("/healthz", [healthy](const httplib::Request&, httplib::Response& res) {
    bool ok = !healthy || healthy();
    res.status = ok ? 200 : 503;
    res.set_content(ok ? "ok\n" : "unhealthy\n", "text/plain");
  });
  if (port == 0) {
    port = s->server_->bind_to_any_port(host);
    if (port < 0) return Unavailable("cannot listen on " + address);
  } else if (!s->server_->bind_to_port(host, port)) {
    return Unavailable("cannot listen on " + address + " (address in use?)");
  }
  s->bound_ = host + ":" + std::to_string(port);
  s->thread_ = std::thread([srv = s->server_.get()] { srv->listen_after_bind(); });
  return s;
}

MetricsServer::~MetricsServer() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace ark::controller
