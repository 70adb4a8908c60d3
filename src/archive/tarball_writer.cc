#include "archive/tarball_writer.h"

#include <chrono>
#include <string>

#include "archive/gzip_writer.h"
#include "archive/tar_format.h"

namespace ark::archive {
namespace {

class TarballWriterImpl final : public TarballWriter {
 public:
  TarballWriterImpl(ByteSink& sink, const WriterOptions& options)
      : clock_(*options.clock),
        gzip_(sink, options.compression_level, options.compression_threads) {}

  Status Add(std::string_view path, std::string_view content) override {
    if (closed_) return FailedPrecondition("tarball: Add after Close");
    ARK_RETURN_IF_ERROR(ValidateEntryPath(path));
    int64_t size = static_cast<int64_t>(content.size());
    int64_t mtime = std::chrono::duration_cast<std::chrono::seconds>(
                        clock_.Now().time_since_epoch()).count();
    ARK_ASSIGN_OR_RETURN(std::string header, RegularFileHeader(path, size, mtime));
    ARK_RETURN_IF_ERROR(gzip_.Write(header));
    ARK_RETURN_IF_ERROR(gzip_.Write(content));
    static const std::string kZeros(kTarBlock, '\0');
    ARK_RETURN_IF_ERROR(gzip_.Write(std::string_view(kZeros).substr(0, TarPadding(size))));
    ++entries_;
    uncompressed_bytes_ += size;
    return Status::Ok();
  }

  Status Close() override {
    if (closed_) return FailedPrecondition("tarball: Close called twice");
    closed_ = true;
    // End of archive: two zero blocks, no padding to a record size (as Go writes it).
    ARK_RETURN_IF_ERROR(gzip_.Write(std::string(2 * kTarBlock, '\0')));
    return gzip_.Close();
  }

  int64_t entries() const override { return entries_; }
  int64_t uncompressed_bytes() const override { return uncompressed_bytes_; }

 private:
  const Clock& clock_;
  GzipWriter gzip_;
  bool closed_ = false;
  int64_t entries_ = 0;
  int64_t uncompressed_bytes_ = 0;
};

}  // namespace

Result<std::unique_ptr<TarballWriter>> NewTarballWriter(ByteSink& sink, const WriterOptions& options) {
  if (options.compression_level < 0 || options.compression_level > 9) {
    return InvalidArgument("tarball: compression level " + std::to_string(options.compression_level) +
                           " is not in 0..9");
  }
  if (options.compression_threads < 1 || options.compression_threads > 64) {
    return InvalidArgument("tarball: compression threads " +
                           std::to_string(options.compression_threads) + " is not in 1..64");
  }
  if (options.clock == nullptr) return InvalidArgument("tarball: no clock");
  return std::unique_ptr<TarballWriter>(new TarballWriterImpl(sink, options));
}

}  // namespace ark::archive
