#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "cloud/gcp/credentials.h"
#include "http/client.h"
#include "util/backoff.h"
#include "util/clock.h"

namespace ark::cloud::gcp {

// The one place where Google API errors become Status codes. The body is Google's JSON error
// ({"error": {"code", "message", "errors": [{"reason"}]}}); the first reason becomes the
// Status reason.
//   404 -> kNotFound; 401 -> kUnauthenticated; 409 -> kAlreadyExists (reason "alreadyExists")
//   or kConflict; 412 -> kFailedPrecondition; 429, 5xx and 403 with a rate-limit reason
//   (rateLimitExceeded, userRateLimitExceeded, quotaExceeded) -> kUnavailable; other 403 ->
//   kPermissionDenied; other 4xx -> kInvalidArgument.
// The message is "<operation>: <Google message> (<reason>, HTTP <status>)".
Status GoogleErrorStatus(const http::Response& response, std::string_view operation);

// Whether a failed call may be retried: HTTP 429/5xx/rate-limit 403, or a transport failure.
bool IsRetryable(const Status& status);

// Sends requests to one Google API: adds the bearer token (when a TokenSource is given),
// turns non-2xx responses into Status via GoogleErrorStatus, and retries retryable failures
// with capped exponential backoff on the injected clock. A 401 drops the cached token and is
// tried once more with a fresh one (a revoked or early-expired token). Thread-safe.
class Transport {
 public:
  Transport(std::shared_ptr<http::Client> client, std::shared_ptr<TokenSource> tokens,
            const Clock& clock, BackoffPolicy backoff = {});

  // `make` builds the request afresh for each attempt (a streaming body cannot be replayed:
  // pass `retry` = false for those). A 2xx response, or the error of the last attempt.
  // `ok_statuses` lists extra statuses treated as success (308 for resumable uploads).
  Result<http::Response> Send(const std::function<http::Request()>& make,
                              std::string_view operation, bool retry = true,
                              std::initializer_list<int> ok_statuses = {});

  const Clock& clock() const { return clock_; }

 private:
  std::shared_ptr<http::Client> client_;
  std::shared_ptr<TokenSource> tokens_;
  const Clock& clock_;
  BackoffPolicy backoff_;
};

}  // namespace ark::cloud::gcp
