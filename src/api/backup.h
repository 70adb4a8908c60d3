#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "api/label_selector.h"
#include "api/object_meta.h"
#include "util/result.h"

namespace ark::api {

// status.version of every backup Ark v0.3-v0.10 and this server write.
inline constexpr int64_t kBackupFormatVersion = 1;

// Every struct below keeps the JSON it was read from in `raw`; ToJson starts from `raw` and
// writes the typed fields over it, so fields this code does not know (Velero additions,
// future fields) and null-vs-absent distinctions survive a read/modify/write cycle.

// `exec` hook: run `command` in `container` of a pod before (or after) it is backed up.
struct ExecHook {
  std::string container;  // "" = the pod's first container
  std::vector<std::string> command;
  std::string on_error;                 // "Continue" or "Fail"; "" = Fail
  std::chrono::nanoseconds timeout{0};  // 0 = 30s
  Json raw;
};

struct BackupResourceHook {
  std::optional<ExecHook> exec;
  Json raw;
};

// hooks.resources[]: which pods the hooks apply to, and the hooks.
struct BackupResourceHookSpec {
  std::string name;
  std::vector<std::string> included_namespaces;
  std::vector<std::string> excluded_namespaces;
  std::vector<std::string> included_resources;
  std::vector<std::string> excluded_resources;
  std::optional<LabelSelector> label_selector;
  std::vector<BackupResourceHook> hooks;  // v0.5: run before the item is backed up
  std::vector<BackupResourceHook> pre;    // v0.7+ names
  std::vector<BackupResourceHook> post;
  Json raw;
};

struct BackupHooks {
  std::vector<BackupResourceHookSpec> resources;
  Json raw;

  // The `hooks` member of the Backup spec `spec` (an empty list when absent or null); errors
  // name the field under `where` ("spec.hooks.resources[0].pre[1].exec.timeout: ...").
  static Result<BackupHooks> FromSpec(const Json& spec, std::string_view where = "spec");
};

struct BackupSpec {
  std::vector<std::string> included_namespaces;
  std::vector<std::string> excluded_namespaces;
  std::vector<std::string> included_resources;
  std::vector<std::string> excluded_resources;
  std::optional<LabelSelector> label_selector;  // nullopt = every object
  std::optional<bool> snapshot_volumes;         // nullopt = when a PV provider exists
  std::chrono::nanoseconds ttl{0};
  std::optional<bool> include_cluster_resources;  // nullopt = only for all-namespace backups
  BackupHooks hooks;
  // true: once completed, the backup is verified against its manifest and the result recorded
  // in status.verification (api/backup_verification.h).
  std::optional<bool> verify;
  std::string storage_location;  // "storageLocation" (Velero's); "" = the default location
  Json raw;

  static Result<BackupSpec> FromJson(const Json& j, std::string_view where = "spec");
  Json ToJson() const;
};

// One PV snapshot in status.volumeBackups (keyed by PV name).
struct VolumeBackupInfo {
  std::string snapshot_id;        // "snapshotID"
  std::string type;               // EBS type, GCE disk-type URL, Azure account type
  std::string availability_zone;  // omitted when empty
  std::optional<int64_t> iops;    // omitted when unset (set for io1 only)
  Json raw;
};

struct BackupProgress {
  int64_t total_items = 0;
  int64_t items_backed_up = 0;
  Json raw;
};

// status.encryption of a sealed backup (persistence/backup_store.h): how its files were sealed.
struct BackupEncryption {
  std::string algorithm;  // "AES-256-GCM"
  std::string key_id;     // "keyID": the key of the Config's encryption Secret used
  Json raw;
};

struct BackupStatus {
  int64_t version = 0;  // format version, 1
  std::optional<Clock::TimePoint> expiration;
  std::string phase;  // see api/phase.h
  std::map<std::string, VolumeBackupInfo> volume_backups;
  std::vector<std::string> validation_errors;
  std::optional<Clock::TimePoint> start_timestamp;
  std::optional<Clock::TimePoint> completion_timestamp;
  int64_t errors = 0;
  int64_t warnings = 0;
  std::optional<BackupProgress> progress;
  std::string failure_reason;
  std::optional<BackupEncryption> encryption;
  Json raw;

  static Result<BackupStatus> FromJson(const Json& j, std::string_view where = "status");
  Json ToJson() const;
};

// A Backup (ark.heptio.com/v1; velero.io/v1 objects are read as well). FromJson rejects
// objects of another kind and fields of the wrong type, naming the field:
//   Backup "heptio-ark/b1": spec.ttl: invalid duration "1d": unknown unit "d" (...)
struct Backup {
  ObjectMeta metadata;
  BackupSpec spec;
  BackupStatus status;
  Json raw;

  static Result<Backup> FromJson(const Json& j);
  // apiVersion and kind are set when missing (ark.heptio.com/v1, Backup).
  Json ToJson() const;
};

// A new Backup named `name` in namespace `ns` as Ark's own CLI writes one (what `ark backup
// create` submits and prints): every spec field present as Ark v0.5's Go types serialize them
// -- lists [], the selector and unset optional booleans null, ttl "0s", hooks {resources: []} --
// and status {phase: "", version: 0}. Users reading `-o yaml` see every field they can set, and
// kubectl apply treats the nulls as absent. Fields set afterwards replace these.
Backup NewBackup(const std::string& name, const std::string& ns);
// The spec part of NewBackup (a Schedule's template is one).
BackupSpec NewBackupSpec();

}  // namespace ark::api
