#pragma once

#include <chrono>
#include <string>

#include "controller/informer.h"
#include "kube/dynamic_client.h"
#include "persistence/backup_store.h"
#include "util/clock.h"
#include "util/log.h"

namespace ark::controller {

// Answers DownloadRequests: New -> a signed URL for spec.target {kind: BackupLog |
// BackupContents | RestoreLog | RestoreResults, name} valid for `ttl` (10 minutes), with
// status {phase: Processed, downloadURL, expiration}. Processed requests past their
// expiration are deleted. A target that does not exist is still Processed, with an empty
// downloadURL and status.error saying why, so clients stop waiting.
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
  kube::DynamicClient& client_;
  const Informer& requests_;
  persistence::BackupStore& store_;
  const Clock& clock_;
  Logger log_;
  std::chrono::seconds ttl_;
};

}  // namespace ark::controller
