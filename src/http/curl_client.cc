#include <curl/curl.h>
#include <strings.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <mutex>
#include <vector>

#include "http/client.h"
#include "http/curl_tls.h"
#include "http/redact.h"

namespace ark::http {
namespace {

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

// For an https `url`: the same URL with its host replaced by `server_name`, and a CONNECT_TO
// entry ("name:port:host:port") that sends the connection to the original host. SNI and the
// certificate check then use the server name (kubeconfig `tls-server-name`), the TCP
// connection goes where the URL says. False (nothing to do) for other schemes or bad URLs.
bool RouteByServerName(const std::string& url, const std::string& server_name,
                       std::string* routed_url, std::string* connect_to) {
  CURLU* u = curl_url();
  if (u == nullptr) return false;
  char* scheme = nullptr;
  char* host = nullptr;
  char* port = nullptr;
  char* routed = nullptr;
  bool ok = curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
            curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
            strcasecmp(scheme, "https") == 0 &&
            curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
            curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK &&
            curl_url_set(u, CURLUPART_HOST, server_name.c_str(), 0) == CURLUE_OK &&
            curl_url_get(u, CURLUPART_URL, &routed, 0) == CURLUE_OK;
  if (ok) {
    *routed_url = routed;
    *connect_to = server_name + ":" + port + ":" + host + ":" + port;
  }
  curl_free(scheme);
  curl_free(host);
  curl_free(port);
  curl_free(routed);
  curl_url_cleanup(u);
  return ok;
}

struct Transfer {
  const Request* request = nullptr;
  Response* response = nullptr;
  CURL* handle = nullptr;
  // With TlsOptions::server_name: the URL asked for (its host replaced by the server name)
  // and the CONNECT_TO entry routing that name to the URL's own host.
  std::string routed_url;
  curl_slist* connect_to = nullptr;
  size_t upload_offset = 0;
  bool sink_stopped = false;
  int streaming = -1;  // decided at the first body byte: 1 = to on_body, 0 = to response body
};

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.rfind("HTTP/", 0) == 0) {
    t->response->headers = Headers();  // a new header block (after 100 Continue, redirects)
    return size * count;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  t->response->headers.Add(std::string(line.substr(0, colon)), std::string(value));
  return size * count;
}

// A Content-Length above this is not trusted for a reservation up front (a body that large
// still arrives, growing the string as it comes).
constexpr curl_off_t kMaxReserve = curl_off_t{256} << 20;

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view chunk(data, size * count);
  if (t->streaming < 0) {
    long status = 0;
    curl_easy_getinfo(t->handle, CURLINFO_RESPONSE_CODE, &status);
    t->streaming = (t->request->on_body && status >= 200 && status < 300) ? 1 : 0;
    if (t->streaming == 1 && t->request->on_headers &&
        !t->request->on_headers(static_cast<int>(status), t->response->headers)) {
      t->sink_stopped = true;
      return 0;
    }
  }
  if (t->streaming == 1) {
    if (!t->request->on_body(chunk)) {
      t->sink_stopped = true;
      return 0;
    }
  } else {
    std::string& body = t->response->body;
    if (body.empty()) {
      // One allocation for a body of announced length, not a doubling series of copies.
      curl_off_t length = -1;
      curl_easy_getinfo(t->handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
      if (length > 0 && length <= kMaxReserve) body.reserve(static_cast<size_t>(length));
    }
    body.append(chunk);
  }
  return chunk.size();
}

size_t OnRead(char* buf, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t want = size * count;
  if (t->request->body_source) {
    long n = t->request->body_source(buf, want);
    if (n < 0) return CURL_READFUNC_ABORT;
    return static_cast<size_t>(n);
  }
  const std::string& body = t->request->body;
  size_t n = std::min(want, body.size() - t->upload_offset);
  std::memcpy(buf, body.data() + t->upload_offset, n);
  t->upload_offset += n;
  return n;
}

class CurlClient final : public Client {
 public:
  explicit CurlClient(ClientOptions options)
      : options_(std::move(options)),
        logger_(options_.logger ? *options_.logger : ProcessLogger()) {
    if (options_.tls.insecure_skip_verify) {
      logger_.Warn(
          "TLS certificate verification is disabled (insecure-skip-tls-verify); "
          "the server's identity is not checked");
    }
  }

  ~CurlClient() override {
    for (CURL* h : idle_) curl_easy_cleanup(h);
  }

  Result<Response> Send(const Request& request) override {
    const bool debug = logger_.Enabled(LogLevel::kDebug);
    const auto start = std::chrono::steady_clock::now();
    if (debug) LogRequest(request);
    CURL* handle = Acquire();
    Response response;
    if (request.body_storage != nullptr) {
      response.body = std::move(*request.body_storage);
      response.body.clear();
    }
    Transfer transfer;
    transfer.request = &request;
    transfer.response = &response;
    transfer.handle = handle;
    curl_slist* headers = nullptr;
    CURLcode rc = Configure(handle, request, &transfer, &headers);
    char error_buffer[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
    if (rc == CURLE_OK) rc = curl_easy_perform(handle);
    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_slist_free_all(transfer.connect_to);
    Release(handle);
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    if (rc != CURLE_OK) {
      Status error = TransportError(rc, error_buffer, request, transfer.sink_stopped);
      if (debug) {
        logger_.Debug("HTTP request failed", {{"method", request.method},
                                              {"url", RedactUrl(request.url)},
                                              {"error", error.ToString()},
                                              {"duration_ms", std::to_string(elapsed.count())}});
      }
      return error;
    }
    response.status = static_cast<int>(status);
    if (debug) {
      logger_.Debug("HTTP response", {{"method", request.method},
                                      {"url", RedactUrl(request.url)},
                                      {"status", std::to_string(response.status)},
                                      {"duration_ms", std::to_string(elapsed.count())}});
    }
    return response;
  }

 private:
  void LogRequest(const Request& request) const {
    LogFields fields = {{"method", request.method}, {"url", RedactUrl(request.url)}};
    for (const auto& [k, v] : request.headers.items()) {
      fields.emplace_back("header." + k, RedactHeader(k, v));
    }
    logger_.Debug("HTTP request", fields);
  }

  CURL* Acquire() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!idle_.empty()) {
        CURL* h = idle_.back();
        idle_.pop_back();
        curl_easy_reset(h);  // keeps the handle's live connections for reuse
        return h;
      }
    }
    return curl_easy_init();
  }

  void Release(CURL* handle) {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.push_back(handle);
  }

  CURLcode Configure(CURL* h, const Request& request, Transfer* transfer, curl_slist** headers) {
    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    std::string connect_to;
    if (!options_.tls.server_name.empty() &&
        RouteByServerName(request.url, options_.tls.server_name, &transfer->routed_url,
                          &connect_to)) {
      transfer->connect_to = curl_slist_append(nullptr, connect_to.c_str());
      curl_easy_setopt(h, CURLOPT_URL, transfer->routed_url.c_str());
      curl_easy_setopt(h, CURLOPT_CONNECT_TO, transfer->connect_to);
    }
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    auto timeout = request.timeout.count() ? request.timeout : options_.default_timeout;
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    if (options_.stall_timeout.count() > 0) {
      // Less than one byte a second over the whole window: nothing is moving.
      curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
      curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME,
                       std::max(1L, static_cast<long>(options_.stall_timeout.count() / 1000)));
    }
    curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION,
                     options_.http2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, transfer);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, transfer);
    ApplyTls(h, options_.tls);

    const bool has_body = request.body_source || !request.body.empty() ||
                          request.method == "POST" || request.method == "PUT" ||
                          request.method == "PATCH";
    if (request.method == "HEAD") {
      curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (has_body && !request.body_source) {
      // A body in memory goes out with the headers, in one write (an upload through the
      // read callback sends the headers first and the body after them).
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    } else if (has_body) {
      curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(h, CURLOPT_READFUNCTION, OnRead);
      curl_easy_setopt(h, CURLOPT_READDATA, transfer);
      int64_t size =
          request.body_source ? request.body_size : static_cast<int64_t>(request.body.size());
      if (size >= 0) curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(size));
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    } else if (request.method != "GET") {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }

    bool has_content_type = false;
    for (const auto& [k, v] : request.headers.items()) {
      std::string line = k + ": " + v;
      if (v.empty()) line = k + ";";  // curl's syntax for a header with an empty value
      *headers = curl_slist_append(*headers, line.c_str());
      if (strcasecmp(k.c_str(), "Content-Type") == 0) has_content_type = true;
    }
    *headers = curl_slist_append(*headers, "Expect:");  // no 100-continue round trip
    if (has_body && !has_content_type) {
      *headers = curl_slist_append(*headers, "Content-Type: application/octet-stream");
    }
    return curl_easy_setopt(h, CURLOPT_HTTPHEADER, *headers);
  }

  static Status TransportError(CURLcode rc, const char* detail, const Request& request,
                               bool sink_stopped) {
    std::string what = request.method + " " + RedactUrl(request.url) + ": " +
                       (detail[0] ? detail : curl_easy_strerror(rc));
    if (sink_stopped) return Cancelled(what + " (stopped by the reader)");
    switch (rc) {
      case CURLE_OPERATION_TIMEDOUT:
        return DeadlineExceeded(what);
      case CURLE_ABORTED_BY_CALLBACK:
        return Cancelled(what);
      case CURLE_SSL_CACERT_BADFILE:
      case CURLE_SSL_CERTPROBLEM:
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CIPHER:
        return FailedPrecondition(what);
      case CURLE_URL_MALFORMAT:
      case CURLE_UNSUPPORTED_PROTOCOL:
        return InvalidArgument(what);
      default:
        return Unavailable(what);
    }
  }

  static inline CurlGlobal global_;
  const ClientOptions options_;
  const Logger logger_;
  std::mutex mu_;
  std::vector<CURL*> idle_;  // guarded by mu_
};

}  // namespace

Result<std::unique_ptr<Client>> NewCurlClient(const ClientOptions& options) {
  return std::unique_ptr<Client>(std::make_unique<CurlClient>(options));
}

}  // namespace ark::http
