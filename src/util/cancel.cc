#include "util/cancel.h"

namespace ark {

void CancelToken::Cancel(std::string reason, Clock::TimePoint wrap_up_by) {
  std::lock_guard<std::mutex> lock(mu_);
  if (cancelled_.load(std::memory_order_relaxed)) return;
  reason_ = std::move(reason);
  wrap_up_by_ = wrap_up_by;
  cancelled_.store(true, std::memory_order_release);
}

Status CancelToken::Check() const {
  if (!cancelled()) return Status::Ok();
  return Cancelled(reason());
}

std::string CancelToken::reason() const {
  std::lock_guard<std::mutex> lock(mu_);
  return reason_;
}

Clock::TimePoint CancelToken::wrap_up_by() const {
  std::lock_guard<std::mutex> lock(mu_);
  return wrap_up_by_;
}

Result<size_t> CancellableSource::Read(char* buf, size_t size) {
  if (token_ != nullptr) ARK_RETURN_IF_ERROR(token_->Check());
  return source_.Read(buf, size);
}

Status CancellableSink::Write(std::string_view data) {
  if (token_ != nullptr) ARK_RETURN_IF_ERROR(token_->Check());
  return sink_.Write(data);
}

}  // namespace ark
