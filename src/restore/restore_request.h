#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kube/label_selector.h"
#include "util/result.h"

namespace ark::restore {

// What to do with an object that already exists in the cluster and differs from the backed-up
// version (Velero's existingResourcePolicy). An identical one is always left alone silently.
enum class ExistingResourcePolicy {
  kNone,    // leave it, add a warning
  kUpdate,  // JSON-merge-patch it to the backed-up version (labels, annotations, spec, data...)
};

// One restore, as a Restore resource's spec asks for it.
struct RestoreRequest {
  std::string name;  // the Restore's name; every restored object gets label ark-restore=<name>

  // Namespace filters apply to the namespaces the objects were backed up from (before
  // mapping). Empty or {"*"} includes everything; an exclusion wins.
  std::vector<std::string> included_namespaces;
  std::vector<std::string> excluded_namespaces;
  // Resource filters take any name kubectl accepts ("po", "deploy", "deployments.apps",
  // CRD plurals); they are resolved through discovery, falling back to the literal text.
  // "nodes" is always excluded.
  std::vector<std::string> included_resources;
  std::vector<std::string> excluded_resources;
  kube::LabelSelector label_selector;  // empty = every object
  // Source namespace -> target namespace; unmapped namespaces keep their name. Target
  // namespaces are created (bare) when they do not exist and the backup has no object for them.
  std::map<std::string, std::string> namespace_mapping;
  // nullopt (Ark's "auto" on restore) and true restore cluster-scoped objects; false skips them
  // all except the Namespace objects of the restored namespaces.
  std::optional<bool> include_cluster_resources;
  // nullopt: recreate a PV's volume from its snapshot when the backup has one and a block store
  // is configured; true: the same, but a missing block store is a validation error; false: never
  // (the PV is restored pointing at its old volume).
  std::optional<bool> restore_pvs;
  ExistingResourcePolicy existing_resource_policy = ExistingResourcePolicy::kNone;
  // Group-resources restored first, in this order ("namespaces", "replicasets.apps"; names are
  // resolved like the resource filters). Empty = DefaultResourcePriorities(). A non-empty list
  // replaces the default ("namespaces" is put first when it lacks it); every other resource
  // follows in alphabetical order.
  std::vector<std::string> resource_priorities;
  // Compute the plan (what would be created, updated, skipped, conflict or fail) without
  // writing anything to the cluster or the block store.
  bool dry_run = false;
};

// Checks the request as Ark validates a Restore (include/exclude rules, "nodes" never
// included, a name that can be a label value source). One message per problem; empty = valid.
std::vector<std::string> ValidateRestoreRequest(const RestoreRequest& request);

// A PV's snapshot, as the backup recorded it.
struct VolumeSnapshot {
  std::string pv_name;
  std::string snapshot_id;
  std::string volume_type;        // "gp2", a GCE disk-type URL, an Azure account type
  std::string availability_zone;  // "" when the backup did not record one (Ark v0.3/v0.4)
  std::optional<int64_t> iops;
};

// What the restore needs to know about the backup besides its tarball.
struct BackupInfo {
  std::string name;
  std::vector<VolumeSnapshot> volume_snapshots;
};

// From a backup's metadata file (ark-backup.json / velero-backup.json), read by
// api::Backup::FromJson: the name and Ark's status.volumeBackups {pv: {snapshotID, type,
// availabilityZone, iops}}. InvalidArgument names the offending field.
Result<BackupInfo> BackupInfoFromMetadata(const nlohmann::json& backup);

// From Velero's <backup>-volumesnapshots.json (an array of VolumeSnapshot objects with
// spec.persistentVolumeName / PersistentVolumeName, spec.volumeType, spec.volumeAZ,
// spec.volumeIOPS and status.providerSnapshotID). Entries without a snapshot id are skipped.
Result<std::vector<VolumeSnapshot>> VolumeSnapshotsFromVelero(const nlohmann::json& list);

}  // namespace ark::restore
