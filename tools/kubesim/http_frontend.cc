#include "kubesim/http_frontend.h"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>

namespace ark::kubesim {

namespace {

std::string MediaType(const std::string& header) {
  std::string t = header.substr(0, header.find(';'));
  t.erase(0, t.find_first_not_of(" \t"));
  t.erase(t.find_last_not_of(" \t") + 1);
  std::transform(t.begin(), t.end(), t.begin(), ::tolower);
  return t;
}

ApiRequest ToApiRequest(const httplib::Request& req) {
  ApiRequest r;
  r.method = req.method;
  r.path = req.path;
  for (const auto& [k, v] : req.params) {
    r.query.emplace(k, v);
    r.query_all.emplace_back(k, v);
  }
  r.content_type = MediaType(req.get_header_value("Content-Type"));
  r.accept = req.get_header_value("Accept");
  r.authorization = req.get_header_value("Authorization");
  r.connection = req.get_header_value("Connection");
  r.upgrade = req.get_header_value("Upgrade");
  r.websocket_key = req.get_header_value("Sec-WebSocket-Key");
  r.websocket_protocol = req.get_header_value("Sec-WebSocket-Protocol");
  r.body = req.body;
  return r;
}

void Dispatch(ApiServer& api, const httplib::Request& req, httplib::Response& res) {
  ApiResponse out = api.Handle(ToApiRequest(req));
  res.status = out.status;
  for (const auto& [k, v] : out.headers) res.set_header(k.c_str(), v);
  if (out.stream) {
    std::shared_ptr<ResponseStream> stream = out.stream;
    res.set_chunked_content_provider(out.content_type, [stream](size_t, httplib::DataSink& sink) {
      std::string chunk;
      bool more = stream->Next(std::chrono::milliseconds(250), &chunk);
      if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;
      if (!more) {
        sink.done();
        return true;
      }
      return sink.is_writable();
    });
    return;
  }
  res.set_content(std::move(out.body), out.content_type.c_str());
}

}  // namespace

Result<std::unique_ptr<HttpFrontend>> HttpFrontend::Start(ApiServer& api,
                                                          const HttpOptions& options) {
  std::unique_ptr<HttpFrontend> f(new HttpFrontend());
  if (options.tls) {
    f->server_ =
        std::make_unique<httplib::SSLServer>(options.tls->server_cert(), options.tls->server_key());
    f->tls_ = true;
  } else {
    f->server_ = std::make_unique<httplib::Server>();
  }
  httplib::Server& s = *f->server_;
  if (!s.is_valid()) return Internal("the HTTP server could not be set up (TLS context)");
  size_t threads = options.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(1000000);
  s.set_keep_alive_timeout(30);
  s.set_read_timeout(60);
  s.set_write_timeout(60);
  s.set_payload_max_length(64 * 1024 * 1024);
  auto handler = [&api](const httplib::Request& req, httplib::Response& res) {
    Dispatch(api, req, res);
  };
  s.Get(".*", handler);
  s.Post(".*", handler);
  s.Put(".*", handler);
  s.Patch(".*", handler);
  s.Delete(".*", handler);
  s.Options(".*", handler);
  // A real API server listens with the system's full backlog (Go: somaxconn). httplib's
  // library listens with a backlog of 5, which drops the SYNs of a client opening more
  // connections at once; each then waits a second for the retransmit. The listening socket
  // is caught as it is made and its backlog raised once bound.
  int listen_fd = -1;
  s.set_socket_options([&listen_fd](socket_t sock) {
    httplib::default_socket_options(sock);
    listen_fd = sock;
  });
  f->address_ = options.address;
  if (options.port == 0) {
    f->port_ = s.bind_to_any_port(options.address.c_str());
    if (f->port_ < 0) return Unavailable("cannot bind " + options.address + ": no free port");
  } else {
    if (!s.bind_to_port(options.address.c_str(), options.port)) {
      return Unavailable("cannot bind " + options.address + ":" + std::to_string(options.port));
    }
    f->port_ = options.port;
  }
  if (listen_fd >= 0 && ::listen(listen_fd, SOMAXCONN) != 0) {
    return Internal("cannot raise the listen backlog of " + options.address);
  }
  f->thread_ = std::thread([srv = f->server_.get()] { srv->listen_after_bind(); });
  return f;
}

std::string HttpFrontend::url() const {
  std::string host = address_ == "0.0.0.0" ? "127.0.0.1" : address_;
  return std::string(tls_ ? "https" : "http") + "://" + host + ":" + std::to_string(port_);
}

void HttpFrontend::Stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

HttpFrontend::~HttpFrontend() { Stop(); }

}  // namespace ark::kubesim
