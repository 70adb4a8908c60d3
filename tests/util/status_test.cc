#include "util/status.h"

#include <gtest/gtest.h>

#include "util/result.h"

namespace ark {
namespace {

Result<int> Half(int n) {
  if (n % 2) return InvalidArgument("odd: " + std::to_string(n));
  return n / 2;
}

Result<int> Quarter(int n) {
  ARK_ASSIGN_OR_RETURN(int h, Half(n));
  return Half(h);
}

TEST(Status, OkIsCheapAndPrintsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
  EXPECT_EQ(s.code(), Code::kOk);
}

TEST(Status, CarriesCodeMessageAndHttpDetails) {
  Status s = NotFound("configmaps \"x\" not found");
  s.WithHttp(404, "NotFound").Annotate("restoring x");
  EXPECT_EQ(s.code(), Code::kNotFound);
  EXPECT_EQ(s.http_status(), 404);
  EXPECT_EQ(s.reason(), "NotFound");
  EXPECT_EQ(s.ToString(), "NotFound: restoring x: configmaps \"x\" not found");
  Status copy = s;
  EXPECT_EQ(copy.ToString(), s.ToString());
}

TEST(Result, PropagatesErrorsAndValues) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "odd: 3");
}

}  // namespace
}  // namespace ark
