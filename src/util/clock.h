#pragma once

#include <chrono>

namespace ark {

// The only way domain code reads time or waits, so tests can run without wall time.
// Thread-safe.
class Clock {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
  virtual void SleepFor(std::chrono::milliseconds d) const = 0;
};

// The process-wide real clock.
const Clock& SystemClock();

}  // namespace ark
