#include "util/duration.h"

#include <gtest/gtest.h>

namespace ark {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::nanoseconds;
using std::chrono::seconds;

TEST(DurationTest, ParsesGoDurations) {
  struct Case {
    const char* text;
    nanoseconds want;
  };
  const Case cases[] = {
      {"0", nanoseconds(0)},
      {"0s", nanoseconds(0)},
      {"24h0m0s", hours(24)},
      {"720h0m0s", hours(720)},
      {"30m", minutes(30)},
      {"1h30m", minutes(90)},
      {"1m", minutes(1)},
      {"2m3s", seconds(123)},
      {"1.5s", milliseconds(1500)},
      {".5h", minutes(30)},
      {"500ms", milliseconds(500)},
      {"10us", microseconds(10)},
      {"10\xC2\xB5s", microseconds(10)},
      {"10\xCE\xBCs", microseconds(10)},
      {"100ns", nanoseconds(100)},
      {"-1h", hours(-1)},
      {"+5s", seconds(5)},
      {"1h1h", hours(2)},
      {"2562047h47m16.854775807s", nanoseconds(INT64_MAX)},
  };
  for (const Case& c : cases) {
    auto got = ParseDuration(c.text);
    ASSERT_TRUE(got.ok()) << c.text << ": " << got.status().ToString();
    EXPECT_EQ(*got, c.want) << c.text;
  }
}

TEST(DurationTest, RejectsBadInputWithClearErrors) {
  struct Case {
    const char* text;
    const char* message_part;
  };
  const Case cases[] = {
      {"", "empty"},
      {"1", "missing unit"},
      {"1d", "unknown unit \"d\""},
      {"h", "expected a number"},
      {"1h-2m", "unknown unit \"h-\""},  // as Go reads it
      {".s", "expected a number"},
      {"-", "empty"},
      {"3000000h", "out of range"},
  };
  for (const Case& c : cases) {
    auto got = ParseDuration(c.text);
    ASSERT_FALSE(got.ok()) << c.text;
    EXPECT_NE(got.status().message().find(c.message_part), std::string::npos)
        << c.text << ": " << got.status().message();
    EXPECT_NE(got.status().message().find(std::string("\"") + c.text + "\""), std::string::npos)
        << "error must quote the input: " << got.status().message();
  }
}

TEST(DurationTest, FormatsLikeGo) {
  struct Case {
    nanoseconds d;
    const char* want;
  };
  const Case cases[] = {
      {nanoseconds(0), "0s"},
      {hours(24), "24h0m0s"},
      {hours(720), "720h0m0s"},
      {minutes(30), "30m0s"},
      {minutes(90), "1h30m0s"},
      {seconds(1), "1s"},
      {milliseconds(1500), "1.5s"},
      {milliseconds(500), "500ms"},
      {microseconds(1), "1\xC2\xB5s"},
      {nanoseconds(1100), "1.1\xC2\xB5s"},
      {nanoseconds(7), "7ns"},
      {seconds(-123), "-2m3s"},
      {nanoseconds(INT64_MAX), "2562047h47m16.854775807s"},
      {nanoseconds(INT64_MIN), "-2562047h47m16.854775808s"},
  };
  for (const Case& c : cases) EXPECT_EQ(FormatDuration(c.d), c.want);
}

TEST(DurationTest, FormatThenParseIsIdentity) {
  for (nanoseconds d :
       std::initializer_list<nanoseconds>{nanoseconds(0), nanoseconds(1), hours(720) + seconds(1),
                                          milliseconds(-2500), minutes(59) + nanoseconds(3)}) {
    auto back = ParseDuration(FormatDuration(d));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, d);
  }
}

}  // namespace
}  // namespace ark
