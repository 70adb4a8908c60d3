#include "util/ascii.h"

#include <gtest/gtest.h>

namespace ark {
namespace {

TEST(AsciiTest, LowerTouchesOnlyAsciiLetters) {
  EXPECT_EQ(AsciiLower(""), "");
  EXPECT_EQ(AsciiLower("Content-MD5"), "content-md5");
  EXPECT_EQ(AsciiLower("X-Ms-Date: AZaz09"), "x-ms-date: azaz09");
  EXPECT_EQ(AsciiLower("\xC3\x89"), "\xC3\x89");  // UTF-8 'É' stays as it is
}

TEST(AsciiTest, TrimRemovesSurroundingWhitespaceOnly) {
  EXPECT_EQ(TrimAsciiSpace(""), "");
  EXPECT_EQ(TrimAsciiSpace(" \t\r\n\v\f"), "");
  EXPECT_EQ(TrimAsciiSpace("  token\n"), "token");
  EXPECT_EQ(TrimAsciiSpace("\ta b\r\n"), "a b");
  EXPECT_EQ(TrimAsciiSpace("x"), "x");
}

}  // namespace
}  // namespace ark
