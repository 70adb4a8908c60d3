#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "cloud/aws/credentials.h"
#include "cloud/aws/sigv4.h"
#include "http/client.h"
#include "util/backoff.h"
#include "util/clock.h"
#include "util/result.h"

namespace ark::cloud::aws {

// One request to an AWS API, before signing.
struct AwsRequest {
  std::string method = "GET";
  std::string url;  // path already URI-encoded
  http::Headers headers;
  std::string_view body;     // not owned; must outlive the call
  std::string payload_hash;  // "" = the SHA-256 of `body`; or kUnsignedPayload
  // Receives a successful response's body as it arrives (the Response body stays empty).
  http::BodySink on_body;
  http::HeadersSink on_headers;  // with on_body: the 2xx response's headers, before its body
  std::chrono::milliseconds timeout{0};
};

struct CallOptions {
  // Retry transport failures, 429, 5xx and throttling (see IsRetryable) with backoff, within
  // the transport's BackoffPolicy (attempts and time budget); the error after the last try
  // ends "(gave up after 9 tries over 28.3 s)".
  bool idempotent = true;
};

// Signs (SigV4, fresh time each attempt) and sends requests to one service, mapping failures
// to Status through AwsErrorStatus. Error messages are scrubbed of the secret and the session
// token; Unauthenticated and PermissionDenied ones end with where the key came from
// (" [credentials from /credentials/cloud [default]]", Credentials::source). Thread-safe: it holds
// only immutable state and a thread-safe client.
//
// Streaming downloads: only a 2xx body reaches `on_body`; a call whose body reached it is
// never retried (the sink cannot be rewound).
class SignedTransport {
 public:
  SignedTransport(std::shared_ptr<http::Client> client, Credentials credentials, SigningScope scope,
                  const Clock& clock, BackoffPolicy retry);

  // `operation` names the call in errors: "s3 GetObject ark/backups/b1/b1.tar.gz".
  Result<http::Response> Call(std::string_view operation, const AwsRequest& request,
                              const CallOptions& options = {}) const;

  const Credentials& credentials() const { return credentials_; }
  const SigningScope& scope() const { return scope_; }
  const Clock& clock() const { return *clock_; }

 private:
  Result<http::Response> Attempt(std::string_view operation, const AwsRequest& request,
                                 const std::string& payload_hash, bool* delivered) const;
  Status Clean(const Status& status) const;

  std::shared_ptr<http::Client> client_;
  const Credentials credentials_;
  const SigningScope scope_;
  const Clock* clock_;
  const BackoffPolicy retry_;
};

}  // namespace ark::cloud::aws
