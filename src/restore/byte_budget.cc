#include "restore/byte_budget.h"

#include <algorithm>

namespace ark::restore {

void ByteBudget::Acquire(int64_t bytes) {
  std::unique_lock<std::mutex> lock(mu_);
  if (limit_ > 0) {
    room_cv_.wait(lock, [&] { return in_use_ == 0 || in_use_ + bytes <= limit_; });
  }
  in_use_ += bytes;
  peak_ = std::max(peak_, in_use_);
}

void ByteBudget::Release(int64_t bytes) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    in_use_ -= bytes;
  }
  room_cv_.notify_all();
}

int64_t ByteBudget::peak() const {
  std::lock_guard<std::mutex> lock(mu_);
  return peak_;
}

}  // namespace ark::restore
