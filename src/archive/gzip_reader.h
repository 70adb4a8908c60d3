#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "util/byte_stream.h"

namespace ark::archive {

// A ByteSource that gunzips `in`: one gzip member or several concatenated (as GzipWriter
// writes with threads >= 2, and as pigz writes). Each member's CRC-32 and length are checked.
// Errors (DataLoss unless noted):
//   input that is empty or not gzip; a corrupt deflate stream or CRC mismatch;
//   input that ends inside a member ("truncated gzip stream");
//   bytes after a member that do not start another member;
//   InvalidArgument once more than 1 MiB came out and output / input exceeds `max_ratio`
//   (a decompression bomb).
// Not thread-safe; `in` must outlive this source.
class GzipReader final : public ByteSource {
 public:
  GzipReader(ByteSource& in, int64_t max_ratio);
  ~GzipReader() override;
  GzipReader(const GzipReader&) = delete;
  GzipReader& operator=(const GzipReader&) = delete;

  Result<size_t> Read(char* buf, size_t size) override;

  int64_t compressed_bytes() const { return consumed_; }
  int64_t uncompressed_bytes() const { return produced_; }

 private:
  Status Fill();

  ByteSource& in_;
  const int64_t max_ratio_;
  struct State;
  std::unique_ptr<State> z_;
  std::vector<char> in_buf_;
  bool in_eof_ = false;
  bool at_member_start_ = true;
  bool finished_ = false;
  Status status_;         // sticky error
  int64_t read_ = 0;      // compressed bytes read from `in`
  int64_t consumed_ = 0;  // compressed bytes inflated
  int64_t produced_ = 0;
};

}  // namespace ark::archive
