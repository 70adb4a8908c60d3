#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cloud/azure/shared_key.h"
#include "cloud/object_store.h"
#include "http/client.h"
#include "util/backoff.h"

namespace ark::cloud::azure {

struct BlobOptions {
  // "https://<account>.blob.core.windows.net", or azurite's "http://127.0.0.1:PORT/<account>".
  // No trailing slash.
  std::string endpoint;
  // Bodies of at most this many bytes go as one Put Blob; larger ones as blocks of
  // `block_size` (Put Block, in parallel, then Put Block List).
  int64_t single_put_limit = 64LL << 20;
  int64_t block_size = 8LL << 20;
  int parallel_blocks = 4;
  // Page size of List Blobs (the service caps it at 5000).
  int list_page_size = 5000;
  BackoffPolicy retry;
};

// ObjectStore over the Azure Blob REST API with SharedKey authorization; container = bucket.
// Thread-safe. Requests are retried on transport failures, 5xx and 429 (honouring
// Retry-After) within options.retry (by default: waits up to 5 s, 30 s in all); a download
// that breaks off resumes with x-ms-range pinned to the ETag of the bytes already written
// (If-Match), so a blob changed meanwhile is a DataLoss error, never a spliced file. Errors: 404 ->
// NotFound, 403 AuthenticationFailed -> Unauthenticated, other 403 -> PermissionDenied, 409 ->
// Conflict; the message names the operation, the container and blob, and the service's error code,
// never the key or signature.
class BlobObjectStore final : public ObjectStore {
 public:
  BlobObjectStore(BlobOptions options, std::shared_ptr<http::Client> client, StorageAccount account,
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
  // A blob URL carrying a read-only service SAS that expires `ttl` from the clock's now.
  Result<std::string> CreateSignedUrl(const std::string& bucket, const std::string& key,
                                      std::chrono::seconds ttl) override;

  // Creates a container (tests, quickstart). AlreadyExists if present.
  Status CreateContainer(const std::string& container);

 private:
  struct ListPage {
    std::vector<std::string> names;
    std::vector<std::string> prefixes;
    std::string next_marker;
  };
  std::string BlobUrl(const std::string& container, const std::string& key) const;
  // Signs and sends, retrying as described above unless `retry` is false. `what` names the
  // operation in errors.
  Result<http::Response> Send(http::Request request, const std::string& what, bool retry = true);
  Status PutBlocks(const std::string& container, const std::string& key, ByteSource& body,
                   std::string first);
  Result<ListPage> List(const std::string& container, const std::string& prefix,
                        const std::string& delimiter, const std::string& marker);

  const BlobOptions options_;
  const std::shared_ptr<http::Client> client_;
  const StorageAccount account_;
  const Clock& clock_;
};

// Maps a non-2xx Blob response to a Status naming `what`; a 403 authentication or
// authorization failure also names the credentials to check (never their values).
Status BlobError(const http::Response& response, const std::string& what);

}  // namespace ark::cloud::azure
