#include "kube/status_mapping.h"

#include <nlohmann/json.hpp>

namespace ark::kube {
namespace {

Code CodeFromReason(std::string_view reason) {
  if (reason == "NotFound") return Code::kNotFound;
  if (reason == "AlreadyExists") return Code::kAlreadyExists;
  if (reason == "Conflict") return Code::kConflict;
  if (reason == "Expired" || reason == "Gone") return Code::kGone;
  if (reason == "Invalid" || reason == "BadRequest") return Code::kInvalidArgument;
  if (reason == "Unauthorized") return Code::kUnauthenticated;
  if (reason == "Forbidden") return Code::kPermissionDenied;
  if (reason == "TooManyRequests") return Code::kResourceExhausted;
  if (reason == "Timeout" || reason == "ServerTimeout") return Code::kDeadlineExceeded;
  if (reason == "MethodNotAllowed") return Code::kUnimplemented;
  if (reason == "ServiceUnavailable") return Code::kUnavailable;
  if (reason == "InternalError") return Code::kInternal;
  if (reason == "RequestEntityTooLarge") return Code::kInvalidArgument;
  if (reason == "UnsupportedMediaType" || reason == "NotAcceptable") return Code::kInvalidArgument;
  return Code::kOk;  // unknown: decide by the HTTP status
}

Code CodeFromHttp(int status) {
  switch (status) {
    case 400:
      return Code::kInvalidArgument;
    case 401:
      return Code::kUnauthenticated;
    case 403:
      return Code::kPermissionDenied;
    case 404:
      return Code::kNotFound;
    case 405:
      return Code::kUnimplemented;
    case 409:
      return Code::kConflict;
    case 410:
      return Code::kGone;
    case 413:
    case 415:
    case 422:
      return Code::kInvalidArgument;
    case 429:
      return Code::kResourceExhausted;
    case 500:
      return Code::kInternal;
    case 504:
      return Code::kDeadlineExceeded;
    default:
      break;
  }
  if (status >= 500) return Code::kUnavailable;
  if (status >= 400) return Code::kFailedPrecondition;
  return Code::kInternal;  // 1xx/3xx where a 2xx was expected
}

}  // namespace

Status StatusFromParts(int http_status, std::string_view reason, std::string_view message,
                       std::string_view what) {
  Code code = CodeFromReason(reason);
  if (code == Code::kOk) code = CodeFromHttp(http_status);
  std::string text(what);
  text.append(": ");
  if (!message.empty()) {
    text.append(message);
  } else {
    text.append("HTTP ").append(std::to_string(http_status));
    if (!reason.empty()) text.append(" ").append(reason);
  }
  Status status(code, std::move(text));
  status.WithHttp(http_status, std::string(reason));
  return status;
}

Status StatusFromResponse(const http::Response& response, std::string_view what) {
  if (response.status >= 200 && response.status < 300) return Status::Ok();
  std::string reason;
  std::string message;
  auto parsed = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_object() && parsed.value("kind", "") == "Status") {
    if (auto it = parsed.find("reason"); it != parsed.end() && it->is_string()) reason = *it;
    if (auto it = parsed.find("message"); it != parsed.end() && it->is_string()) message = *it;
  } else if (!response.body.empty()) {
    message = response.body.substr(0, 512);
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) {
      message.pop_back();
    }
  }
  return StatusFromParts(response.status, reason, message, what);
}

}  // namespace ark::kube
