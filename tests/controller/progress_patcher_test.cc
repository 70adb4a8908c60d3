#include "controller/progress_patcher.h"

#include <gtest/gtest.h>

#include <thread>
#include <utility>
#include <vector>

namespace ark::controller {
namespace {

using Write = std::pair<int64_t, int64_t>;

class Writes {
 public:
  void Add(int64_t done, int64_t total) {
    std::lock_guard<std::mutex> lock(mu_);
    writes_.emplace_back(done, total);
  }
  std::vector<Write> Get() {
    std::lock_guard<std::mutex> lock(mu_);
    return writes_;
  }
  // Waits (up to 30 s) until the last write is `want`.
  bool WaitFor(Write want) {
    for (int i = 0; i < 30000; ++i) {
      auto w = Get();
      if (!w.empty() && w.back() == want) return true;
      std::this_thread::yield();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return false;
  }

 private:
  std::mutex mu_;
  std::vector<Write> writes_;
};

TEST(ProgressPatcherTest, WritesTheLatestCountsOnceEachAndNothingAfterItIsGone) {
  Writes writes;
  {
    ProgressPatcher patcher([&](int64_t done, int64_t total) { writes.Add(done, total); },
                            std::chrono::milliseconds(2));
    patcher.Report(1, 10);
    patcher.Report(2, 10);
    ASSERT_TRUE(writes.WaitFor({2, 10}));
    // Counts reported and then left alone (a hook holding the backup) are still written.
    patcher.Report(7, 10);
    ASSERT_TRUE(writes.WaitFor({7, 10}));
  }
  const std::vector<Write> seen = writes.Get();
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_NE(seen[i], seen[i - 1]) << "written twice";
  EXPECT_EQ(seen.back(), Write(7, 10));
}

TEST(ProgressPatcherTest, NothingIsWrittenBeforeTheFirstReport) {
  Writes writes;
  {
    ProgressPatcher patcher([&](int64_t done, int64_t total) { writes.Add(done, total); },
                            std::chrono::hours(1));
  }  // stops at once, without waiting for the interval
  EXPECT_TRUE(writes.Get().empty());
}

}  // namespace
}  // namespace ark::controller
