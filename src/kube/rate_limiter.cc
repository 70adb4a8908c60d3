#include "kube/rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace ark::kube {

RateLimiter::RateLimiter(double qps, int burst, const Clock& clock)
    : qps_(qps), burst_(std::max(1, burst)), clock_(clock), tokens_(burst_), last_(clock.Now()) {}

void RateLimiter::Wait() {
  if (qps_ <= 0) return;
  double wait_seconds = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto now = clock_.Now();
    double elapsed = std::chrono::duration<double>(now - last_).count();
    if (elapsed > 0) {
      tokens_ = std::min(burst_, tokens_ + elapsed * qps_);
      last_ = now;
    }
    tokens_ -= 1;
    if (tokens_ < 0) wait_seconds = -tokens_ / qps_;
  }
  if (wait_seconds > 0) {
    clock_.SleepFor(
        std::chrono::milliseconds(static_cast<int64_t>(std::ceil(wait_seconds * 1000))));
  }
}

}  // namespace ark::kube
