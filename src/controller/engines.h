#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "util/byte_stream.h"
#include "util/cancel.h"
#include "util/log.h"
#include "util/result.h"

namespace ark::controller {

// What the backup controller needs from the backup engine, so the controller is tested with
// a fake and the engine without a controller. The server adapts backup::BackupEngine to it.

// Items done out of an estimated total, reported as the backup runs.
using ProgressFn = std::function<void(int64_t done, int64_t total)>;

struct BackupOutcome {
  int64_t items = 0;
  int64_t warnings = 0;
  int64_t errors = 0;  // per-item errors: > 0 makes the backup PartiallyFailed
  // status.volumeBackups: PV name -> {snapshotID, type, availabilityZone, iops}.
  nlohmann::json volume_backups = nlohmann::json::object();
};

class BackupRunner {
 public:
  virtual ~BackupRunner() = default;
  // Problems the engine finds in `backup`'s spec beyond the controller's own rules (a label
  // selector that does not parse, ...); empty when it can run.
  virtual std::vector<std::string> Validate(const nlohmann::json& backup) { return {}; }
  // Writes the tarball (gzip) of `backup` (the Backup CR) into `tarball` and closes it. A
  // returned error fails the whole backup; per-item problems go into the outcome and `log`.
  // Once `cancel` (may be null) is cancelled the run stops early with Cancelled.
  virtual Result<BackupOutcome> Run(const nlohmann::json& backup, ByteSink& tarball,
                                    const Logger& log, const ProgressFn& progress,
                                    const CancelToken* cancel) = 0;
};

// RestoreResult: {"ark": [...], "cluster": [...], "namespaces": {ns: [...]}}.
struct RestoreOutcome {
  nlohmann::json warnings = nlohmann::json::object();
  nlohmann::json errors = nlohmann::json::object();
  int64_t items = 0;        // objects created or updated
  int64_t total_items = 0;  // item entries in the backup (status.progress.totalItems)
  // Dry run only: one line per object that would be created, in restore order.
  std::vector<std::string> plan;
  // The group-resources in the order they were restored (status.resourceOrder).
  std::vector<std::string> resource_order;
};

class RestoreRunner {
 public:
  virtual ~RestoreRunner() = default;
  virtual std::vector<std::string> Validate(const nlohmann::json& restore) { return {}; }
  // Restores `restore` (the Restore CR) from the tarball of `backup` (the Backup object).
  // With `dry_run` nothing is written to the cluster and the outcome lists the plan. Once
  // `cancel` (may be null) is cancelled the run stops between items with Cancelled.
  // `progress` (may be empty) gets the items handled out of the backup's items, from the
  // thread calling Run.
  virtual Result<RestoreOutcome> Run(const nlohmann::json& restore, const nlohmann::json& backup,
                                     ByteSource& tarball, const Logger& log, bool dry_run,
                                     const CancelToken* cancel, const ProgressFn& progress) = 0;
};

}  // namespace ark::controller
