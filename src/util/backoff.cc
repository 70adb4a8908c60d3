#include "util/backoff.h"

#include <algorithm>
#include <cstdio>
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

RetryBudget::RetryBudget(const BackoffPolicy& policy, const Clock& clock,
                         std::function<double()> random)
    : policy_(policy),
      clock_(clock),
      random_(random ? std::move(random) : std::function<double()>(JitterRandom)),
      start_(clock.Now()) {}

bool RetryBudget::Wait(std::optional<std::chrono::milliseconds> hint) {
  if (policy_.max_attempts > 0 && tries_ >= policy_.max_attempts) return false;
  const std::chrono::milliseconds delay =
      hint ? *hint : BackoffDelay(policy_, tries_ - 1, random_());
  if (policy_.budget.count() > 0 && clock_.Now() + delay > start_ + policy_.budget) return false;
  clock_.SleepFor(delay);
  ++tries_;
  return true;
}

void RetryBudget::Reset() {
  start_ = clock_.Now();
  tries_ = 1;
}

std::string RetryBudget::Summary() const {
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now() - start_).count();
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", static_cast<double>(elapsed) / 1000.0);
  return "after " + std::to_string(tries_) + (tries_ == 1 ? " try" : " tries") + " over " +
         seconds + " s";
}

Status RetryBudget::GaveUp(const Status& last) const {
  if (last.ok() || tries_ <= 1) return last;
  Status out(last.code(), last.message() + " (gave up " + Summary() + ")");
  if (last.http_status() != 0 || !last.reason().empty()) {
    out.WithHttp(last.http_status(), last.reason());
  }
  return out;
}

}  // namespace ark
