#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/clock.h"
#include "util/status.h"

namespace ark::archive {

// Tar entries framed (header blocks, content, zero padding) into one buffer, as
// TarballWriter::Add frames them. Backup workers fill batches in parallel, so the single
// writer only copies finished bytes into the compressor (TarballWriter::AddBatch). Each
// entry's mtime is the second it is framed. Clear keeps the memory for the next batch.
//
// An entry whose path is known only once its content is written (a listed item, whose
// names are read while it is copied) is framed in three steps: BeginEntry reserves its
// header block, the content is appended to buffer(), and EndEntry fills the header in; or
// DropEntry takes it back out. Nothing else may be added while an entry is open.
class TarBatch {
 public:
  explicit TarBatch(const Clock& clock) : clock_(&clock) {}

  // Frames one regular file. InvalidArgument for a path ark does not write.
  Status Add(std::string_view path, std::string_view content);

  // Reserves the header block of a new entry; returns the mark to end or drop it with.
  size_t BeginEntry();
  // Where the open entry's content is appended.
  std::string* buffer() { return &bytes_; }
  // Fills in the header of the entry begun at `mark` (whose content is everything appended
  // since) and pads it. On error (an invalid path) the entry is dropped.
  Status EndEntry(size_t mark, std::string_view path);
  // Takes the entry begun at `mark` out again.
  void DropEntry(size_t mark) { bytes_.resize(mark); }

  std::string_view bytes() const { return bytes_; }
  int64_t entries() const { return entries_; }
  int64_t content_bytes() const { return content_bytes_; }
  bool empty() const { return bytes_.empty(); }
  // The memory the batch holds, which Clear keeps.
  size_t capacity() const { return bytes_.capacity(); }
  void Clear();

 private:
  const Clock* clock_;
  std::string bytes_;
  int64_t entries_ = 0;
  int64_t content_bytes_ = 0;
};

}  // namespace ark::archive
