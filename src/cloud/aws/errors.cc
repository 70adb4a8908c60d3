#include "cloud/aws/errors.h"

#include <initializer_list>

#include "cloud/aws/xml.h"

namespace ark::cloud::aws {
namespace {

struct ErrorInfo {
  std::string code;
  std::string message;
};

ErrorInfo ParseError(std::string_view body) {
  ErrorInfo info;
  if (body.empty()) return info;
  auto doc = ParseXml(body, "error response");
  if (!doc.ok()) return info;
  const XmlElement* error = nullptr;
  if (doc->name == "Error") {
    error = &*doc;
  } else if (const XmlElement* errors = doc->Child("Errors")) {  // EC2
    error = errors->Child("Error");
  }
  if (!error) return info;
  info.code = error->ChildText("Code");
  info.message = error->ChildText("Message");
  return info;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool OneOf(std::string_view code, std::initializer_list<std::string_view> codes) {
  for (auto c : codes) {
    if (code == c) return true;
  }
  return false;
}

Code CodeFor(std::string_view aws_code, int http_status) {
  if (OneOf(aws_code, {"NoSuchKey", "NoSuchBucket", "NoSuchUpload", "NotFound"}) ||
      EndsWith(aws_code, ".NotFound")) {
    return Code::kNotFound;
  }
  if (OneOf(aws_code,
            {"SignatureDoesNotMatch", "InvalidAccessKeyId", "AuthFailure", "InvalidClientTokenId",
             "ExpiredToken", "RequestExpired", "RequestTimeTooSkewed", "MissingAuthenticationToken",
             "InvalidToken", "TokenRefreshRequired", "InvalidSecurity"})) {
    return Code::kUnauthenticated;
  }
  if (OneOf(aws_code, {"AccessDenied", "UnauthorizedOperation", "AllAccessDisabled",
                       "AccountProblem", "Blocked"})) {
    return Code::kPermissionDenied;
  }
  if (OneOf(aws_code, {"SlowDown", "Throttling", "ThrottlingException", "RequestLimitExceeded",
                       "ServiceUnavailable", "InternalError", "RequestThrottled", "Unavailable"})) {
    return Code::kUnavailable;
  }
  if (OneOf(aws_code, {"IncorrectState", "PreconditionFailed", "InvalidObjectState"})) {
    return Code::kFailedPrecondition;
  }
  if (OneOf(aws_code, {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"})) {
    return Code::kAlreadyExists;
  }
  if (http_status == 404) return Code::kNotFound;
  if (http_status == 401) return Code::kUnauthenticated;
  if (http_status == 403) return Code::kPermissionDenied;
  if (http_status == 409) return Code::kConflict;
  if (http_status == 412) return Code::kFailedPrecondition;
  if (http_status == 416) return Code::kOutOfRange;
  if (http_status == 429 || http_status >= 500) return Code::kUnavailable;
  return Code::kInvalidArgument;
}

}  // namespace

std::string AwsErrorCode(std::string_view body) { return ParseError(body).code; }

Status AwsErrorStatus(const http::Response& response, std::string_view operation) {
  ErrorInfo info = ParseError(response.body);
  std::string message(operation);
  message += ": ";
  message += info.message.empty() ? "request failed" : info.message;
  message += " (";
  if (!info.code.empty()) message += info.code + ", ";
  message += "HTTP " + std::to_string(response.status) + ")";
  Status status(CodeFor(info.code, response.status), message);
  status.WithHttp(response.status, info.code);
  return status;
}

bool IsRetryable(const Status& status) {
  if (status.ok()) return false;
  if (status.http_status() == 0) {
    return status.code() == Code::kUnavailable || status.code() == Code::kDeadlineExceeded;
  }
  if (status.http_status() == 429 || status.http_status() >= 500) return true;
  return OneOf(status.reason(), {"SlowDown", "Throttling", "ThrottlingException",
                                 "RequestLimitExceeded", "RequestThrottled"});
}

std::string Scrub(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
    text.replace(pos, secret.size(), "<redacted>");
    pos += 10;
  }
  return text;
}

}  // namespace ark::cloud::aws
