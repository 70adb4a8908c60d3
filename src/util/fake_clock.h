#pragma once

#include <atomic>

#include "util/clock.h"

namespace ark {

// A clock for tests: Now() starts at a fixed instant and SleepFor only advances it.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start = TimePoint(std::chrono::seconds(1'800'000'000)))
      : now_ns_(start.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint(TimePoint::duration(now_ns_.load())); }
  void SleepFor(std::chrono::milliseconds d) const override { Advance(d); }
  void Advance(std::chrono::milliseconds d) const {
    now_ns_ += std::chrono::duration_cast<TimePoint::duration>(d).count();
    slept_ms_ += d.count();
  }
  long long slept_ms() const { return slept_ms_.load(); }

 private:
  mutable std::atomic<TimePoint::rep> now_ns_;
  mutable std::atomic<long long> slept_ms_{0};
};

}  // namespace ark
