#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "archive/tar_batch.h"
#include "archive/tarball_writer.h"
#include "util/status.h"

namespace ark::backup {

// The single writer of a backup: workers frame items into batches (NewBatch) and Push
// them; one thread drains them, in Push order, into the TarballWriter. The queue holds at
// most about `max_queued_bytes` of framed entries, so Push blocks while the writer (and
// its compressor) is behind: memory stays bounded however fast the lists arrive. Written
// batches are kept for reuse, so a backup does not allocate a buffer per batch. Every
// entry pushed is an item. Push and NewBatch are thread-safe.
class EntryWriter {
 public:
  // `on_written(items)` is called on the writer thread after each batch with the number of
  // items written so far. `tar` must outlive this object.
  EntryWriter(archive::TarballWriter& tar, size_t max_queued_bytes,
              std::function<void(int64_t)> on_written);
  ~EntryWriter();
  EntryWriter(const EntryWriter&) = delete;
  EntryWriter& operator=(const EntryWriter&) = delete;

  // An empty batch, reusing the memory of one already written when there is one.
  archive::TarBatch NewBatch();
  // Queues `batch`. Once the tarball writer has failed, returns its error (and drops the
  // batch) so workers can stop early.
  Status Push(archive::TarBatch batch);
  // Writes everything queued, stops the thread and returns the first tarball error.
  // Idempotent.
  Status Finish();

 private:
  void Loop();

  archive::TarballWriter& tar_;
  const size_t max_queued_bytes_;
  std::function<void(int64_t)> on_written_;

  std::mutex mu_;
  std::condition_variable not_empty_;     // the writer waits for work
  std::condition_variable not_full_;      // producers wait for room
  std::deque<archive::TarBatch> queue_;   // guarded by mu_
  std::vector<archive::TarBatch> spare_;  // guarded by mu_: written, cleared, for reuse
  size_t queued_bytes_ = 0;               // guarded by mu_
  bool closing_ = false;                  // guarded by mu_
  Status error_;                          // guarded by mu_
  int64_t items_written_ = 0;             // writer thread only
  std::thread thread_;
};

}  // namespace ark::backup
