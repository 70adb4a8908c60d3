#include "util/first_failure.h"

#include <gtest/gtest.h>

#include <string>

#include "util/worker_pool.h"

namespace ark {
namespace {

TEST(FirstFailureTest, NothingRecordedIsOk) {
  FirstFailure failure;
  EXPECT_FALSE(failure.failed());
  EXPECT_TRUE(failure.status().ok());
}

TEST(FirstFailureTest, KeepsTheFirstOfSeveral) {
  FirstFailure failure;
  failure.Record(Unavailable("the store went away"));
  failure.Record(Internal("a later consequence"));
  EXPECT_TRUE(failure.failed());
  EXPECT_EQ(failure.status().code(), Code::kUnavailable);
  EXPECT_EQ(failure.status().message(), "the store went away");
}

TEST(FirstFailureTest, OneFailureOutOfManyTasksOnAPool) {
  FirstFailure failure;
  {
    WorkerPool pool(4, 4);
    for (int i = 0; i < 200; ++i) {
      pool.Submit([&failure, i] {
        if (i % 50 == 49) failure.Record(DataLoss("part " + std::to_string(i)));
      });
    }
  }
  ASSERT_TRUE(failure.failed());
  EXPECT_EQ(failure.status().code(), Code::kDataLoss);
  EXPECT_EQ(failure.status().message().rfind("part ", 0), 0u) << failure.status().ToString();
}

}  // namespace
}  // namespace ark
