#include "controller/work_queue.h"

#include <gtest/gtest.h>

#include <thread>

#include "controller/generic_controller.h"
#include "controller/metrics.h"

namespace ark::controller {
namespace {

TEST(WorkQueueTest, DeduplicatesQueuedKeys) {
  WorkQueue q;
  q.Add("a");
  q.Add("b");
  q.Add("a");
  EXPECT_EQ(q.Len(), 2u);
  EXPECT_EQ(q.Get(), "a");
  EXPECT_EQ(q.Get(), "b");
}

TEST(WorkQueueTest, KeyAddedWhileProcessingComesBackAfterDone) {
  WorkQueue q;
  q.Add("a");
  auto key = q.Get();
  ASSERT_EQ(key, "a");
  q.Add("a");
  EXPECT_EQ(q.Len(), 0u);  // not handed to a second worker while "a" is processed
  q.Done("a");
  EXPECT_EQ(q.Len(), 1u);
  EXPECT_EQ(q.Get(), "a");
}

TEST(WorkQueueTest, RateLimitedKeysReturn) {
  WorkQueue q(SystemClock(), std::chrono::milliseconds(1), std::chrono::milliseconds(5));
  q.AddRateLimited("x");
  EXPECT_EQ(q.Get(), "x");
}

TEST(WorkQueueTest, ShutDownWakesGetters) {
  WorkQueue q;
  std::optional<std::string> got = "unset";
  std::thread t([&] { got = q.Get(); });
  q.ShutDown();
  t.join();
  EXPECT_FALSE(got.has_value());
}

TEST(GenericControllerTest, RetriesFailuresAndDrainsOnStop) {
  std::mutex mu;
  std::map<std::string, int> calls;
  GenericController::Options options;
  options.name = "test";
  options.workers = 2;
  GenericController c(
      options,
      [&](const std::string& key) {
        std::lock_guard<std::mutex> lock(mu);
        return ++calls[key] < 3 ? Unavailable("try again") : Status::Ok();
      },
      Logger(StderrSink(), LogLevel::kError));
  c.Start();
  c.Enqueue("k1");
  c.Enqueue("k2");
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (calls["k1"] == 3 && calls["k2"] == 3) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  c.Stop();
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(calls["k1"], 3);
  EXPECT_EQ(calls["k2"], 3);
}

TEST(MetricsTest, RendersPrometheusText) {
  Metrics m;
  m.BackupAttempt("");
  m.BackupSuccess("");
  m.BackupAttempt("daily");
  m.BackupDuration("daily", 42);
  std::string text = m.Render();
  EXPECT_NE(text.find("# TYPE ark_backup_attempt_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("ark_backup_attempt_total{schedule=\"\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("ark_backup_attempt_total{schedule=\"daily\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("ark_backup_duration_seconds_bucket{schedule=\"daily\",le=\"30\"} 0\n"),
            std::string::npos);
  EXPECT_NE(text.find("ark_backup_duration_seconds_bucket{schedule=\"daily\",le=\"60\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("ark_backup_duration_seconds_sum{schedule=\"daily\"} 42\n"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE ark_restore_attempt_total counter"), std::string::npos);
}

}  // namespace
}  // namespace ark::controller
