#include "util/cancel.h"

#include <gtest/gtest.h>

#include <thread>

namespace ark {
namespace {

TEST(CancelTokenTest, FirstCancelWinsAndCheckCarriesItsReason) {
  CancelToken token;
  EXPECT_FALSE(token.cancelled());
  EXPECT_TRUE(token.Check().ok());
  EXPECT_EQ(token.wrap_up_by(), Clock::TimePoint::max());

  const Clock::TimePoint by = Clock::TimePoint() + std::chrono::seconds(42);
  token.Cancel("the server was stopped", by);
  token.Cancel("a later reason", Clock::TimePoint() + std::chrono::seconds(1));
  EXPECT_TRUE(token.cancelled());
  EXPECT_EQ(token.Check().code(), Code::kCancelled);
  EXPECT_EQ(token.Check().message(), "the server was stopped");
  EXPECT_EQ(token.reason(), "the server was stopped");
  EXPECT_EQ(token.wrap_up_by(), by);
}

TEST(CancelTokenTest, SeenByAnotherThread) {
  CancelToken token;
  std::thread canceller([&] { token.Cancel("stop"); });
  canceller.join();
  std::thread reader([&] { EXPECT_EQ(token.Check().message(), "stop"); });
  reader.join();
}

TEST(CancellableStreamsTest, StopAtTheNextChunkOnceCancelled) {
  CancelToken token;
  StringSource inner("0123456789");
  CancellableSource source(inner, &token);
  char buf[4];
  auto first = source.Read(buf, sizeof(buf));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(std::string(buf, *first), "0123");
  token.Cancel("the server was stopped");
  auto second = source.Read(buf, sizeof(buf));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Code::kCancelled);

  StringSink out;
  CancellableSink sink(out, &token);
  Status written = sink.Write("data");
  EXPECT_EQ(written.code(), Code::kCancelled);
  EXPECT_EQ(out.str(), "");

  StringSource untouched("abc");
  CancellableSource never(untouched, nullptr);
  auto read = never.Read(buf, sizeof(buf));
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, 3u);
}

}  // namespace
}  // namespace ark
