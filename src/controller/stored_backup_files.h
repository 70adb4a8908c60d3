#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "persistence/backup_store.h"
#include "util/result.h"

namespace ark::controller {

// Whose files object storage holds under a backup's name, as far as deleting that backup is
// concerned. A name is not an identity: the store may hold another backup of the same name
// (the Completed one whose Backup was deleted with kubectl, or another cluster's sharing the
// bucket) while the Backup being deleted is a later attempt that failed with "backup already
// exists in object storage". Deleting or expiring a backup must never remove files it did not
// write.
enum class StoredFilesOwner {
  kNoBackup,     // no metadata under the name: whatever is there is an unfinished upload
  kThisBackup,   // the stored metadata is this backup's (it wrote it, or was synced from it)
  kOtherBackup,  // the stored metadata belongs to another backup of the same name
};

struct StoredFilesVerdict {
  StoredFilesOwner owner = StoredFilesOwner::kNoBackup;
  std::string reason;  // kOtherBackup: why the files are not this backup's, for logs and users
};

// Judges `backup` (a Backup CR, or metadata read from the store) against `stored` (the
// metadata in the store under its name; nullptr when there is none). The rule, in order:
//   1. no stored metadata: kNoBackup;
//   2. `backup` is the stored metadata itself (GC's pass over the store, a delete request for
//      a backup only the store has): kThisBackup;
//   3. a Backup that failed validation never wrote anything: kOtherBackup;
//   4. the stored metadata.uid is the uid of the Backup that wrote it: it matches the
//      backup's uid (this cluster wrote it) or its kStoredUidAnnotation (sync created it from
//      that metadata): kThisBackup; a backup synced from other metadata: kOtherBackup;
//   5. otherwise (metadata without a uid, written by Ark, by Velero or by ark before it kept
//      the uid; a Backup synced before sync recorded the uid): the backup is the stored one
//      when it finished (Completed or PartiallyFailed) and started when the stored one did
//      (status.startTimestamp, kept by sync; both absent for Ark v0.5's metadata).
StoredFilesVerdict JudgeStoredFiles(const nlohmann::json& backup, const nlohmann::json* stored);

// Deletes the files of `backup` from `store` unless they belong to another backup of the same
// name (JudgeStoredFiles); with no metadata stored, whatever lies under the name (the
// leftovers of an interrupted upload) is removed. Returns the verdict: kOtherBackup means
// nothing was deleted. Metadata that cannot be decoded cannot be judged: it is left in place
// (kOtherBackup, saying so). Store errors are returned as they are.
Result<StoredFilesVerdict> DeleteStoredFilesOf(persistence::BackupStore& store,
                                               const nlohmann::json& backup);

}  // namespace ark::controller
