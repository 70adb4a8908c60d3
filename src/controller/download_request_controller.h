#pragma once

#include <chrono>
#include <string>

#include "api/download_request.h"
#include "controller/informer.h"
#include "kube/dynamic_client.h"
#include "persistence/backup_store.h"
#include "util/clock.h"
#include "util/log.h"

namespace ark::controller {

// Answers DownloadRequests: New -> a signed URL for spec.target {kind: BackupLog |
// BackupContents | RestoreLog | RestoreResults, name} valid for `ttl` (10 minutes), with
// status {phase: Processed, downloadURL, expiration}. Processed requests past their
// expiration are deleted. A target that does not exist, and a request that cannot be read,
// are still Processed, with no downloadURL and status.error saying why, so clients stop
// waiting. The object is read and its status written through api::DownloadRequest.
class DownloadRequestController {
 public:
  DownloadRequestController(kube::DynamicClient& client, const Informer& requests,
                            persistence::BackupStore& store, const Clock& clock, Logger log,
                            std::chrono::seconds ttl = std::chrono::minutes(10))
      : client_(client),
        requests_(requests),
        store_(store),
        clock_(clock),
        log_(std::move(log)),
        ttl_(ttl) {}

  Status Sync(const std::string& key);

 private:
  // A URL for the request's target, or why there is none.
  Result<std::string> SignedUrlFor(const std::string& ns, const api::DownloadRequest& request);
  // Marks `request` Processed with `url` or its error, valid for ttl_.
  Status Answer(const std::string& key, api::DownloadRequest request,
                const Result<std::string>& url);

  kube::DynamicClient& client_;
  const Informer& requests_;
  persistence::BackupStore& store_;
  const Clock& clock_;
  Logger log_;
  std::chrono::seconds ttl_;
};

}  // namespace ark::controller
