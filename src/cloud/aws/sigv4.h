#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "cloud/aws/credentials.h"
#include "cloud/aws/uri.h"
#include "http/message.h"
#include "util/clock.h"
#include "util/result.h"

namespace ark::cloud::aws {

// AWS Signature Version 4 ("AWS4-HMAC-SHA256"), shared by S3 and EC2. Pure functions of their
// arguments: the signing time is passed in, so the published test vectors pin the output.

// The region and service a signature is valid for ("us-east-1", "s3" / "ec2").
struct SigningScope {
  std::string region;
  std::string service;
};

inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr std::string_view kEmptyPayloadHash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
// The longest lifetime a presigned URL may have (7 days).
inline constexpr std::chrono::seconds kMaxPresignExpiry{604800};

// The canonical request of `request` (whose URL path must already be URI-encoded as SigV4
// wants it, see PercentEncode). Signs `host` (from the URL) and every header on the request
// except Authorization, User-Agent and Expect; `signed_headers` receives "host;x-amz-date".
Result<std::string> CanonicalRequest(const http::Request& request, std::string_view payload_hash,
                                     std::string* signed_headers);

// "20150830/us-east-1/service/aws4_request".
std::string CredentialScope(std::string_view date, const SigningScope& scope);
std::string StringToSign(std::string_view amz_date, std::string_view credential_scope,
                         std::string_view canonical_request);
// The derived key (raw bytes) for one day, region and service.
std::string SigningKey(std::string_view secret, std::string_view date, const SigningScope& scope);

// Signs `request` in place: sets X-Amz-Date, X-Amz-Security-Token when the credentials carry a
// session token, then Authorization. `payload_hash` is the hex SHA-256 of the body or
// kUnsignedPayload; callers that must send x-amz-content-sha256 (S3) add it before signing.
// InvalidArgument when the URL cannot be parsed.
Status SignRequest(http::Request& request, const Credentials& credentials,
                   const SigningScope& scope, Clock::TimePoint when, std::string_view payload_hash);

// `url` with a query-string signature added (X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date,
// X-Amz-Expires, X-Amz-SignedHeaders=host, X-Amz-Security-Token if any, X-Amz-Signature),
// valid for `expires` from `when` for `method`. Payload: UNSIGNED-PAYLOAD.
// InvalidArgument for an unparsable URL or an expiry outside 1s..7 days.
Result<std::string> PresignUrl(std::string_view method, std::string_view url,
                               const Credentials& credentials, const SigningScope& scope,
                               Clock::TimePoint when, std::chrono::seconds expires);

}  // namespace ark::cloud::aws
