#include "archive/tar_batch.h"

#include <chrono>

#include "archive/tar_format.h"

namespace ark::archive {

Status TarBatch::Add(std::string_view path, std::string_view content) {
  const size_t mark = BeginEntry();
  bytes_.append(content);
  return EndEntry(mark, path);
}

size_t TarBatch::BeginEntry() {
  const size_t mark = bytes_.size();
  bytes_.append(kTarBlock, '\0');
  return mark;
}

Status TarBatch::EndEntry(size_t mark, std::string_view path) {
  const int64_t size = static_cast<int64_t>(bytes_.size() - mark - kTarBlock);
  Status valid = ValidateEntryPath(path);
  if (!valid.ok()) {
    DropEntry(mark);
    return valid;
  }
  const int64_t mtime =
      std::chrono::duration_cast<std::chrono::seconds>(clock_->Now().time_since_epoch()).count();
  Result<std::string> header = RegularFileHeader(path, size, mtime);
  if (!header.ok()) {
    DropEntry(mark);
    return header.status();
  }
  // The last block is the ustar header that was reserved; a long path comes with PAX
  // blocks in front of it, inserted before the reservation.
  const size_t extra = header->size() - kTarBlock;
  header->copy(bytes_.data() + mark, kTarBlock, extra);
  if (extra > 0) bytes_.insert(mark, header->data(), extra);
  bytes_.append(TarPadding(size), '\0');
  ++entries_;
  content_bytes_ += size;
  return Status::Ok();
}

void TarBatch::Clear() {
  bytes_.clear();
  entries_ = 0;
  content_bytes_ = 0;
}

}  // namespace ark::archive
