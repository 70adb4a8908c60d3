#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "http/client.h"
#include "kube/credentials.h"
#include "kube/rate_limiter.h"
#include "kube/rest_config.h"
#include "util/backoff.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/result.h"

namespace ark::kube {

// The world a client runs in; tests replace the clock (no wall-time sleeps), the jitter
// source and the HTTP transport. Everything left unset gets the production default.
struct ClientEnv {
  const Clock* clock = nullptr;             // default: SystemClock()
  std::function<double()> random;           // [0, 1) for jitter; default: JitterRandom
  std::shared_ptr<http::Client> transport;  // default: libcurl built from the RestConfig
  const Logger* logger = nullptr;           // default: ProcessLogger()
  // Rides through an API server that is away for several seconds (a restart, a failover):
  // waits of 100-200 ms growing to 2.5-5 s, for at most 30 s in all.
  BackoffPolicy backoff{.max_attempts = 0,
                        .initial = std::chrono::milliseconds(200),
                        .cap = std::chrono::milliseconds(5'000),
                        .budget = std::chrono::milliseconds(30'000)};
};

// Default client-side rate limit when RestConfig leaves qps at 0: high enough that a healthy
// API server is never throttled by us (unlike client-go's 5 qps).
inline constexpr double kDefaultQps = 10'000;
inline constexpr int kDefaultBurst = 10'000;

// The burst a client gets: RestConfig's; else, with a qps set, one second's worth of it; else
// kDefaultBurst.
int BurstFor(const RestConfig& config);

// Sends requests to one API server with authentication, rate limiting and retries:
//   - 429: retried for every verb (the server did not process the request), waiting for
//     Retry-After when given (capped at 60 s), else the backoff;
//   - 5xx (but 501), connection failures and timeouts: retried only when `idempotent`, with
//     capped exponential backoff and full jitter;
//   - 401 with a refreshable credential (exec plugin, token file): retried once after a refresh.
// Retries stop when ClientEnv::backoff's budget is spent; the error is then the last try's,
// ending "(gave up after 14 tries over 29.1 s)". A streaming request (on_body set) is not
// retried once any body byte was delivered. Sleeps go through the injected clock.
// Thread-safe; holds no per-request state.
class RestClient {
 public:
  static Result<std::shared_ptr<RestClient>> New(const RestConfig& config, ClientEnv env = {});

  // `path_and_query` starts with '/'. Returns the response when it is 2xx, else the Status
  // of StatusFromResponse, prefixed with `what` ("GET /api/v1/pods").
  Result<http::Response> Do(http::Request request, bool idempotent);

  const std::string& server() const { return server_; }
  const RestConfig& config() const { return config_; }
  const Clock& clock() const { return *clock_; }

 private:
  RestClient(const RestConfig& config, ClientEnv env);
  // The server's Retry-After (capped), when it gave one.
  static std::optional<std::chrono::milliseconds> RetryAfter(const http::Response& response);
  // The transport for a request with `auth`: the shared one, or, when an exec plugin
  // supplied a client certificate, one built for that certificate (kept until it changes).
  Result<std::shared_ptr<http::Client>> TransportFor(const Credentials::Auth& auth);

  const RestConfig config_;
  const std::string server_;  // without a trailing '/'
  const Clock* clock_;
  std::function<double()> random_;
  std::shared_ptr<http::Client> transport_;
  // How transport_ was built (absent when it was injected), to build certificate transports.
  std::optional<http::ClientOptions> transport_options_;
  std::mutex cert_mu_;
  std::string cert_transport_key_;                // guarded by cert_mu_: certificate + key
  std::shared_ptr<http::Client> cert_transport_;  // guarded by cert_mu_
  const Logger logger_;
  const BackoffPolicy backoff_;
  Credentials credentials_;
  RateLimiter limiter_;
};

}  // namespace ark::kube
