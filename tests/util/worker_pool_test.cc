#include "util/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace ark {
namespace {

TEST(WorkerPoolTest, RunsEveryTaskBeforeWaitReturns) {
  WorkerPool pool(4, 2);
  std::atomic<int> sum{0};
  for (int i = 1; i <= 100; ++i) pool.Submit([&sum, i] { sum += i; });
  pool.Wait();
  EXPECT_EQ(sum.load(), 5050);
  // A second round after a Wait: the pool is reusable (restore tiers).
  for (int i = 0; i < 10; ++i) pool.Submit([&sum] { ++sum; });
  pool.Wait();
  EXPECT_EQ(sum.load(), 5060);
}

// A gate the test opens: tasks block on it so the queue's bound can be observed.
class Gate {
 public:
  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  void Pass() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

TEST(WorkerPoolTest, SubmitBlocksWhileTheQueueIsFull) {
  Gate gate;
  std::atomic<int> started{0};
  std::atomic<int> submitted{0};
  {
    WorkerPool pool(1, 1);
    std::thread producer([&] {
      for (int i = 0; i < 4; ++i) {
        pool.Submit([&] {
          ++started;
          gate.Pass();
        });
        ++submitted;
      }
    });
    // One task runs (blocked on the gate) and one waits in the queue; the third Submit
    // cannot return until the gate opens.
    while (started.load() < 1 || submitted.load() < 2) std::this_thread::yield();
    EXPECT_EQ(submitted.load(), 2);
    EXPECT_EQ(started.load(), 1);
    gate.Open();
    producer.join();
    pool.Wait();
  }
  EXPECT_EQ(submitted.load(), 4);
  EXPECT_EQ(started.load(), 4);
}

TEST(WorkerPoolTest, RunsTasksOnSeveralThreadsAtOnce) {
  Gate gate;
  std::atomic<int> running{0};
  WorkerPool pool(3, 3);
  for (int i = 0; i < 3; ++i) {
    pool.Submit([&] {
      ++running;
      gate.Pass();
    });
  }
  // All three run together: none can finish before the gate opens.
  while (running.load() < 3) std::this_thread::yield();
  gate.Open();
  pool.Wait();
  EXPECT_EQ(running.load(), 3);
}

}  // namespace
}  // namespace ark
