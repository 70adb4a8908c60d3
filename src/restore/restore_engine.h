#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "archive/tarball_reader.h"
#include "cloud/block_store.h"
#include "kube/discovery.h"
#include "kube/dynamic_client.h"
#include "restore/restore_outcome.h"
#include "restore/restore_request.h"
#include "util/byte_stream.h"
#include "util/cancel.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/result.h"

namespace ark::restore {

struct EngineOptions {
  int workers = 8;           // concurrent creates within a tier
  int queue_per_worker = 4;  // items read ahead per worker (bounds memory)
  std::chrono::milliseconds volume_ready_timeout{std::chrono::minutes(5)};
  std::chrono::milliseconds volume_poll_interval{std::chrono::seconds(1)};
  std::chrono::milliseconds crd_ready_timeout{std::chrono::minutes(1)};
  std::chrono::milliseconds crd_poll_interval{std::chrono::milliseconds(200)};
  const Clock* clock = nullptr;  // null = SystemClock(); used for every wait
  std::string work_dir;          // where the spool directory goes; "" = the system temp dir
  archive::ReaderLimits archive_limits;
  // Bound on the bytes of items read from the spool and not yet restored (ByteBudget); an
  // item larger than this is restored alone. <= 0 = no bound.
  int64_t max_bytes_in_flight = int64_t{256} << 20;
  // When set and cancelled, the restore stops between items (queued items are not created)
  // and Run returns Cancelled. Must outlive the engine.
  const CancelToken* cancel = nullptr;
};

struct RestoreProgress {
  int64_t total_items = 0;      // item entries in the backup
  int64_t items_processed = 0;  // handled so far, selected or not
  std::string resource;         // the group-resource being restored
};
// Called from the thread running Run, never concurrently.
using ProgressFn = std::function<void(const RestoreProgress&)>;

// Restores a backup tarball into a cluster (Ark's restore, with Velero's later fixes):
//
//  1. The tarball is read once and spooled to one file per group-resource (ArchiveSpool), so
//     memory and open files stay bounded whatever the backup's size. Ark v0.3/v0.4, Ark v0.5+
//     and Velero layouts are read.
//  2. Group-resources are restored in tiers: the priorities (request or
//     DefaultResourcePriorities), then every other group-resource of the backup alphabetically.
//     Items of one tier are created in parallel by `workers` threads; a tier ends before the
//     next starts. After the CRD tier every restored CRD is waited for (Established) and
//     discovery is invalidated so custom resources resolve.
//  3. Each item goes through the filters (namespaces, resources, cluster scope, label selector),
//     the skip rules, the per-kind rewrites and the create / existing-object policy
//     (ItemRestorer). Target namespaces are created when missing.
//
// Errors and warnings are grouped as Ark groups them (ark / cluster / namespaces[ns]).
// Completed: every selected object was restored, already there, or deliberately skipped;
// PartiallyFailed: some failed; Failed: the restore could not run (unreadable tarball, ...),
// with the reason. Thread-compatible: one Run at a time per engine.
class RestoreEngine {
 public:
  // `block_store` may be null (no volume snapshots restored). All references must outlive
  // the engine.
  RestoreEngine(kube::DynamicClient& client, kube::Discovery& discovery,
                cloud::BlockStore* block_store, EngineOptions options = {});

  // InvalidArgument for an invalid request (every problem listed); Cancelled (the token's
  // reason) when options.cancel was cancelled before the restore finished, whatever it had
  // created by then; otherwise the outcome, phase Failed included. `tarball` is read to its
  // end once.
  Result<RestoreOutcome> Run(const RestoreRequest& request, ByteSource& tarball,
                             const BackupInfo& backup, const Logger& log,
                             const ProgressFn& progress = {});
  // The same with the backup's metadata file (status.volumeBackups gives the snapshots).
  Result<RestoreOutcome> Run(const RestoreRequest& request, ByteSource& tarball,
                             const nlohmann::json& backup_metadata, const Logger& log,
                             const ProgressFn& progress = {});

 private:
  kube::DynamicClient& client_;
  kube::Discovery& discovery_;
  cloud::BlockStore* block_store_;
  EngineOptions options_;
};

}  // namespace ark::restore
