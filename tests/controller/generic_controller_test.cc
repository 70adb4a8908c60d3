// A stopping controller takes no new keys, reports what it is still syncing and says when it
// is idle, so the server can bound its shutdown.
#include "controller/generic_controller.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <set>

namespace ark::controller {
namespace {

using std::chrono::steady_clock;

// A sync that blocks on key "slow" until Release().
class Gate {
 public:
  Status Sync(const std::string& key) {
    std::unique_lock<std::mutex> lock(mu_);
    synced_.insert(key);
    cv_.notify_all();
    if (key == "slow") cv_.wait(lock, [&] { return released_; });
    return Status::Ok();
  }
  void WaitSynced(const std::string& key) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return synced_.count(key) != 0; });
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mu_);
    released_ = true;
    cv_.notify_all();
  }
  std::set<std::string> synced() {
    std::lock_guard<std::mutex> lock(mu_);
    return synced_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> synced_;
  bool released_ = false;
};

TEST(GenericControllerStopTest, StopsTakingKeysAndWaitsForTheRunningOne) {
  Gate gate;
  GenericController::Options options;
  options.name = "test";
  options.workers = 1;
  GenericController c(
      options, [&](const std::string& k) { return gate.Sync(k); },
      Logger(StderrSink(), LogLevel::kError));
  c.Start();
  c.Enqueue("slow");
  c.Enqueue("queued");
  gate.WaitSynced("slow");
  EXPECT_EQ(c.Processing(), std::vector<std::string>{"slow"});

  c.StopTaking();
  EXPECT_FALSE(c.WaitIdle(steady_clock::now()));  // "slow" is still being synced
  c.Enqueue("late");
  gate.Release();
  EXPECT_TRUE(c.WaitIdle(steady_clock::now() + std::chrono::seconds(30)));
  EXPECT_TRUE(c.Processing().empty());
  c.Stop();
  // Neither the key queued before the stop nor one added after it was synced.
  EXPECT_EQ(gate.synced(), std::set<std::string>{"slow"});
}

TEST(GenericControllerStopTest, AnIdleControllerIsIdleAtOnce) {
  GenericController::Options options;
  options.name = "idle";
  options.workers = 3;
  options.resync_period = std::chrono::hours(1);
  int resyncs = 0;
  options.resync = [&] { ++resyncs; };
  GenericController c(
      options, [](const std::string&) { return Status::Ok(); },
      Logger(StderrSink(), LogLevel::kError));
  c.Start();
  c.StopTaking();
  EXPECT_TRUE(c.WaitIdle(steady_clock::now() + std::chrono::seconds(30)));
  c.Stop();
  c.Stop();  // twice is fine
  EXPECT_LE(resyncs, 1);
}

}  // namespace
}  // namespace ark::controller
