#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "api/label_selector.h"
#include "api/object_meta.h"
#include "util/result.h"

namespace ark::api {

// Per-scope messages of a restore: {ark: [...], cluster: [...], namespaces: {ns: [...]}}.
// `ark` holds system-level problems (download, extraction, waits), `cluster` those of
// cluster-scoped items, `namespaces` those of items in each target namespace. Velero writes the
// first key as "velero"; it is read into `ark` and written back under the key it came with.
struct RestoreResult {
  std::vector<std::string> ark;
  std::vector<std::string> cluster;
  std::map<std::string, std::vector<std::string>> namespaces;
  Json raw;

  static Result<RestoreResult> FromJson(const Json& j, std::string_view where);
  Json ToJson() const;
  // Total number of messages (what `ark restore get` shows).
  int64_t Count() const;
  void AddNamespaced(const std::string& ns, std::string message) {
    namespaces[ns].push_back(std::move(message));
  }
};

struct RestoreSpec {
  std::string backup_name;
  std::vector<std::string> included_namespaces;
  std::vector<std::string> excluded_namespaces;
  std::vector<std::string> included_resources;
  std::vector<std::string> excluded_resources;
  std::map<std::string, std::string> namespace_mapping;  // source ns -> target ns
  std::optional<LabelSelector> label_selector;
  std::optional<bool> restore_pvs;                // "restorePVs"
  std::optional<bool> include_cluster_resources;  // nullopt = include
  // "existingResourcePolicy": "" (not set) or "none" leave an existing object that differs
  // alone with a warning; "update" patches it. Other values are refused by the restore's request
  // (restore::RequestFromRestore), naming the accepted ones.
  std::string existing_resource_policy;
  std::vector<std::string> namespaces;  // v0.3 only; read, kept, never set
  Json raw;

  static Result<RestoreSpec> FromJson(const Json& j, std::string_view where = "spec");
  Json ToJson() const;
};

struct RestoreProgress {
  int64_t total_items = 0;
  int64_t items_restored = 0;
  Json raw;
};

// Restore status. Ark v0.3-v0.5 stored the full warning/error lists in the object; v0.6+ and
// this server store counts (the lists go to object storage). Both forms are read: a list form
// sets `warnings_detail`/`errors_detail` and the counts from it. ToJson writes the detail when
// set, else the count.
struct RestoreStatus {
  std::string phase;
  std::vector<std::string> validation_errors;
  int64_t warnings = 0;
  int64_t errors = 0;
  std::optional<RestoreResult> warnings_detail;
  std::optional<RestoreResult> errors_detail;
  std::string failure_reason;
  std::optional<RestoreProgress> progress;
  std::optional<Clock::TimePoint> start_timestamp;
  std::optional<Clock::TimePoint> completion_timestamp;
  // "resourceOrder": the group-resources in the order the restore created them.
  std::vector<std::string> resource_order;
  Json raw;

  static Result<RestoreStatus> FromJson(const Json& j, std::string_view where = "status");
  Json ToJson() const;
};

struct Restore {
  ObjectMeta metadata;
  RestoreSpec spec;
  RestoreStatus status;
  Json raw;

  static Result<Restore> FromJson(const Json& j);
  Json ToJson() const;
};

// A new Restore named `name` in namespace `ns` as `ark restore create` writes one: every spec
// field Ark v0.5 has present -- backupName "", lists [], namespaceMapping {}, the selector and
// unset optional booleans null -- and status {phase: ""} (see NewBackup).
Restore NewRestore(const std::string& name, const std::string& ns);

// What `restore-<name>-results.gz` holds: {"warnings": RestoreResult, "errors": RestoreResult}.
Json RestoreResultsToJson(const RestoreResult& warnings, const RestoreResult& errors);

}  // namespace ark::api
