#include "util/time_format.h"

#include <gtest/gtest.h>

namespace ark {
namespace {

using namespace std::chrono;

Clock::TimePoint At(int y, unsigned mo, unsigned d, int h, int mi, int s) {
  return sys_days(year(y) / month(mo) / day(d)) + hours(h) + minutes(mi) + seconds(s);
}

TEST(TimeFormatTest, FormatsRfc3339InUtcWholeSeconds) {
  EXPECT_EQ(FormatRfc3339(At(2017, 11, 6, 22, 46, 6)), "2017-11-06T22:46:06Z");
  EXPECT_EQ(FormatRfc3339(At(2017, 11, 6, 22, 46, 6) + milliseconds(999)), "2017-11-06T22:46:06Z");
  EXPECT_EQ(FormatRfc3339(Clock::TimePoint{}), "1970-01-01T00:00:00Z");
}

TEST(TimeFormatTest, FormatsTheSigningForms) {
  const Clock::TimePoint t = At(2017, 11, 6, 22, 46, 6) + milliseconds(999);
  EXPECT_EQ(FormatIso8601Basic(t), "20171106T224606Z");
  EXPECT_EQ(FormatBasicDate(t), "20171106");
  EXPECT_EQ(FormatIso8601Basic(Clock::TimePoint{}), "19700101T000000Z");
  EXPECT_EQ(FormatBasicDate(At(2024, 2, 29, 23, 59, 59)), "20240229");
}

TEST(TimeFormatTest, FormatsRfc1123WithEnglishNames) {
  EXPECT_EQ(FormatRfc1123(At(2017, 11, 6, 22, 46, 6)), "Mon, 06 Nov 2017 22:46:06 GMT");
  EXPECT_EQ(FormatRfc1123(Clock::TimePoint{}), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(FormatRfc1123(At(2024, 2, 29, 9, 5, 1)), "Thu, 29 Feb 2024 09:05:01 GMT");
  EXPECT_EQ(FormatRfc1123(At(2026, 12, 6, 0, 0, 0)), "Sun, 06 Dec 2026 00:00:00 GMT");
}

TEST(TimeFormatTest, ParsesRfc3339Forms) {
  struct Case {
    const char* text;
    Clock::TimePoint want;
  };
  const Case cases[] = {
      {"2017-11-06T22:46:06Z", At(2017, 11, 6, 22, 46, 6)},
      {"2026-11-28t22:46:25z", At(2026, 11, 28, 22, 46, 25)},
      {"2017-11-06T22:46:06.5Z", At(2017, 11, 6, 22, 46, 6) + milliseconds(500)},
      {"2017-11-06T22:46:06.123456789Z", At(2017, 11, 6, 22, 46, 6) + nanoseconds(123456789)},
      {"2017-11-07T00:46:06+02:00", At(2017, 11, 6, 22, 46, 6)},
      {"2017-11-06T20:16:06-02:30", At(2017, 11, 6, 22, 46, 6)},
      {"2024-02-29T00:00:00Z", At(2024, 2, 29, 0, 0, 0)},
  };
  for (const Case& c : cases) {
    auto got = ParseRfc3339(c.text);
    ASSERT_TRUE(got.ok()) << c.text << ": " << got.status().ToString();
    EXPECT_EQ(*got, c.want) << c.text;
  }
}

TEST(TimeFormatTest, RejectsBadTimes) {
  for (const char* bad :
       {"", "2017-11-06", "2017-11-06 22:46:06Z", "2017-11-06T22:46:06", "2017-13-06T22:46:06Z",
        "2023-02-29T00:00:00Z", "2017-11-06T24:00:00Z", "2017-11-06T22:46:06.Z",
        "2017-11-06T22:46:06Zjunk", "2017-11-06T22:46:06+0200", "17-11-06T22:46:06Z"}) {
    auto got = ParseRfc3339(bad);
    ASSERT_FALSE(got.ok()) << bad;
    EXPECT_NE(got.status().message().find(std::string("\"") + bad + "\""), std::string::npos)
        << got.status().message();
  }
}

TEST(TimeFormatTest, NameTimestamp) {
  EXPECT_EQ(FormatNameTimestamp(At(2026, 11, 28, 22, 46, 25)), "20261128224625");
  EXPECT_EQ(FormatNameTimestamp(At(2017, 1, 2, 3, 4, 5)), "20170102030405");

  std::string_view prefix, stamp;
  ASSERT_TRUE(SplitNameTimestamp("nginx-ns-20261128224625", &prefix, &stamp));
  EXPECT_EQ(prefix, "nginx-ns");
  EXPECT_EQ(stamp, "20261128224625");
  EXPECT_FALSE(SplitNameTimestamp("nginx-ns", &prefix, &stamp));
  EXPECT_FALSE(SplitNameTimestamp("-20261128224625", &prefix, &stamp));
  EXPECT_FALSE(SplitNameTimestamp("a-2026112822462x", &prefix, &stamp));
  EXPECT_FALSE(SplitNameTimestamp("a_20261128224625", &prefix, &stamp));
}

}  // namespace
}  // namespace ark
