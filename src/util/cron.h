#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/clock.h"
#include "util/result.h"

namespace ark {

// A schedule in the standard cron format that Ark reads (robfig/cron ParseStandard), evaluated
// in UTC:
//   five fields "minute hour day-of-month month day-of-week", each `*`, `?`, a value, a range
//   `a-b`, a step `*/n`, `a-b/n` or `a/n` (= a-max/n), or a comma list of those; months and
//   weekdays also by name (jan..dec, sun..sat, any case). Day-of-week is 0-6 (Sunday = 0).
//   When day-of-month or day-of-week is `*`/`?`, a day must match both; otherwise either.
//   Descriptors: @yearly (@annually), @monthly, @weekly, @daily (@midnight), @hourly,
//   @every <duration> (positive; rounded down to whole seconds, at least 1s).
// Value type, immutable after Parse; safe to share between threads.
class CronSchedule {
 public:
  // Bad input is InvalidArgument naming the expression and the problem, e.g.
  //   cron expression "61 * * * *": minute: end of range (61) above maximum (59): 61
  static Result<CronSchedule> Parse(std::string_view spec);

  // The first activation strictly after `after` (whole seconds). For field schedules that
  // is the next matching minute at second 0; for @every it is `after` + delay, with the
  // sub-second part of `after` dropped. Returns TimePoint{} (the epoch) when nothing
  // matches within five years (e.g. "0 0 30 2 *").
  Clock::TimePoint Next(Clock::TimePoint after) const;

  const std::string& spec() const { return spec_; }

 private:
  CronSchedule() = default;

  std::string spec_;
  // Bit i set = value i allowed. kStarBit marks a field written as `*` or `?`.
  uint64_t minute_ = 0, hour_ = 0, dom_ = 0, month_ = 0, dow_ = 0;
  std::chrono::seconds every_{0};  // > 0 for @every
};

}  // namespace ark
