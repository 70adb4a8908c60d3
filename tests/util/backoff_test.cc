#include "util/backoff.h"

#include <gtest/gtest.h>

#include "util/fake_clock.h"

namespace ark {
namespace {

TEST(RetryBudget, StopsWhenTheNextWaitWouldEndAfterTheBudget) {
  FakeClock clock;
  const BackoffPolicy policy{.max_attempts = 0,
                             .initial = std::chrono::milliseconds(1'000),
                             .cap = std::chrono::milliseconds(4'000),
                             .budget = std::chrono::milliseconds(10'000)};
  RetryBudget retries(policy, clock,
                      [] { return 0.0; });  // waits at their floor: 500, 1000, 2000, 2000...
  std::vector<long long> slept;
  while (retries.Wait()) slept.push_back(clock.slept_ms());
  EXPECT_EQ(slept, (std::vector<long long>{500, 1500, 3500, 5500, 7500, 9500}));
  EXPECT_EQ(retries.tries(), 7);
  EXPECT_EQ(retries.Summary(), "after 7 tries over 9.5 s");
}

TEST(RetryBudget, MaxAttemptsCountsTheFirstTry) {
  FakeClock clock;
  RetryBudget retries(BackoffPolicy{.max_attempts = 3, .budget = std::chrono::milliseconds(0)},
                      clock, [] { return 0.5; });
  EXPECT_TRUE(retries.Wait());
  EXPECT_TRUE(retries.Wait());
  EXPECT_FALSE(retries.Wait());
  EXPECT_EQ(retries.tries(), 3);
}

TEST(RetryBudget, HintReplacesTheBackoffButNotTheBudget) {
  FakeClock clock;
  RetryBudget retries(BackoffPolicy{}, clock, [] { return 0.5; });
  EXPECT_TRUE(retries.Wait(std::chrono::milliseconds(7'000)));
  EXPECT_EQ(clock.slept_ms(), 7'000);
  EXPECT_FALSE(retries.Wait(std::chrono::milliseconds(60'000)));  // past the 30 s budget
  EXPECT_EQ(clock.slept_ms(), 7'000);
}

TEST(RetryBudget, ResetStartsTheCountAndTheBudgetAgain) {
  FakeClock clock;
  const BackoffPolicy policy{.max_attempts = 2, .budget = std::chrono::milliseconds(0)};
  RetryBudget retries(policy, clock, [] { return 0.5; });
  EXPECT_TRUE(retries.Wait());
  EXPECT_FALSE(retries.Wait());
  retries.Reset();
  EXPECT_TRUE(retries.Wait());
}

TEST(RetryBudget, GaveUpKeepsTheErrorAndSaysHowLongItWasTried) {
  FakeClock clock;
  RetryBudget retries(BackoffPolicy{.max_attempts = 2}, clock, [] { return 0.0; });
  Status last = Unavailable("GET /x: connection refused");
  last.WithHttp(503, "ServiceUnavailable");
  EXPECT_EQ(retries.GaveUp(last).message(), last.message());  // one try: nothing to add
  EXPECT_TRUE(retries.Wait());
  Status out = retries.GaveUp(last);
  EXPECT_EQ(out.code(), Code::kUnavailable);
  EXPECT_EQ(out.http_status(), 503);
  EXPECT_EQ(out.reason(), "ServiceUnavailable");
  EXPECT_EQ(out.message(), "GET /x: connection refused (gave up after 2 tries over 0.1 s)");
}

}  // namespace
}  // namespace ark
