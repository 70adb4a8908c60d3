#include "util/backoff.h"

#include <algorithm>
#include <random>

namespace ark {

std::chrono::milliseconds BackoffDelay(const BackoffPolicy& policy, int retry, double random01) {
  const int64_t initial = std::max<int64_t>(1, policy.initial.count());
  const int64_t cap = std::max<int64_t>(initial, policy.cap.count());
  int64_t ceiling = initial;
  for (int i = 0; i < retry && ceiling < cap; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap);
  const int64_t floor = ceiling / 2;
  return std::chrono::milliseconds(floor + static_cast<int64_t>((ceiling - floor) * random01));
}

double JitterRandom() {
  thread_local std::mt19937_64 engine(std::random_device{}());
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

}  // namespace ark
