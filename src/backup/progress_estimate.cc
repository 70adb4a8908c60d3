#include "backup/progress_estimate.h"

#include <algorithm>

namespace ark::backup {

void ProgressEstimate::List::Expect(int64_t unlisted) {
  unlisted = std::max<int64_t>(unlisted, 0);
  estimate_.remaining_.fetch_add(unlisted - remaining_, std::memory_order_relaxed);
  remaining_ = unlisted;
}

void ProgressEstimate::List::ItemListed() {
  if (remaining_ > 0) Expect(remaining_ - 1);
}

int64_t ProgressEstimate::Total(int64_t done) const {
  return std::max(done, seen() + remaining_.load(std::memory_order_relaxed));
}

}  // namespace ark::backup
