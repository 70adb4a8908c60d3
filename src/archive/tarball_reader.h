#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "util/byte_stream.h"
#include "util/result.h"

namespace ark::archive {

// Bounds that keep a hostile or broken tarball from exhausting memory or disk.
struct ReaderLimits {
  int64_t max_entry_bytes = 64ll << 20;  // one item
  int64_t max_entries = 5'000'000;
  int64_t max_total_bytes = 64ll << 30;  // all entries, uncompressed
  int64_t max_compression_ratio = 1000;  // uncompressed / compressed, past the first MiB
};

struct TarEntry {
  std::string path;     // as stored, validated: relative, no "..", no empty parts
  std::string content;  // the whole file (bounded by max_entry_bytes)
};

// Reads a gzip'd tar stream entry by entry, holding one entry in memory. Rejects with a clear
// DataLoss / InvalidArgument error naming the entry: absolute paths, "..", links, devices,
// FIFOs, entries or archives over the limits, a truncated or corrupt gzip or tar stream.
// Directory entries are skipped. Not thread-safe.
class TarballReader {
 public:
  virtual ~TarballReader() = default;
  // The next regular file, std::nullopt at the end of the archive.
  virtual Result<std::optional<TarEntry>> Next() = 0;
};

// `source` must outlive the reader.
Result<std::unique_ptr<TarballReader>> NewTarballReader(ByteSource& source,
                                                        const ReaderLimits& limits = {});

}  // namespace ark::archive
