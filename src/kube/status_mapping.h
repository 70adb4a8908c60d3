#pragma once

#include <string_view>

#include "http/message.h"
#include "util/status.h"

namespace ark::kube {

// The one place where an API server response becomes an ark::Status. `what` names the call
// ("GET pods/ns/x"). A 2xx response maps to OK. Otherwise the body is read as a metav1.Status
// when it is one (reason and message taken from it) and the code follows the reason first,
// then the HTTP status:
//   NotFound/404 -> kNotFound, AlreadyExists -> kAlreadyExists, Conflict/409 -> kConflict,
//   Expired/Gone/410 -> kGone, Invalid/BadRequest/400/422 -> kInvalidArgument,
//   Unauthorized/401 -> kUnauthenticated, Forbidden/403 -> kPermissionDenied,
//   TooManyRequests/429 -> kResourceExhausted, Timeout/504 -> kDeadlineExceeded,
//   MethodNotAllowed/405 -> kUnimplemented, 5xx -> kUnavailable (500 -> kInternal).
// The result carries the HTTP status and the Status reason (WithHttp).
Status StatusFromResponse(const http::Response& response, std::string_view what);

// Same, from the parts (for watch streams, whose errors arrive as an ERROR event's Status).
Status StatusFromParts(int http_status, std::string_view reason, std::string_view message,
                       std::string_view what);

}  // namespace ark::kube
