#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cloud/aws/config.h"
#include "cloud/aws/signed_transport.h"
#include "cloud/object_store.h"

namespace ark::cloud::aws {

// What HEAD tells about an object.
struct S3ObjectInfo {
  int64_t size = 0;
  std::string etag;
  std::string server_side_encryption;  // "aws:kms", "AES256" or ""
  std::string kms_key_id;
};

// ObjectStore over the S3 REST API (SigV4). Thread-safe.
//
// PutObject sends bodies up to the multipart threshold as one PUT whose SHA-256 is signed;
// larger ones as a multipart upload with parallel parts (aborted on failure, so the object
// appears whole or not at all). Every call except CompleteMultipartUpload is retried on
// transport failures, 5xx, 429 and SlowDown, within options.retry (by default: waits up to 5 s,
// 30 s in all); a GetObject that breaks off resumes with a Range request pinned to the ETag
// of the bytes already written (If-Match), so a changed object is a DataLoss error, never a
// spliced file. With kmsKeyId, objects are written with
// SSE-KMS. Errors: see errors.h (NoSuchKey -> NotFound, AccessDenied -> PermissionDenied,
// SignatureDoesNotMatch -> Unauthenticated, with the S3 code as the reason). Metadata calls
// (HEAD, list, delete, multipart bookkeeping) time out after 2 minutes; transfers of object
// bodies have no overall limit.
class S3ObjectStore final : public ObjectStore {
 public:
  S3ObjectStore(S3Options options, std::shared_ptr<http::Client> client, Credentials credentials,
                const Clock& clock);

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

  // Deletes many keys with DeleteObjects, 1000 per request. Missing keys are not errors.
  Status DeleteObjects(const std::string& bucket, const std::vector<std::string>& keys);
  // HEAD of one object; NotFound when it does not exist.
  Result<S3ObjectInfo> HeadObject(const std::string& bucket, const std::string& key);
  // Creates the bucket in the store's region (tests, quickstart). AlreadyExists if taken.
  Status CreateBucket(const std::string& bucket);

  const S3Options& options() const { return options_; }

 private:
  // The URL of `key` in `bucket` ("" key = the bucket itself) under `endpoint` (default: the
  // store's), path-style or virtual-hosted.
  std::string ObjectUrl(const std::string& bucket, const std::string& key,
                        const std::string* endpoint = nullptr) const;
  std::string Describe(const std::string& bucket, const std::string& key) const;
  void AddEncryptionHeaders(http::Headers& headers) const;

  Status PutSingle(const std::string& bucket, const std::string& key, std::string_view body);
  // Multipart upload of `first` (already read, exactly one part) and the rest of `body`.
  Status PutMultipart(const std::string& bucket, const std::string& key, std::string first,
                      ByteSource& body, int64_t size, int64_t part_size);
  Result<std::vector<std::string>> List(const std::string& bucket, const std::string& prefix,
                                        const std::string& delimiter, bool want_prefixes);

  const S3Options options_;
  const SignedTransport transport_;
};

// Reads `source` until `want` bytes or its end; the result is shorter only at the end.
Result<std::string> ReadUpTo(ByteSource& source, int64_t want);

}  // namespace ark::cloud::aws
