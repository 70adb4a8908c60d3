#pragma once

#include <string>
#include <string_view>

#include "http/message.h"
#include "util/status.h"

namespace ark::cloud::aws {

// The one place where S3 and EC2 errors become Status codes.
//
// AWS error code (from the XML body) first, HTTP status second:
//   NoSuchKey, NoSuchBucket, NoSuchUpload, *.NotFound, 404      -> kNotFound
//   AccessDenied, UnauthorizedOperation, 403                     -> kPermissionDenied
//   SignatureDoesNotMatch, InvalidAccessKeyId, AuthFailure,
//   ExpiredToken, RequestTimeTooSkewed, ..., 401                 -> kUnauthenticated
//   SlowDown, Throttling, RequestLimitExceeded, 429, 5xx         -> kUnavailable
//   IncorrectState, 412                                          -> kFailedPrecondition
//   409                                                          -> kConflict
//   other 4xx                                                    -> kInvalidArgument
// The Status carries the HTTP status and the AWS error code as its reason. The message is
// "<operation>: <AWS message> (<code>, HTTP <status>)"; it never holds a URL query or header.
Status AwsErrorStatus(const http::Response& response, std::string_view operation);

// The <Code> of an S3 (<Error>) or EC2 (<Response><Errors><Error>) error body, "" if none.
std::string AwsErrorCode(std::string_view body);

// Whether a failed call may be retried: transport failures (kUnavailable, kDeadlineExceeded
// without an HTTP status), HTTP 429 and 5xx, and the throttling codes.
bool IsRetryable(const Status& status);

// `text` with every occurrence of `secret` (when non-empty) replaced by "<redacted>".
std::string Scrub(std::string text, std::string_view secret);

}  // namespace ark::cloud::aws
