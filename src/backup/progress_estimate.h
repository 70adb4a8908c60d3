#pragma once

#include <atomic>
#include <cstdint>

namespace ark::backup {

// The total a running backup expects to write, known before its lists end: the items
// selected so far plus, for every list still being read, the items its server says are not
// listed yet (the latest page's remainingItemCount, plus that page's own items while they are
// walked). The first page of each list therefore brings the list's whole size into the
// total, and each later page refines it; items the backup's filters drop leave the total as
// they are listed. A list whose server does not say (a label selector, an old server) adds
// only the items seen. Example: a first page of 500 items with remainingItemCount 2503 makes
// the total 3003 before its first item is walked. Thread-safe.
class ProgressEstimate {
 public:
  // One LIST being read, owned by the thread reading it. Its remaining count leaves the
  // total when it is destroyed (the list ended, or failed).
  class List {
   public:
    explicit List(ProgressEstimate& estimate) : estimate_(estimate) {}
    ~List() { Expect(0); }
    List(const List&) = delete;
    List& operator=(const List&) = delete;
    // The list has `unlisted` items still to come (< 0: unknown, counted as 0). Before a
    // page is walked: its remainingItemCount plus the page's items; after: the count alone.
    void Expect(int64_t unlisted);
    // One item of the list was listed (selected or not): one fewer to come.
    void ItemListed();

   private:
    ProgressEstimate& estimate_;
    int64_t remaining_ = 0;  // this list's share of estimate_.remaining_
  };

  void ItemSeen() { seen_.fetch_add(1, std::memory_order_relaxed); }
  int64_t seen() const { return seen_.load(std::memory_order_relaxed); }
  // Items seen plus what the lists being read have still to list; never below `done`.
  int64_t Total(int64_t done = 0) const;

 private:
  std::atomic<int64_t> seen_{0};
  std::atomic<int64_t> remaining_{0};
};

}  // namespace ark::backup
