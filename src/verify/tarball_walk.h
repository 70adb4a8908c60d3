#pragma once

#include <functional>
#include <string>

#include "api/backup_manifest.h"
#include "archive/tarball_reader.h"
#include "util/byte_stream.h"
#include "util/status.h"

namespace ark::verify {

// One pass over a gzipped backup tarball, shared by the manifest builder and the verifier so
// the two cannot disagree on what a digest covers: every regular entry is handed to `on_entry`
// with its uncompressed content; the whole stored file (the gzipped bytes) is digested as it
// streams past.
struct TarballWalk {
  api::FileDigest whole;  // size and sha256 of every byte `source` gave, read to its end
  int64_t entries = 0;
  // The tarball's own defect (truncated or corrupt gzip, a corrupt tar header, an entry over
  // the limits), OK when it read whole. The walk stops at it; `whole` still covers the rest.
  Status defect;
  std::string last_entry;  // the last entry read whole ("" before the first)
};

// `on_entry` returning an error stops the walk with that error (cancellation), as does an
// error of `source` other than the tarball's own defects.
using EntryFn = std::function<Status(const archive::TarEntry& entry)>;
Result<TarballWalk> WalkTarball(ByteSource& source, const EntryFn& on_entry);

// The same for a gzipped file that is not a tarball (the backup's log): gunzips it to the end
// (discarding the text) so a truncated or corrupt stream shows, and digests the stored bytes.
struct GzipWalk {
  api::FileDigest whole;
  Status defect;  // OK when the gzip stream reads whole
};
Result<GzipWalk> WalkGzip(ByteSource& source);

}  // namespace ark::verify
