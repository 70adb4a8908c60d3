#include "backup/claimed_items.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace ark::backup {
namespace {

TEST(ClaimedItems, AnItemIsClaimedOnceAndKeysDoNotRunTogether) {
  ClaimedItems claimed;
  EXPECT_FALSE(claimed.Contains("pods", "ns", "a"));
  EXPECT_TRUE(claimed.Claim("pods", "ns", "a"));
  EXPECT_TRUE(claimed.Contains("pods", "ns", "a"));
  EXPECT_FALSE(claimed.Claim("pods", "ns", "a"));
  // The same name elsewhere is another item, however the parts would concatenate.
  EXPECT_TRUE(claimed.Claim("pods", "ns2", "a"));
  EXPECT_TRUE(claimed.Claim("persistentvolumes", "", "a"));
  EXPECT_TRUE(claimed.Claim("pods", "nsa", ""));
  EXPECT_TRUE(claimed.Claim("pods", "n", "sa"));
  EXPECT_FALSE(claimed.Contains("pods", "", "nsa"));
}

// Workers race to claim the same items: each is won exactly once.
TEST(ClaimedItems, ConcurrentClaimsOfTheSameItemsEachSucceedOnce) {
  ClaimedItems claimed;
  constexpr int kItems = 20000;
  std::atomic<int> won{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < kItems; ++i) {
        if (claimed.Claim("configmaps", "ns-" + std::to_string(i % 7), "cm-" + std::to_string(i))) {
          ++won;
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(won.load(), kItems);
}

}  // namespace
}  // namespace ark::backup
