#pragma once

#include <chrono>
#include <string>

#include "api/backup_verification.h"
#include "controller/engines.h"
#include "controller/informer.h"
#include "controller/metrics.h"
#include "controller/verification.h"
#include "kube/dynamic_client.h"
#include "persistence/backup_store.h"
#include "util/cancel.h"
#include "util/clock.h"
#include "util/log.h"

namespace ark::controller {

// Carries out BackupVerifications (api/backup_verification.h), one per Sync:
//   New (or InProgress left by a server that stopped) -> claimed as InProgress with
//   startTimestamp (an update with the resourceVersion read: a conflict means another writer
//   got there, and the change comes back as an event) -> spec.backupName looked up in object
//   storage -> `verify` -> with spec.againstCluster, a restore dry run of the whole backup
//   against the cluster -> Completed with result Passed or Failed, counted in
//   ark_backup_verification_total; or Failed with status.message when the check could not run
//   (invalid request, backup not in storage, store unreachable, dry run error).
//   Finished requests are deleted `keep_for` after their completion (the server resyncs them).
// Writes nothing anywhere but the request. Safe to Sync different keys from several threads.
class BackupVerificationController {
 public:
  struct Deps {
    kube::DynamicClient& client;
    const Informer& requests;
    persistence::BackupStore& store;
    VerifyFn verify = nullptr;
    RestoreRunner* restore = nullptr;  // the dry run of againstCluster; null: not available
    Metrics& metrics;
    const Clock& clock;
    Logger log;
    std::string temp_dir = "/tmp";  // where the dry run stages the tarball
    const CancelToken* cancel = nullptr;
    std::chrono::seconds keep_for = std::chrono::hours(1);
  };

  explicit BackupVerificationController(Deps deps) : d_(std::move(deps)) {}

  Status Sync(const std::string& key);

 private:
  // Fills `request`'s status (phase Completed or Failed) from the checks.
  void Verify(api::BackupVerification& request, const Logger& log);
  // The restore dry run of the whole backup against the cluster.
  Result<api::ClusterCheck> CheckAgainstCluster(const api::BackupVerification& request);
  Status WriteStatus(const api::BackupVerification& request);

  Deps d_;
};

}  // namespace ark::controller
