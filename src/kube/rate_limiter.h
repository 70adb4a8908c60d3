#pragma once

#include <mutex>

#include "util/clock.h"

namespace ark::kube {

// A token bucket: `qps` tokens a second, holding at most `burst`. Wait() takes one token,
// sleeping through the injected clock until one is free. qps <= 0 means no limit.
// Thread-safe; waiters are served in the order they reserve.
class RateLimiter {
 public:
  RateLimiter(double qps, int burst, const Clock& clock);
  void Wait();

 private:
  const double qps_;
  const double burst_;
  const Clock& clock_;
  std::mutex mu_;
  double tokens_;          // guarded by mu_; may go negative (reservations)
  Clock::TimePoint last_;  // guarded by mu_
};

}  // namespace ark::kube
