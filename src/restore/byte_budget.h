#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace ark::restore {

// Bounds the bytes of backed-up items a restore holds at once: the spool reader takes room for
// an item before reading it and the worker that created it gives the room back, so memory
// stays bounded by `limit` whatever the object sizes and the number of workers. An item
// larger than the limit still goes through, alone: it waits until nothing else is held.
// Thread-safe.
//
//   ByteBudget budget(256 << 20);
//   budget.Acquire(item_size);   // reader; blocks while the items in flight leave no room
//   ...                          // worker creates the item
//   budget.Release(item_size);
class ByteBudget {
 public:
  // `limit` <= 0 means no limit.
  explicit ByteBudget(int64_t limit) : limit_(limit) {}

  // Blocks until `bytes` fit: in_use + bytes <= limit, or nothing is held.
  void Acquire(int64_t bytes);
  void Release(int64_t bytes);

  int64_t limit() const { return limit_; }
  // The most bytes held at once so far.
  int64_t peak() const;

 private:
  const int64_t limit_;
  mutable std::mutex mu_;
  std::condition_variable room_cv_;
  int64_t in_use_ = 0;  // guarded by mu_
  int64_t peak_ = 0;    // guarded by mu_
};

}  // namespace ark::restore
