#pragma once

#include <atomic>
#include <mutex>
#include <string>

#include "util/byte_stream.h"
#include "util/clock.h"
#include "util/status.h"

namespace ark {

// Tells long work (a backup, a restore, an upload) to stop early: the server sets it when it
// is told to stop and running work could not finish in its grace period. The work checks it
// between items and pages and gives up with Check()'s status; the token also carries the time
// by which what was cancelled must have recorded its outcome (`wrap_up_by`), so final status
// writes are bounded by it. One-way and thread-safe; the first Cancel wins.
class CancelToken {
 public:
  // `reason` becomes the message of Check(), e.g. "the server was stopped".
  void Cancel(std::string reason, Clock::TimePoint wrap_up_by = Clock::TimePoint::max());

  // Cheap (one atomic load): safe to call per item.
  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }
  // OK while not cancelled; Cancelled(reason) after.
  Status Check() const;
  std::string reason() const;
  Clock::TimePoint wrap_up_by() const;

 private:
  std::atomic<bool> cancelled_{false};
  mutable std::mutex mu_;
  std::string reason_;                                     // guarded by mu_
  Clock::TimePoint wrap_up_by_ = Clock::TimePoint::max();  // guarded by mu_
};

// A source whose reads fail with the token's status once it is cancelled: an upload of a
// cancelled backup stops at its next chunk instead of running to the end. `token` may be
// null (never cancelled). Both references must outlive the wrapper.
class CancellableSource final : public ByteSource {
 public:
  CancellableSource(ByteSource& source, const CancelToken* token)
      : source_(source), token_(token) {}
  Result<size_t> Read(char* buf, size_t size) override;

 private:
  ByteSource& source_;
  const CancelToken* token_;
};

// A sink whose writes fail with the token's status once it is cancelled (a download).
class CancellableSink final : public ByteSink {
 public:
  CancellableSink(ByteSink& sink, const CancelToken* token) : sink_(sink), token_(token) {}
  Status Write(std::string_view data) override;
  Status Close() override { return sink_.Close(); }

 private:
  ByteSink& sink_;
  const CancelToken* token_;
};

}  // namespace ark
