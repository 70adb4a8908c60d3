#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "cloud/object_store.h"
#include "cloud/provider_registry.h"

namespace ark::cloud::local {

// The "local" object store: a directory tree on this machine.
//
//   config key `path`: the root directory (default kDefaultLocalStorePath), an absolute path
//   to a directory that exists: anything else is InvalidArgument naming it when the store is
//   built, and listing fails with that error if the root disappears later (a typo or an
//   unmounted volume must not look like an empty store). Bucket "b" is the directory
//   <path>/b; key "x/y/z" is the file <path>/b/x/y/z. Missing directories below the root (the
//   bucket's included) are created on the first PutObject; listing a bucket that does not
//   exist yet finds nothing, reading from it is NotFound.
//
// Writes are atomic: the body goes to a temporary file (".ark-tmp-*", never listed) in the
// target directory, is fsync'd, renamed over the key and the directory is fsync'd. A writer
// killed before the rename leaves its temporary file: RemoveAbandonedUploads removes those.
// Keys must be relative '/'-separated paths without empty, "." or ".." components (and no
// component starting with ".ark-tmp-"); anything else is InvalidArgument, so no key reaches
// outside the bucket. Because keys are files, a key cannot also be a prefix of other keys
// ("a" and "a/b"): such a put is FailedPrecondition.
// Signed URLs are file:// URLs of the object's file (percent-encoded, see file_url.h); they
// carry no credentials and do not expire (the ttl is ignored). Thread-safe.
inline constexpr char kDefaultLocalStorePath[] = "/var/lib/ark/object-store";

class LocalObjectStore final : public ObjectStore {
 public:
  explicit LocalObjectStore(std::string root);

  Status PutObject(const std::string& bucket, const std::string& key, ByteSource& body,
                   int64_t size) override;
  Status GetObject(const std::string& bucket, const std::string& key, ByteSink& sink) override;
  Result<bool> ObjectExists(const std::string& bucket, const std::string& key) override;
  Result<std::vector<std::string>> ListCommonPrefixes(const std::string& bucket,
                                                      const std::string& prefix,
                                                      const std::string& delimiter) override;
  Result<std::vector<std::string>> ListObjects(const std::string& bucket,
                                               const std::string& prefix) override;
  Status DeleteObject(const std::string& bucket, const std::string& key) override;
  Result<std::string> CreateSignedUrl(const std::string& bucket, const std::string& key,
                                      std::chrono::seconds ttl) override;
  // Removes the ".ark-tmp-*" files anywhere in the bucket last modified before `cutoff`.
  Result<RemovedFiles> RemoveAbandonedUploads(
      const std::string& bucket, std::chrono::system_clock::time_point cutoff) override;
  // Removes the ".ark-tmp-*" files in the directory `prefix` names (up to its last '/') and
  // below it, then the directories that leaves empty, up to (not including) the bucket.
  Result<RemovedFiles> RemoveUnfinishedUploadsUnder(const std::string& bucket,
                                                    const std::string& prefix) override;

  const std::string& root() const { return root_; }

 private:
  // The file of `key` in `bucket`, after validating both.
  Result<std::string> ObjectPath(const std::string& bucket, const std::string& key) const;
  // Removes `dir` and its parents while they are empty, up to (not including) `bucket_dir`.
  static void RemoveEmptyDirs(std::string dir, const std::string& bucket_dir);
  Status WriteTempAndRename(const std::string& dir, const std::string& path,
                            const std::string& what, ByteSource& body, int64_t size);

  const std::string root_;  // absolute, no trailing '/'
  const mode_t file_mode_;  // 0666 less the umask at construction
};

// The registry factory: reads `path` from `config`.
Result<std::unique_ptr<ObjectStore>> NewLocalObjectStore(const ProviderConfig& config,
                                                         const ProviderEnv& env);

}  // namespace ark::cloud::local
