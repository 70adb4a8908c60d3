#pragma once

#include <memory>
#include <optional>
#include <string>

#include "cloud/gcp/credentials.h"
#include "cloud/gcp/transport.h"
#include "cloud/object_store.h"

namespace ark::cloud::gcp {

struct GcsOptions {
  // Base of the JSON API ("https://storage.googleapis.com"); paths /storage/v1/... and
  // /upload/storage/v1/... are appended.
  std::string endpoint = "https://storage.googleapis.com";
  // Bodies larger than this (or of unknown size that turn out larger) use a resumable upload
  // in chunks of `chunk_size` (a multiple of 256 KiB); smaller ones one media upload.
  int64_t resumable_threshold = 16 << 20;
  int64_t chunk_size = 8 << 20;
};

// GCS through the JSON API (storage/v1). `key` signs V4 URLs; without one CreateSignedUrl is
// FailedPrecondition. A download that breaks off resumes with a Range request pinned to the
// generation of the bytes already written (ifGenerationMatch), so an object replaced
// meanwhile is a DataLoss error, never a spliced file. Thread-safe.
class GcsObjectStore final : public ObjectStore {
 public:
  GcsObjectStore(GcsOptions options, std::unique_ptr<Transport> transport,
                 std::optional<ServiceAccountKey> key);

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
  // A V4 signed GET URL (GOOG4-RSA-SHA256, host the only signed header); ttl at most 7 days.
  Result<std::string> CreateSignedUrl(const std::string& bucket, const std::string& key,
                                      std::chrono::seconds ttl) override;

 private:
  std::string ObjectUrl(const std::string& bucket, const std::string& key) const;
  Status UploadMedia(const std::string& bucket, const std::string& key, std::string data);
  Status UploadResumable(const std::string& bucket, const std::string& key, ByteSource& body,
                         std::string head);
  // Every page of objects.list; fills names and/or prefixes.
  Status List(const std::string& bucket, const std::string& prefix, const std::string& delimiter,
              std::vector<std::string>* names, std::vector<std::string>* prefixes);

  const GcsOptions options_;
  const std::unique_ptr<Transport> transport_;
  const std::optional<ServiceAccountKey> key_;
};

// The V4 signed URL for GET of `bucket`/`key` at `endpoint` ("https://storage.googleapis.com"),
// valid for `ttl` from `now`. Pure; exposed for tests.
Result<std::string> SignV4Url(const ServiceAccountKey& key, const std::string& endpoint,
                              const std::string& bucket, const std::string& object,
                              Clock::TimePoint now, std::chrono::seconds ttl);

}  // namespace ark::cloud::gcp
