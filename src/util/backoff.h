#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "util/clock.h"
#include "util/status.h"

namespace ark {

// Capped exponential backoff with full jitter ("AWS Architecture Blog: Exponential Backoff
// And Jitter"): attempt n waits a random time in [initial*2^n / 2, min(cap, initial*2^n)].
// The defaults ride through an outage of several seconds (an API server or a store that
// restarts, a load balancer that fails over): with the first wait at 100-200 ms and waits
// capped at 2.5-5 s, ten tries span 13-26 s of waiting, never more than `budget`.
struct BackoffPolicy {
  int max_attempts = 10;  // total tries, the first included; 0 = no limit (the budget decides)
  std::chrono::milliseconds initial{200};
  std::chrono::milliseconds cap{5'000};
  // No retry whose wait would end later than this after the first try began; 0 = no limit
  // (max_attempts decides).
  std::chrono::milliseconds budget{30'000};
};

// Delay before retry number `retry` (0 = the first retry). `random01` is a value in [0, 1)
// supplied by the caller so the computation is deterministic under test.
std::chrono::milliseconds BackoffDelay(const BackoffPolicy& policy, int retry, double random01);

// A thread-safe random value in [0, 1) for jitter.
double JitterRandom();

// The tries of one operation, counted against a BackoffPolicy on an injected clock:
//
//   RetryBudget retries(policy, clock);
//   for (;;) {
//     Status s = Try();
//     if (s.ok() || !Transient(s)) return s;
//     if (!retries.Wait()) return retries.GaveUp(s);
//   }
//
// Not thread-safe: one per operation.
class RetryBudget {
 public:
  // `random` gives the jitter in [0, 1) (default: JitterRandom).
  RetryBudget(const BackoffPolicy& policy, const Clock& clock,
              std::function<double()> random = nullptr);

  // After a failed try: false when the policy allows no other one; else sleeps through the
  // backoff delay (or `hint`, a server's Retry-After, when given) and returns true.
  bool Wait(std::optional<std::chrono::milliseconds> hint = std::nullopt);
  // The operation made progress (a download resumed past bytes it had not had): the count of
  // tries and the budget start again from now.
  void Reset();
  // Tries so far (the first included, once it failed and Wait was called).
  int tries() const { return tries_; }
  // "after 7 tries over 12.4 s", for the error that ends the operation.
  std::string Summary() const;
  // `last` (the last try's error, code, HTTP status and reason kept) with " (gave up after 7
  // tries over 12.4 s)" appended when there was more than one try.
  Status GaveUp(const Status& last) const;

 private:
  const BackoffPolicy policy_;
  const Clock& clock_;
  std::function<double()> random_;
  Clock::TimePoint start_;
  int tries_ = 1;
};

}  // namespace ark
