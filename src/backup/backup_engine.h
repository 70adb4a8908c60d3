#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "archive/tarball_writer.h"
#include "backup/backup_request.h"
#include "backup/item_action.h"
#include "cloud/block_store.h"
#include "kube/discovery.h"
#include "kube/dynamic_client.h"
#include "kube/pod_exec.h"
#include "util/cancel.h"
#include "util/log.h"
#include "util/result.h"

namespace ark::backup {

struct BackupOptions {
  int workers = 4;          // resources listed at once
  int64_t page_size = 500;  // items per LIST page
  // Bound on formatted entries waiting for the tarball writer.
  size_t max_queued_bytes = 4u << 20;
  // Zone used for a PV snapshot when the PV has no zone label (the Config's zone).
  std::string default_availability_zone;
  // Write Velero's leading `metadata/version` entry ("1\n"). Ark v0.5 restores read only
  // `resources/`, so the entry is harmless to them and lets Velero identify the format.
  bool write_format_version = true;
  // API groups never backed up (Ark v0.5 skips its own group).
  std::vector<std::string> skipped_groups = {"ark.heptio.com"};
  // One info line per item written ("Backing up item"), as Ark logs.
  bool log_items = true;
  // When set and cancelled, the workers stop at the next item, page or resource and Run
  // returns Cancelled (the tarball is then incomplete and must be discarded). Must outlive
  // the engine.
  const CancelToken* cancel = nullptr;
};

enum class BackupPhase { kCompleted, kPartiallyFailed, kFailedValidation };
// "Completed", "PartiallyFailed", "FailedValidation" (the Backup's status.phase values).
std::string_view BackupPhaseName(BackupPhase phase);

struct BackupOutcome {
  BackupPhase phase = BackupPhase::kCompleted;
  int64_t items_backed_up = 0;   // item entries written to the tarball
  int64_t items_failed = 0;      // selected items that could not be backed up
  int64_t resources_failed = 0;  // LISTs (or namespace GETs) that failed
  // One line each, naming the resource / item: `listing pods in namespace "a": Unavailable: ...`.
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
  std::vector<std::string> validation_errors;                // set with kFailedValidation
  nlohmann::json volume_backups = nlohmann::json::object();  // status.volumeBackups
};

struct BackupProgress {
  int64_t items_done = 0;  // items written to the tarball
  // Items selected so far plus what the lists being read have left by their pages'
  // remainingItemCount (ProgressEstimate); refined as pages arrive.
  int64_t items_total_estimate = 0;
};
// Called after each batch of entries and each page read, from any of the backup's threads but
// never concurrently; items_done never decreases. Must be quick.
using ProgressFn = std::function<void(const BackupProgress&)>;

// Runs backups: discovers what the API server serves, selects resources and items as the
// request says (Ark v0.5's algorithm), runs the item actions and streams every item into a
// tarball as compact JSON without `status` (the server's text, its keys in the server's order).
//
// Selection:
//  - resources supporting list, create, get and delete at their group's preferred version,
//    except `skipped_groups`; a resource that the `extensions` group serves beside another
//    group (deployments, networkpolicies, ...) is taken from the other group only;
//  - included/excluded resources are resolved through Discovery::Resolve ("po", "deploy",
//    "deployments.apps"); an unknown name is a warning and matches nothing;
//  - includeClusterResources: true = all cluster-scoped resources, false = none, null = only
//    when every namespace is selected; `namespaces` is always kept. Items pulled in by an
//    action (a PV through its claim) are kept unless it is false;
//  - the label selector filters LISTs on the server; items added by actions ignore it.
//
// Pod exec hooks (pod_hooks.h): a pod's pre hooks run after it is selected and claimed,
// before its item actions; its post hooks after its entry is written. A failing hook with
// onError=Fail is an item error (a failed pre hook also keeps the pod out of the tarball);
// with onError=Continue it is an error line in the log and the backup goes on.
//
// Streaming: a pool of `workers` threads lists resources page by page and formats items;
// one writer thread adds entries to the tarball. Memory is bounded by workers x one page plus
// max_queued_bytes, not by the number of objects.
//
// Thread-safety: Run may be called from one thread at a time per engine.
class BackupEngine {
 public:
  // `block_store` may be null (no snapshots; a request with snapshotVolumes=true then fails
  // validation). `pod_executor` runs the pods' exec hooks; null = a pod with hooks gets a
  // hook error ("no pod exec client"). Every reference must outlive the engine. The built-in
  // actions (pod -> claims, claim -> volume, and volume snapshots when a block store is
  // given) run before `extra_actions`.
  BackupEngine(kube::DynamicClient& client, kube::Discovery& discovery,
               cloud::BlockStore* block_store, kube::PodExecutor* pod_executor,
               BackupOptions options, std::vector<std::unique_ptr<ItemAction>> extra_actions = {});
  ~BackupEngine();

  // Ark's validation rules for the request (util/includes_excludes.h), plus
  // snapshotVolumes=true without a block store. (The label selector was checked when the
  // request was built: backup/request_from_backup.h.)
  std::vector<std::string> Validate(const BackupRequest& request) const;

  // Backs `request` up into `tar` (which the caller Closes, then uploads with `log`'s lines).
  // Per-item and per-resource problems are recorded in the outcome (phase PartiallyFailed);
  // an invalid request returns phase FailedValidation and writes nothing. Returns an error
  // only when no usable tarball could be produced: discovery failed, the tarball writer
  // failed or options.cancel was cancelled (Cancelled with its reason); the tarball must then
  // be discarded.
  Result<BackupOutcome> Run(const BackupRequest& request, archive::TarballWriter& tar,
                            const Logger& log, const ProgressFn& progress = nullptr);

 private:
  kube::DynamicClient& client_;
  kube::Discovery& discovery_;
  cloud::BlockStore* block_store_;
  kube::PodExecutor* pod_executor_;
  const BackupOptions options_;
  std::vector<std::unique_ptr<ItemAction>> actions_;
};

}  // namespace ark::backup
