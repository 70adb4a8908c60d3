#include "verify/tarball_walk.h"

#include "archive/gzip_reader.h"
#include "verify/hashing_source.h"

namespace ark::verify {
namespace {

// Errors of the stream itself (a download that failed, a cancelled read) must not pass for
// defects of the file: this records them on their way through to the decoder.
class Watched final : public ByteSource {
 public:
  explicit Watched(ByteSource& inner) : inner_(inner) {}
  Result<size_t> Read(char* buf, size_t size) override {
    Result<size_t> n = inner_.Read(buf, size);
    if (!n.ok() && failure.ok()) failure = n.status();
    return n;
  }
  Status failure;

 private:
  ByteSource& inner_;
};

}  // namespace

Result<TarballWalk> WalkTarball(ByteSource& source, const EntryFn& on_entry) {
  Watched watched(source);
  HashingSource hashing(watched);
  TarballWalk walk;
  auto reader = archive::NewTarballReader(hashing);
  Status defect = reader.ok() ? Status::Ok() : reader.status();
  while (defect.ok()) {
    Result<std::optional<archive::TarEntry>> next = (*reader)->Next();
    if (!next.ok()) {
      defect = next.status();
      break;
    }
    if (!next->has_value()) break;
    ++walk.entries;
    ARK_RETURN_IF_ERROR(on_entry(**next));
    walk.last_entry = (*next)->path;
  }
  if (!watched.failure.ok()) return watched.failure;
  ARK_RETURN_IF_ERROR(hashing.Drain());
  walk.defect = defect;
  walk.whole = hashing.Digest();
  return walk;
}

Result<GzipWalk> WalkGzip(ByteSource& source) {
  Watched watched(source);
  HashingSource hashing(watched);
  GzipWalk walk;
  {
    archive::GzipReader gunzip(hashing, archive::ReaderLimits{}.max_compression_ratio);
    char buf[64 << 10];
    for (;;) {
      Result<size_t> n = gunzip.Read(buf, sizeof buf);
      if (!n.ok()) {
        walk.defect = n.status();
        break;
      }
      if (*n == 0) break;
    }
  }
  if (!watched.failure.ok()) return watched.failure;
  ARK_RETURN_IF_ERROR(hashing.Drain());
  walk.whole = hashing.Digest();
  return walk;
}

}  // namespace ark::verify
