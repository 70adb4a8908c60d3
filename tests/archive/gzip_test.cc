#include "archive/gzip.h"

#include <gtest/gtest.h>

namespace ark::archive {
namespace {

TEST(Gunzip, ReadsEveryConcatenatedMember) {
  EXPECT_EQ(*Gunzip(Gzip("one line\n"), "log"), "one line\n");
  // Logs are written as many members; together they are one gzip stream (RFC 1952 2.2).
  const std::string two = Gzip("first\n") + Gzip("second\n") + Gzip("");
  auto text = Gunzip(two, "log");
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text, "first\nsecond\n");
}

TEST(Gunzip, TruncatedOrTrailingGarbageIsDataLossNamingTheInput) {
  const std::string gz = Gzip(std::string(10000, 'x') + "end");
  for (const std::string& bad :
       {gz.substr(0, gz.size() / 2), gz + "not gzip", std::string("plain")}) {
    auto text = Gunzip(bad, "backup log of \"b\"");
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.status().code(), Code::kDataLoss);
    EXPECT_NE(text.status().message().find("backup log of \"b\""), std::string::npos);
  }
}

}  // namespace
}  // namespace ark::archive
