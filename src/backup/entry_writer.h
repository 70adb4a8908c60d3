#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "archive/tarball_writer.h"
#include "util/status.h"

namespace ark::backup {

// One tarball entry, formatted by a worker.
struct Entry {
  std::string path;
  std::string content;
  bool is_item = true;  // false for metadata entries (metadata/version)
};

// The single writer of a backup: workers Push batches of finished entries; one thread
// drains them, in Push order, into the TarballWriter. The queue holds at most about
// `max_queued_bytes` of content, so Push blocks while the writer (and its compressor) is
// behind: memory stays bounded however fast the lists arrive. Push is thread-safe.
class EntryWriter {
 public:
  // `on_written(items)` is called on the writer thread after each batch with the number of
  // items written so far. `tar` must outlive this object.
  EntryWriter(archive::TarballWriter& tar, size_t max_queued_bytes,
              std::function<void(int64_t)> on_written);
  ~EntryWriter();
  EntryWriter(const EntryWriter&) = delete;
  EntryWriter& operator=(const EntryWriter&) = delete;

  // Queues `batch`. Once the tarball writer has failed, returns its error (and drops the
  // batch) so workers can stop early.
  Status Push(std::vector<Entry> batch);
  // Writes everything queued, stops the thread and returns the first tarball error.
  // Idempotent.
  Status Finish();

 private:
  void Loop();

  archive::TarballWriter& tar_;
  const size_t max_queued_bytes_;
  std::function<void(int64_t)> on_written_;

  std::mutex mu_;
  std::condition_variable not_empty_;  // the writer waits for work
  std::condition_variable not_full_;   // producers wait for room
  std::deque<std::vector<Entry>> queue_;  // guarded by mu_
  size_t queued_bytes_ = 0;               // guarded by mu_
  bool closing_ = false;                  // guarded by mu_
  Status error_;                          // guarded by mu_
  int64_t items_written_ = 0;             // writer thread only
  std::thread thread_;
};

}  // namespace ark::backup
