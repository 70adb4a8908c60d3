#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "http/message.h"
#include "util/log.h"
#include "util/result.h"

namespace ark::http {

// TLS settings as a kubeconfig or a cloud provider's config names them. *_data fields hold
// PEM text and win over the *_file fields.
struct TlsOptions {
  std::string ca_file;
  std::string ca_data;
  std::string client_cert_file;
  std::string client_cert_data;
  std::string client_key_file;
  std::string client_key_data;
  bool insecure_skip_verify = false;
  std::string server_name;  // overrides SNI / the name checked against the certificate
};

struct ClientOptions {
  TlsOptions tls;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds default_timeout{0};  // per request; 0 = none
  // A request during which no byte moves either way for this long fails with DeadlineExceeded
  // (a peer that accepts the connection and then stops answering); 0 = none. Not for clients
  // that hold quiet long polls open, such as watches.
  std::chrono::milliseconds stall_timeout{0};
  std::string user_agent = "ark";
  bool http2 = true;  // offered through ALPN on TLS connections
  // Where debug lines about each request go (method, URL without its query, headers with
  // credentials redacted, status, duration) and the insecure-TLS warning; null = the process
  // logger. Not owned; must outlive the client.
  const Logger* logger = nullptr;
};

// Sends one HTTP request and returns its response. Any HTTP status, 404 and 500 included, is a
// response; an error Status means no response was had (connection refused or reset,
// timeout -> DeadlineExceeded, TLS failure, a BodySink that stopped the transfer -> Cancelled).
// Implementations reuse connections and are safe to call from many threads at once.
class Client {
 public:
  virtual ~Client() = default;
  virtual Result<Response> Send(const Request& request) = 0;
};

// The libcurl implementation. With tls.insecure_skip_verify it logs a warning once.
Result<std::unique_ptr<Client>> NewCurlClient(const ClientOptions& options);

}  // namespace ark::http
