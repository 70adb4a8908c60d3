#include "util/base64.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ark {
namespace {

TEST(Base64, RoundTripsEveryPaddingLength) {
  for (const std::string& s :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\xff\x00\x10", 3)}) {
    auto back = Base64Decode(Base64Encode(s));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, s);
  }
  EXPECT_EQ(Base64Encode("alice:s3cret"), "YWxpY2U6czNjcmV0");
  EXPECT_EQ(*Base64Decode("YWxp\nY2U6\r\nczNjcmV0"), "alice:s3cret");
  EXPECT_FALSE(Base64Decode("a*b").has_value());
}

TEST(Base64, DecodingAcceptsAMissingPaddingAndRefusesDataAfterIt) {
  EXPECT_EQ(*Base64Decode("YWI"), "ab");
  EXPECT_EQ(*Base64Decode("YWI="), "ab");
  EXPECT_EQ(*Base64Decode("YQ"), "a");
  EXPECT_FALSE(Base64Decode("YQ==YQ==").has_value());
  EXPECT_FALSE(Base64Decode("YWJjZ").has_value());  // a lone character is not a byte
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes += static_cast<char>(i);
  EXPECT_EQ(*Base64Decode(Base64Encode(all_bytes)), all_bytes);
}

TEST(Base64, UrlFormHasNoPaddingAndTheUrlAlphabet) {
  struct Case {
    std::string in, out;
  } cases[] = {{"", ""}, {"f", "Zg"}, {"fo", "Zm8"}, {"foo", "Zm9v"}, {"\xfb\xff", "-_8"}};
  for (const auto& c : cases) EXPECT_EQ(Base64UrlEncode(c.in), c.out) << c.in;
}

}  // namespace
}  // namespace ark
