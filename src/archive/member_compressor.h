#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "util/result.h"

namespace ark::archive {

// The 10-byte gzip member header ark writes: ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL OS=255
// (unknown), XFL 2 at level 9 and 4 at level 1 (0 otherwise), as Go's compress/gzip writes it.
std::string GzipHeader(int level);

// Compresses a whole buffer into one complete gzip member. Levels 1 and 2 use ISA-L's igzip,
// which on Kubernetes JSON runs about 3x faster than libdeflate's level 1 for a member about
// 8% larger: it keeps compression from being the largest CPU cost of a backup. Level 0
// (stored) and levels 3-9 use libdeflate. Not thread-safe: one per thread.
class MemberCompressor {
 public:
  virtual ~MemberCompressor() = default;
  // Writes the member for `input` to the front of `*out`, growing it when needed but never
  // shrinking it (so a reused buffer is not zero-filled again), and returns its length.
  virtual Result<size_t> Compress(std::string_view input, std::string* out) = 0;
};

// InvalidArgument for a level outside 0..9; Internal when a compressor cannot be allocated.
Result<std::unique_ptr<MemberCompressor>> NewMemberCompressor(int level);

}  // namespace ark::archive
