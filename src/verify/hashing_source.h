#pragma once

#include <string>

#include "api/backup_manifest.h"
#include "util/byte_stream.h"
#include "util/sha256.h"

namespace ark::verify {

// A ByteSource that passes `inner`'s bytes on and digests them (size and SHA-256) on the way:
// the digest of a whole stored file, taken while a reader decodes it. Drain() reads what the
// reader left (a gzip trailer, bytes after a corrupt spot) so the digest covers everything.
// Not thread-safe; `inner` must outlive it.
class HashingSource final : public ByteSource {
 public:
  explicit HashingSource(ByteSource& inner) : inner_(inner) {}

  Result<size_t> Read(char* buf, size_t size) override {
    ARK_ASSIGN_OR_RETURN(size_t n, inner_.Read(buf, size));
    hash_.Update(std::string_view(buf, n));
    return n;
  }
  // Reads to the end. Errors are the inner source's.
  Status Drain() {
    char buf[64 << 10];
    for (;;) {
      ARK_ASSIGN_OR_RETURN(size_t n, Read(buf, sizeof buf));
      if (n == 0) return Status::Ok();
    }
  }
  // The size and digest of what was read. Call once, at the end.
  api::FileDigest Digest() { return {hash_.bytes(), hash_.HexDigest()}; }
  int64_t bytes() const { return hash_.bytes(); }

 private:
  ByteSource& inner_;
  Sha256 hash_;
};

}  // namespace ark::verify
