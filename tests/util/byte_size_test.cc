#include "util/byte_size.h"

#include <gtest/gtest.h>

namespace ark {
namespace {

TEST(ByteSizeTest, ParsesQuantities) {
  struct Case {
    const char* text;
    int64_t want;
  };
  const Case cases[] = {
      {"0", 0},
      {"17", 17},
      {"256Mi", 256LL << 20},
      {"1Ki", 1024},
      {"3Gi", 3LL << 30},
      {"2Ti", 2LL << 40},
      {"1500k", 1'500'000},
      {"1M", 1'000'000},
      {"2G", 2'000'000'000},
      {"1T", 1'000'000'000'000},
      {"9223372036854775807", INT64_MAX},
  };
  for (const Case& c : cases) {
    auto got = ParseByteSize(c.text);
    ASSERT_TRUE(got.ok()) << c.text << ": " << got.status().ToString();
    EXPECT_EQ(*got, c.want) << c.text;
  }
}

TEST(ByteSizeTest, RejectsWhatIsNotASize) {
  struct Case {
    const char* text;
    Code code;
    const char* message;
  };
  const Case cases[] = {
      {"", Code::kInvalidArgument, "invalid size \"\": want a whole number of bytes"},
      {"Mi", Code::kInvalidArgument, "invalid size \"Mi\": want a whole number"},
      {"-1Mi", Code::kInvalidArgument, "invalid size \"-1Mi\": want a whole number"},
      {"1.5Mi", Code::kInvalidArgument, "invalid size \"1.5Mi\": unknown suffix \".5Mi\""},
      {"12MB", Code::kInvalidArgument, "unknown suffix \"MB\" (valid: Ki, Mi, Gi, Ti, k, M, G, T)"},
      {"1 Mi", Code::kInvalidArgument, "unknown suffix \" Mi\""},
      {"9223372036854775808", Code::kOutOfRange, "size \"9223372036854775808\" is too large"},
      {"9000000Ti", Code::kOutOfRange, "is too large"},
  };
  for (const Case& c : cases) {
    auto got = ParseByteSize(c.text);
    ASSERT_FALSE(got.ok()) << c.text;
    EXPECT_EQ(got.status().code(), c.code) << c.text;
    EXPECT_NE(got.status().message().find(c.message), std::string::npos)
        << c.text << ": " << got.status().message();
  }
}

TEST(ByteSizeTest, FormatsTheLargestExactUnit) {
  EXPECT_EQ(FormatByteSize(256LL << 20), "256Mi");
  EXPECT_EQ(FormatByteSize(1'500'000), "1500k");
  EXPECT_EQ(FormatByteSize(1'000'000), "1M");
  EXPECT_EQ(FormatByteSize(1536), "1536");  // 1.5Ki: no exact unit
  EXPECT_EQ(FormatByteSize(17), "17");
  EXPECT_EQ(FormatByteSize(0), "0");
  for (int64_t v : {int64_t{1} << 20, int64_t{3'000}, int64_t{12345}}) {
    auto back = ParseByteSize(FormatByteSize(v));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, v);
  }
}

}  // namespace
}  // namespace ark
