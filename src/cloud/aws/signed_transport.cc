#include "cloud/aws/signed_transport.h"

#include <algorithm>
#include <cstring>

#include "cloud/aws/crypto.h"
#include "cloud/aws/errors.h"

namespace ark::cloud::aws {

SignedTransport::SignedTransport(std::shared_ptr<http::Client> client, Credentials credentials,
                                 SigningScope scope, const Clock& clock, BackoffPolicy retry)
    : client_(std::move(client)),
      credentials_(std::move(credentials)),
      scope_(std::move(scope)),
      clock_(&clock),
      retry_(retry) {}

Status SignedTransport::Clean(const Status& status) const {
  std::string message =
      Scrub(Scrub(status.message(), credentials_.secret_access_key), credentials_.session_token);
  // A refused key: say which credentials were used, so a stale file or profile is found.
  if ((status.code() == Code::kUnauthenticated || status.code() == Code::kPermissionDenied) &&
      !credentials_.source.empty()) {
    message += " [credentials from " + credentials_.source + "]";
  }
  Status clean(status.code(), std::move(message));
  if (status.http_status() != 0 || !status.reason().empty()) {
    clean.WithHttp(status.http_status(), status.reason());
  }
  return clean;
}

Result<http::Response> SignedTransport::Call(std::string_view operation, const AwsRequest& request,
                                             const CallOptions& options) const {
  const std::string payload_hash =
      request.payload_hash.empty() ? Sha256Hex(request.body) : request.payload_hash;
  RetryBudget retries(retry_, *clock_);
  while (true) {
    bool delivered = false;
    auto result = Attempt(operation, request, payload_hash, &delivered);
    if (result.ok()) return result;
    bool throttled = result.status().http_status() == 429 ||
                     result.status().reason() == "SlowDown" ||
                     result.status().reason() == "RequestLimitExceeded" ||
                     result.status().reason() == "Throttling";
    // A throttled request was not executed, so even a non-idempotent call may repeat it.
    if (delivered || !(options.idempotent || throttled) || !IsRetryable(result.status())) {
      return Clean(result.status());
    }
    if (!retries.Wait()) return Clean(retries.GaveUp(result.status()));
  }
}

Result<http::Response> SignedTransport::Attempt(std::string_view operation,
                                                const AwsRequest& request,
                                                const std::string& payload_hash,
                                                bool* delivered) const {
  http::Request req;
  req.method = request.method;
  req.url = request.url;
  req.headers = request.headers;
  req.timeout = request.timeout;
  size_t offset = 0;
  if (!request.body.empty()) {
    std::string_view body = request.body;
    req.body_source = [body, &offset](char* buf, size_t size) -> long {
      size_t n = std::min(size, body.size() - offset);
      std::memcpy(buf, body.data() + offset, n);
      offset += n;
      return static_cast<long>(n);
    };
    req.body_size = static_cast<int64_t>(request.body.size());
  }
  if (request.on_body) {
    // The client streams only a 2xx body here (an error document stays in Response::body).
    req.on_body = [&](std::string_view chunk) {
      *delivered = true;
      return request.on_body(chunk);
    };
    req.on_headers = request.on_headers;
  }
  ARK_RETURN_IF_ERROR(SignRequest(req, credentials_, scope_, clock_->Now(), payload_hash));
  auto sent = client_->Send(req);
  if (!sent.ok()) {
    Status s = sent.status();
    s.Annotate(operation);
    return s;
  }
  http::Response response = std::move(sent).value();
  if (response.status < 200 || response.status >= 300) {
    return AwsErrorStatus(response, operation);
  }
  return response;
}

}  // namespace ark::cloud::aws
