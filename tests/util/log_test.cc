#include "util/log.h"

#include <gtest/gtest.h>

#include "util/backoff.h"
#include "util/fake_clock.h"

namespace ark {
namespace {

TEST(Log, FormatsLogrusTextWithQuotingWhereNeeded) {
  FakeClock clock;
  MemorySink sink;
  Logger log = Logger(sink, LogLevel::kInfo, clock).With("backup", "heptio-ark/nginx");
  log.Info("Backing up resource", {{"resource", "pods"}, {"note", "a b=\"c\""}});
  log.Debug("hidden");
  auto lines = sink.Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            "time=\"2027-01-15T08:00:00Z\" level=info msg=\"Backing up resource\" "
            "backup=heptio-ark/nginx resource=pods note=\"a b=\\\"c\\\"\"");
}

TEST(Log, WithTheSameKeyAgainKeepsOneField) {
  FakeClock clock;
  MemorySink sink;
  Logger log = Logger(sink, LogLevel::kInfo, clock).With("backup", "heptio-ark/b").With("x", "1");
  log.With("backup", "b").Info("m");
  auto lines = sink.Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "time=\"2027-01-15T08:00:00Z\" level=info msg=m backup=heptio-ark/b x=1");
}

TEST(Backoff, GrowsExponentiallyWithinJitterAndCaps) {
  BackoffPolicy p;
  p.initial = std::chrono::milliseconds(100);
  p.cap = std::chrono::milliseconds(1000);
  EXPECT_EQ(BackoffDelay(p, 0, 0.0).count(), 50);
  EXPECT_EQ(BackoffDelay(p, 0, 0.999).count(), 99);
  EXPECT_EQ(BackoffDelay(p, 2, 0.0).count(), 200);
  EXPECT_EQ(BackoffDelay(p, 10, 0.0).count(), 500);
  EXPECT_LE(BackoffDelay(p, 10, 0.999).count(), 1000);
}

}  // namespace
}  // namespace ark
