#include "util/cron.h"

#include <gtest/gtest.h>

#include "util/time_format.h"

namespace ark {
namespace {

std::string NextAfter(const std::string& spec, const std::string& after) {
  auto s = CronSchedule::Parse(spec);
  EXPECT_TRUE(s.ok()) << spec << ": " << s.status().ToString();
  if (!s.ok()) return "";
  auto t = ParseRfc3339(after);
  EXPECT_TRUE(t.ok());
  return FormatRfc3339(s->Next(*t));
}

TEST(CronTest, NextActivation) {
  struct Case {
    const char* spec;
    const char* after;
    const char* want;
  };
  const Case cases[] = {
      {"0 */6 * * *", "2017-11-06T22:46:06Z", "2017-11-07T00:00:00Z"},
      {"0 */6 * * *", "2017-11-07T00:00:00Z", "2017-11-07T06:00:00Z"},
      {"0 */6 * * *", "2017-11-07T05:59:59Z", "2017-11-07T06:00:00Z"},
      {"@every 1m", "2017-11-06T22:46:06Z", "2017-11-06T22:47:06Z"},
      {"@every 1h30m", "2017-11-06T22:46:06Z", "2017-11-07T00:16:06Z"},
      {"* * * * *", "2017-11-06T22:46:06Z", "2017-11-06T22:47:00Z"},
      {"*/15 * * * *", "2017-11-06T22:46:06Z", "2017-11-06T23:00:00Z"},
      {"30 2 * * *", "2017-11-06T22:46:06Z", "2017-11-07T02:30:00Z"},
      {"0 0 1 * *", "2017-12-15T00:00:00Z", "2018-01-01T00:00:00Z"},
      {"0 0 * * mon", "2017-11-06T22:46:06Z", "2017-11-13T00:00:00Z"},  // 11-06 is a Monday
      {"0 9 * * MON-FRI", "2017-11-10T10:00:00Z", "2017-11-13T09:00:00Z"},
      {"0 0 29 feb *", "2017-03-01T00:00:00Z", "2020-02-29T00:00:00Z"},
      {"0 12 1,15 * *", "2017-11-02T00:00:00Z", "2017-11-15T12:00:00Z"},
      // Both day fields restricted: either matches (the 13th or a Friday).
      {"0 0 13 * 5", "2017-11-06T00:00:00Z", "2017-11-10T00:00:00Z"},
      // Day-of-week "*": day-of-month alone decides.
      {"0 0 13 * *", "2017-11-06T00:00:00Z", "2017-11-13T00:00:00Z"},
      {"5/20 * * * *", "2017-11-06T22:46:06Z", "2017-11-06T23:05:00Z"},
      {"0 0 * jun ?", "2017-11-06T22:46:06Z", "2018-06-01T00:00:00Z"},
      {"@hourly", "2017-11-06T22:46:06Z", "2017-11-06T23:00:00Z"},
      {"@daily", "2017-11-06T22:46:06Z", "2017-11-07T00:00:00Z"},
      {"@midnight", "2017-11-06T22:46:06Z", "2017-11-07T00:00:00Z"},
      {"@weekly", "2017-11-06T22:46:06Z", "2017-11-12T00:00:00Z"},
      {"@monthly", "2017-11-06T22:46:06Z", "2017-12-01T00:00:00Z"},
      {"@yearly", "2017-11-06T22:46:06Z", "2018-01-01T00:00:00Z"},
      {"@annually", "2017-11-06T22:46:06Z", "2018-01-01T00:00:00Z"},
      // The zero lastBackup: the first run is due at once.
      {"0 */6 * * *", "1970-01-01T00:00:00Z", "1970-01-01T06:00:00Z"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NextAfter(c.spec, c.after), c.want) << c.spec << " after " << c.after;
  }
}

TEST(CronTest, ImpossibleScheduleHasNoNextTime) {
  auto s = CronSchedule::Parse("0 0 30 2 *");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->Next(*ParseRfc3339("2017-01-01T00:00:00Z")), Clock::TimePoint{});
}

TEST(CronTest, EverySubSecondRoundsUpToOneSecond) {
  auto s = CronSchedule::Parse("@every 10ms");
  ASSERT_TRUE(s.ok());
  auto t = *ParseRfc3339("2017-11-06T22:46:06.700Z");
  EXPECT_EQ(FormatRfc3339(s->Next(t)), "2017-11-06T22:46:07Z");
}

TEST(CronTest, RejectsBadExpressions) {
  struct Case {
    const char* spec;
    const char* message_part;
  };
  const Case cases[] = {
      {"", "empty spec"},
      {"* * * *", "expected exactly 5 fields"},
      {"0 * * * * *", "expected exactly 5 fields"},  // the pre-0.3.3 six-field form
      {"61 * * * *", "minute: end of range (61) above maximum (59)"},
      {"* 24 * * *", "hour: end of range (24) above maximum (23)"},
      {"* * 0 * *", "day-of-month: beginning of range (0) below minimum (1)"},
      {"* * * 13 *", "month: end of range (13) above maximum (12)"},
      {"* * * * 7", "day-of-week: end of range (7) above maximum (6)"},
      {"5-1 * * * *", "beginning of range (5) beyond end of range (1)"},
      {"*/0 * * * *", "step of range should be a positive number"},
      {"1-2-3 * * * *", "too many hyphens"},
      {"1/2/3 * * * *", "too many slashes"},
      {"x * * * *", "failed to parse int from \"x\""},
      {"* * * foo *", "month: failed to parse int from \"foo\""},
      {"@fortnightly", "unrecognized descriptor @fortnightly"},
      {"@every", "@every takes exactly one duration"},
      {"@every 1d", "unknown unit \"d\""},
      {"@every 0s", "the interval must be positive, e.g. @every 1h"},
      {"@every -5m", "the interval must be positive, e.g. @every 1h"},
  };
  for (const Case& c : cases) {
    auto s = CronSchedule::Parse(c.spec);
    ASSERT_FALSE(s.ok()) << c.spec;
    EXPECT_NE(s.status().message().find(c.message_part), std::string::npos)
        << c.spec << ": " << s.status().message();
    EXPECT_NE(s.status().message().find(std::string("cron expression \"") + c.spec + "\""),
              std::string::npos)
        << s.status().message();
  }
}

}  // namespace
}  // namespace ark
