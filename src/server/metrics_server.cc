#include "server/metrics_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>

namespace ark::server {

Result<std::unique_ptr<MetricsServer>> MetricsServer::Start(const std::string& address,
                                                            const controller::Metrics& metrics,
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
  // httplib's default options add SO_REUSEPORT, which lets a second server bind the same
  // port and silently share its connections. SO_REUSEADDR alone still allows a quick
  // restart over TIME_WAIT sockets while a live listener keeps the address to itself.
  s->server_->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  if (port == 0) {
    port = s->server_->bind_to_any_port(host);
    if (port < 0) return Unavailable("cannot listen on " + address);
  } else if (!s->server_->bind_to_port(host, port)) {
    return Unavailable("cannot listen on " + address +
                       " (address in use: is another ark server running?)");
  }
  s->bound_ = host + ":" + std::to_string(port);
  s->thread_ = std::thread([srv = s->server_.get(), done = s->listen_done_] {
    srv->listen_after_bind();
    done->store(true);
  });
  return s;
}

MetricsServer::~MetricsServer() {
  // httplib's stop() does nothing until the listening loop has started, and a server stopped
  // right after Start would then serve forever: wait for the loop (or its early end) first.
  if (thread_.joinable()) {
    while (!server_->is_running() && !listen_done_->load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace ark::server
