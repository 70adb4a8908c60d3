#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "archive/tar_batch.h"
#include "util/byte_stream.h"
#include "util/clock.h"
#include "util/result.h"

namespace ark::archive {

struct WriterOptions {
  // gzip level. Ark and Velero write Go's default (6); 1 gives a tarball of Kubernetes JSON
  // about 1.7x larger (it still compresses ~8x) for a third of the CPU, and compression is
  // the largest CPU cost of a backup (docs/benchmarks.md). Any level reads the same.
  int compression_level = 1;
  int compression_threads = 2;  // gzip members compressed in parallel, concatenated in order
  const Clock* clock = &SystemClock();  // entry mtimes
};

// Writes a backup tarball: a gzip stream of a ustar archive holding regular files only (mode
// 0755, uid/gid 0, empty owner names, mtime = the second the entry is added), as Ark and
// Velero write it. Add is called from one thread (the single writer); compression runs on
// its own thread(s) so the caller only formats tar blocks.
class TarballWriter {
 public:
  virtual ~TarballWriter() = default;
  virtual Status Add(std::string_view path, std::string_view content) = 0;
  // An empty batch whose entries get this writer's mtimes; any thread may fill it.
  virtual TarBatch NewBatch() const = 0;
  // Writes the entries framed in `batch`, in order (the same bytes Add would write).
  virtual Status AddBatch(const TarBatch& batch) = 0;
  // Ends the archive (two zero blocks), flushes the compressor and Closes the sink.
  virtual Status Close() = 0;
  virtual int64_t entries() const = 0;
  virtual int64_t uncompressed_bytes() const = 0;
};

// `sink` must outlive the writer.
Result<std::unique_ptr<TarballWriter>> NewTarballWriter(ByteSink& sink,
                                                        const WriterOptions& options = {});

}  // namespace ark::archive
