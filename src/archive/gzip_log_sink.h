#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "archive/gzip_writer.h"
#include "util/byte_stream.h"
#include "util/log.h"
#include "util/result.h"

namespace ark::archive {

// A LogSink that gzips each line, followed by '\n', into a file as the line arrives, so the
// log of a backup or restore takes bounded memory (the compressor's few 64 KiB buffers)
// however many lines it has: lines are not kept. Decompressed, the file holds what
// MemorySink::Text() would for the same lines.
//
// Thread-safe: lines from concurrent writers are written whole, in the order they arrive.
// The first error (from the compressor or the file) is kept; later lines are dropped and
// Close returns that error, so a log that could not be written is reported, not taken for
// complete. Lines written after Close are dropped.
class GzipLogSink final : public LogSink {
 public:
  // Creates or truncates `path`.
  static Result<std::unique_ptr<GzipLogSink>> OpenFile(const std::string& path);

  explicit GzipLogSink(std::unique_ptr<ByteSink> out);
  GzipLogSink(const GzipLogSink&) = delete;
  GzipLogSink& operator=(const GzipLogSink&) = delete;

  void Write(std::string_view line) override;

  // Finishes the gzip stream and closes the file. Returns the first error met since the sink
  // was made; calling it again returns the same.
  Status Close();

  // Gzip bytes written to the file: its size once Close has succeeded.
  int64_t compressed_bytes() const;

 private:
  mutable std::mutex mu_;
  const std::unique_ptr<ByteSink> out_;
  GzipWriter gzip_;      // guarded by mu_; writes to *out_, so declared after it
  Status status_;        // guarded by mu_; the first error
  bool closed_ = false;  // guarded by mu_
};

}  // namespace ark::archive
