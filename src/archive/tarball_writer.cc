#include "archive/tarball_writer.h"

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
    TarBatch batch(clock_);
    ARK_RETURN_IF_ERROR(batch.Add(path, content));
    return AddBatch(batch);
  }

  TarBatch NewBatch() const override { return TarBatch(clock_); }

  Status AddBatch(const TarBatch& batch) override {
    if (closed_) return FailedPrecondition("tarball: AddBatch after Close");
    ARK_RETURN_IF_ERROR(gzip_.Write(batch.bytes()));
    entries_ += batch.entries();
    uncompressed_bytes_ += batch.content_bytes();
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

Result<std::unique_ptr<TarballWriter>> NewTarballWriter(ByteSink& sink,
                                                        const WriterOptions& options) {
  if (options.compression_level < 0 || options.compression_level > 9) {
    return InvalidArgument("tarball: compression level " +
                           std::to_string(options.compression_level) + " is not in 0..9");
  }
  if (options.compression_threads < 1 || options.compression_threads > 64) {
    return InvalidArgument("tarball: compression threads " +
                           std::to_string(options.compression_threads) + " is not in 1..64");
  }
  if (options.clock == nullptr) return InvalidArgument("tarball: no clock");
  return std::unique_ptr<TarballWriter>(new TarballWriterImpl(sink, options));
}

}  // namespace ark::archive
