#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "util/byte_stream.h"
#include "util/file_tree.h"
#include "util/result.h"

namespace ark::cloud {

// A bucket of named objects (S3, GCS, Azure Blob, a local directory). Keys use '/' as the
// separator. Implementations are safe to call from many threads at once. A missing object is
// Code::kNotFound.
class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // Streams `body` into `key`. `size` is the body's length when known (-1 otherwise); large
  // bodies may be sent in parallel parts. The object appears whole or not at all.
  virtual Status PutObject(const std::string& bucket, const std::string& key, ByteSource& body,
                           int64_t size) = 0;
  // Streams the object into `sink` (does not Close it).
  virtual Status GetObject(const std::string& bucket, const std::string& key, ByteSink& sink) = 0;
  virtual Result<bool> ObjectExists(const std::string& bucket, const std::string& key) = 0;
  // The "directories" directly below `prefix`: full prefixes up to and including the first
  // `delimiter` after `prefix` (S3 CommonPrefixes: "backups/b1/"), every page, sorted.
  virtual Result<std::vector<std::string>> ListCommonPrefixes(const std::string& bucket,
                                                              const std::string& prefix,
                                                              const std::string& delimiter) = 0;
  // Every key starting with `prefix`, every page, sorted.
  virtual Result<std::vector<std::string>> ListObjects(const std::string& bucket,
                                                       const std::string& prefix) = 0;
  // Deleting a missing object succeeds.
  virtual Status DeleteObject(const std::string& bucket, const std::string& key) = 0;
  // A URL that lets its holder GET the object without credentials until `ttl` passes.
  virtual Result<std::string> CreateSignedUrl(const std::string& bucket, const std::string& key,
                                              std::chrono::seconds ttl) = 0;
  // Removes what writers killed mid-upload left in `bucket`: the parts of uploads begun
  // before `cutoff` and never finished, never listed as objects. Returns what was removed.
  // The default removes nothing: the local store leaves temporary files, while the clouds'
  // unfinished uploads are theirs to expire (bucket lifecycle rules).
  virtual Result<RemovedFiles> RemoveAbandonedUploads(
      const std::string& bucket, std::chrono::system_clock::time_point cutoff) {
    return RemovedFiles{};
  }
  // Removes the parts of unfinished uploads below `prefix` whatever their age, for a caller
  // that deletes everything under it (a backup's folder). The default removes nothing: the
  // clouds' unfinished uploads are not objects and hold no names.
  virtual Result<RemovedFiles> RemoveUnfinishedUploadsUnder(const std::string& bucket,
                                                            const std::string& prefix) {
    return RemovedFiles{};
  }
};

}  // namespace ark::cloud
