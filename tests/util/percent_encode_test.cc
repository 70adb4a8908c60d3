#include "util/percent_encode.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace ark {
namespace {

struct Case {
  std::string in;
  bool keep_slash;
  std::string want;
};

TEST(PercentEncodeTest, EncodesAllButTheUnreservedSet) {
  const Case cases[] = {
      {"", false, ""},
      {"AZaz09-._~", false, "AZaz09-._~"},
      {"a b", false, "a%20b"},
      {"a/b", false, "a%2Fb"},
      {"a/b", true, "a/b"},
      {"dir/file name.txt", true, "dir/file%20name.txt"},
      {"x=1&y=+", false, "x%3D1%26y%3D%2B"},
      {"2017-11-06T22:46:06Z", false, "2017-11-06T22%3A46%3A06Z"},
      {"!*'()", false, "%21%2A%27%28%29"},
      {"\xC3\xA9", false, "%C3%A9"},  // UTF-8 'é': each byte, upper-case hex
      {std::string("a\0b", 3), false, "a%00b"},
      {"\x7F\xFF", false, "%7F%FF"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(PercentEncode(c.in, c.keep_slash), c.want) << "input: " << c.in;
  }
}

TEST(PercentEncodeTest, KeepSlashDefaultsToOff) { EXPECT_EQ(PercentEncode("a/b"), "a%2Fb"); }

TEST(PercentDecodeTest, ReversesEncodingAndKeepsMalformedEscapes) {
  EXPECT_EQ(PercentDecode("a%20b%2Fc"), "a b/c");
  EXPECT_EQ(PercentDecode("%c3%A9"), "\xC3\xA9");
  EXPECT_EQ(PercentDecode("100%"), "100%");
  EXPECT_EQ(PercentDecode("%4"), "%4");
  EXPECT_EQ(PercentDecode("%zz1"), "%zz1");
  EXPECT_EQ(PercentDecode("a+b"), "a+b");
  EXPECT_EQ(PercentDecode("a+b", /*plus_is_space=*/true), "a b");
  const std::string raw = "dir/x y&z=\x01\xFE";
  EXPECT_EQ(PercentDecode(PercentEncode(raw)), raw);
}

TEST(PercentDecodeTest, StrictRejectsMalformedEscapes) {
  EXPECT_EQ(PercentDecodeStrict("/tmp/a%20b"), std::optional<std::string>("/tmp/a b"));
  EXPECT_EQ(PercentDecodeStrict("/tmp/100%"), std::nullopt);
  EXPECT_EQ(PercentDecodeStrict("/tmp/%4"), std::nullopt);
  EXPECT_EQ(PercentDecodeStrict("/tmp/%g0"), std::nullopt);
  EXPECT_EQ(PercentDecodeStrict("a+b"), std::optional<std::string>("a+b"));
}

}  // namespace
}  // namespace ark
