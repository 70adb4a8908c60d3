#include "cloud/gcp/transport.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace ark::cloud::gcp {
namespace {

bool IsRateLimitReason(std::string_view reason) {
  return reason == "rateLimitExceeded" || reason == "userRateLimitExceeded" ||
         reason == "quotaExceeded" || reason == "RATE_LIMIT_EXCEEDED";
}

}  // namespace

Status GoogleErrorStatus(const http::Response& response, std::string_view operation) {
  const int status = response.status;
  std::string message;
  std::string reason;
  nlohmann::json doc = nlohmann::json::parse(response.body, nullptr, false);
  if (doc.is_object() && doc.contains("error") && doc["error"].is_object()) {
    const auto& error = doc["error"];
    if (error.contains("message") && error["message"].is_string()) {
      message = error["message"].get<std::string>();
    }
    if (error.contains("errors") && error["errors"].is_array() && !error["errors"].empty() &&
        error["errors"][0].is_object() && error["errors"][0].contains("reason") &&
        error["errors"][0]["reason"].is_string()) {
      reason = error["errors"][0]["reason"].get<std::string>();
    } else if (error.contains("status") && error["status"].is_string()) {
      reason = error["status"].get<std::string>();
    }
  }
  Code code;
  if (status == 404) {
    code = Code::kNotFound;
  } else if (status == 401) {
    code = Code::kUnauthenticated;
  } else if (status == 409) {
    code = reason == "alreadyExists" ? Code::kAlreadyExists : Code::kConflict;
  } else if (status == 412) {
    code = Code::kFailedPrecondition;
  } else if (status == 429 || status >= 500 || (status == 403 && IsRateLimitReason(reason))) {
    code = Code::kUnavailable;
  } else if (status == 403) {
    code = Code::kPermissionDenied;
  } else {
    code = Code::kInvalidArgument;
  }
  std::string text(operation);
  text += ": ";
  text += message.empty() ? "request failed" : message;
  text += " (";
  if (!reason.empty()) text += reason + ", ";
  text += "HTTP " + std::to_string(status) + ")";
  return Status(code, std::move(text)).WithHttp(status, reason);
}

bool IsRetryable(const Status& status) {
  if (status.ok()) return false;
  const int http = status.http_status();
  if (http == 0) {
    return status.code() == Code::kUnavailable || status.code() == Code::kDeadlineExceeded;
  }
  return http == 429 || http >= 500 || (http == 403 && IsRateLimitReason(status.reason()));
}

Transport::Transport(std::shared_ptr<http::Client> client, std::shared_ptr<TokenSource> tokens,
                     const Clock& clock, BackoffPolicy backoff)
    : client_(std::move(client)), tokens_(std::move(tokens)), clock_(clock), backoff_(backoff) {}

Result<http::Response> Transport::Send(const std::function<http::Request()>& make,
                                       std::string_view operation, bool retry,
                                       std::initializer_list<int> ok_statuses) {
  int attempts = retry ? std::max(1, backoff_.max_attempts) : 1;
  bool refreshed = false;
  Status last;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    if (attempt > 0) clock_.SleepFor(BackoffDelay(backoff_, attempt - 1, JitterRandom()));
    http::Request request = make();
    if (tokens_) {
      auto token = tokens_->Token();
      if (!token.ok()) {
        last = std::move(token).status();
        if (IsRetryable(last)) continue;
        return last;
      }
      request.headers.Set("Authorization", "Bearer " + *token);
    }
    auto response = client_->Send(request);
    if (!response.ok()) {
      last = std::move(response).status();
      last.Annotate(operation);
      if (IsRetryable(last)) continue;
      return last;
    }
    bool ok = response->status >= 200 && response->status < 300;
    for (int s : ok_statuses) ok = ok || response->status == s;
    if (ok) return response;
    last = GoogleErrorStatus(*response, operation);
    if (response->status == 401 && tokens_ && !refreshed) {
      refreshed = true;
      tokens_->Invalidate();
      ++attempts;  // the fresh token's try does not count against the backoff budget
      continue;
    }
    if (!IsRetryable(last)) return last;
  }
  return last;
}

}  // namespace ark::cloud::gcp
