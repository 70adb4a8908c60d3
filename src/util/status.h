#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace ark {

// Canonical error codes. HTTP statuses map to them in exactly one place per protocol
// (kube/status_mapping.cc for the Kubernetes API, each cloud provider's error mapping).
enum class Code {
  kOk = 0,
  kCancelled,
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kConflict,
  kPermissionDenied,
  kUnauthenticated,
  kResourceExhausted,
  kFailedPrecondition,
  kAborted,
  kOutOfRange,
  kUnimplemented,
  kInternal,
  kUnavailable,
  kDeadlineExceeded,
  kDataLoss,
  kGone,
};

std::string_view CodeName(Code code);

// The outcome of an operation. Costs one pointer on success; on failure carries a code, a
// message and, for errors that came from an HTTP API, the HTTP status and the API's reason.
// Prints as "NotFound: configmaps \"x\" not found" (ToString).
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Code code, std::string message);

  static Status Ok() { return Status(); }

  bool ok() const { return rep_ == nullptr; }
  Code code() const { return rep_ ? rep_->code : Code::kOk; }
  const std::string& message() const;
  // HTTP status of the response that caused the error, 0 when none.
  int http_status() const { return rep_ ? rep_->http_status : 0; }
  // Machine-readable reason from the API (Kubernetes Status.reason, S3 error code, ...).
  const std::string& reason() const;

  Status& WithHttp(int http_status, std::string reason);
  // Prefixes the message with context: "reading x: <old message>".
  Status& Annotate(std::string_view context);

  std::string ToString() const;

  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

 private:
  struct Rep {
    Code code;
    std::string message;
    int http_status = 0;
    std::string reason;
  };
  std::unique_ptr<Rep> rep_;
};

inline Status InvalidArgument(std::string m) {
  return Status(Code::kInvalidArgument, std::move(m));
}
inline Status NotFound(std::string m) { return Status(Code::kNotFound, std::move(m)); }
inline Status AlreadyExists(std::string m) { return Status(Code::kAlreadyExists, std::move(m)); }
inline Status Conflict(std::string m) { return Status(Code::kConflict, std::move(m)); }
inline Status Internal(std::string m) { return Status(Code::kInternal, std::move(m)); }
inline Status Unavailable(std::string m) { return Status(Code::kUnavailable, std::move(m)); }
inline Status DataLoss(std::string m) { return Status(Code::kDataLoss, std::move(m)); }
inline Status DeadlineExceeded(std::string m) {
  return Status(Code::kDeadlineExceeded, std::move(m));
}
inline Status FailedPrecondition(std::string m) {
  return Status(Code::kFailedPrecondition, std::move(m));
}
inline Status Unauthenticated(std::string m) {
  return Status(Code::kUnauthenticated, std::move(m));
}
inline Status PermissionDenied(std::string m) {
  return Status(Code::kPermissionDenied, std::move(m));
}
inline Status Unimplemented(std::string m) { return Status(Code::kUnimplemented, std::move(m)); }
inline Status ResourceExhausted(std::string m) {
  return Status(Code::kResourceExhausted, std::move(m));
}
inline Status Cancelled(std::string m) { return Status(Code::kCancelled, std::move(m)); }

}  // namespace ark

#define ARK_RETURN_IF_ERROR(expr)              \
  do {                                         \
    ::ark::Status ark_status_ = (expr);        \
    if (!ark_status_.ok()) return ark_status_; \
  } while (0)
