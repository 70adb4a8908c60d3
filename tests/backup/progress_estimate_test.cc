#include "backup/progress_estimate.h"

#include <gtest/gtest.h>

namespace ark::backup {
namespace {

// `n` items of `list` listed, of which the backup's filters select `selected`.
void List(ProgressEstimate& estimate, ProgressEstimate::List& list, int n, int selected) {
  for (int i = 0; i < n; ++i) {
    list.ItemListed();
    if (i < selected) estimate.ItemSeen();
  }
}

TEST(ProgressEstimateTest, FirstPageBringsTheWholeListIntoTheTotal) {
  ProgressEstimate estimate;
  {
    ProgressEstimate::List list(estimate);
    list.Expect(2503 + 500);  // a full page of 500 with remainingItemCount 2503
    EXPECT_EQ(estimate.Total(), 3003);
    List(estimate, list, 250, 250);
    EXPECT_EQ(estimate.Total(), 3003);
    List(estimate, list, 250, 250);
    list.Expect(2503);
    EXPECT_EQ(estimate.Total(), 3003);
    list.Expect(2003 + 500);
    List(estimate, list, 500, 500);
    list.Expect(2003);
    EXPECT_EQ(estimate.Total(), 3003);
    list.Expect(1600 + 500);  // objects were created while the list was read
    List(estimate, list, 500, 500);
    list.Expect(1600);
    EXPECT_EQ(estimate.Total(), 3100);
    List(estimate, list, 1600, 1600);  // the last page says nothing
    list.Expect(-1);
    EXPECT_EQ(estimate.Total(), 3100);
  }
  EXPECT_EQ(estimate.Total(), 3100);
  EXPECT_EQ(estimate.seen(), 3100);
}

TEST(ProgressEstimateTest, ItemsTheFiltersDropLeaveTheTotalAsTheyAreListed) {
  ProgressEstimate estimate;
  ProgressEstimate::List list(estimate);
  list.Expect(10 + 10);
  List(estimate, list, 10, 4);
  EXPECT_EQ(estimate.Total(), 14);
  list.Expect(10);
  List(estimate, list, 10, 10);
  list.Expect(-1);
  EXPECT_EQ(estimate.Total(), 14);
}

TEST(ProgressEstimateTest, ListsBeingReadAddUpAndLeaveWhenTheyEnd) {
  ProgressEstimate estimate;
  ProgressEstimate::List pods(estimate);
  pods.Expect(2 + 8);
  List(estimate, pods, 2, 2);
  {
    ProgressEstimate::List secrets(estimate);
    secrets.Expect(3 + 7);
    List(estimate, secrets, 3, 3);
    EXPECT_EQ(estimate.Total(), 20);
  }  // failed after its first page: only what was seen stays
  EXPECT_EQ(estimate.Total(), 13);
}

TEST(ProgressEstimateTest, UnknownRemainingCountsOnlyWhatWasSeen) {
  ProgressEstimate estimate;
  ProgressEstimate::List list(estimate);
  List(estimate, list, 4, 4);
  list.Expect(-1);  // a label selector: the server does not count
  EXPECT_EQ(estimate.Total(), 4);
}

TEST(ProgressEstimateTest, TotalIsNeverBelowDone) {
  ProgressEstimate estimate;
  for (int i = 0; i < 3; ++i) estimate.ItemSeen();
  EXPECT_EQ(estimate.Total(5), 5);
  EXPECT_EQ(estimate.Total(2), 3);
}

}  // namespace
}  // namespace ark::backup
