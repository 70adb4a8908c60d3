#pragma once

#include <gtest/gtest.h>

#include "util/clock.h"
#include "util/time_format.h"

namespace ark::controller {

// The time written as RFC 3339 text: decision tests read better with literal dates. A text
// that does not parse fails the test.
inline Clock::TimePoint At(const char* rfc3339) {
  auto t = ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.ok()) << rfc3339;
  return t.ok() ? *t : Clock::TimePoint{};
}

}  // namespace ark::controller
