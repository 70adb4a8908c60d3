#pragma once

#include <chrono>
#include <cstdint>

namespace ark {

// Capped exponential backoff with full jitter ("AWS Architecture Blog: Exponential Backoff
// And Jitter"): attempt n waits a random time in [initial*2^n / 2, min(cap, initial*2^n)].
struct BackoffPolicy {
  int max_attempts = 5;  // total tries, the first included
  std::chrono::milliseconds initial{200};
  std::chrono::milliseconds cap{10'000};
};

// Delay before retry number `retry` (0 = the first retry). `random01` is a value in [0, 1)
// supplied by the caller so the computation is deterministic under test.
std::chrono::milliseconds BackoffDelay(const BackoffPolicy& policy, int retry, double random01);

// A thread-safe random value in [0, 1) for jitter.
double JitterRandom();

}  // namespace ark
