#include "controller/backup_deleter.h"

#include "api/resources.h"
#include "controller/stored_backup_files.h"
#include "util/json_access.h"

namespace ark::controller {

using nlohmann::json;

Result<DeletedBackup> BackupDeleter::Delete(const std::string& ns, const json& backup) {
  const std::string name = api::Name(backup);
  Logger log = log_.With("backup", ns + "/" + name);
  const json status = Obj(backup, "status");
  const json snapshots = Obj(status, "volumeBackups");
  Status first_error;
  if (snapshots.is_object() && !snapshots.empty()) {
    if (volumes_ == nullptr) {
      return FailedPrecondition("backup \"" + name +
                                "\" has volume snapshots but the server has no "
                                "persistentVolumeProvider to delete them");
    }
    for (const auto& [pv, info] : snapshots.items()) {
      if (!info.is_object()) continue;
      std::string id = Str(info, "snapshotID");
      if (id.empty()) continue;
      Status st = volumes_->DeleteSnapshot(id);
      if (!st.ok()) {
        log.Error("Cannot delete snapshot", {{"snapshotID", id}, {"error", st.ToString()}});
        if (first_error.ok()) first_error = st;
      } else {
        log.Info("Deleted snapshot", {{"snapshotID", id}, {"persistentVolume", pv}});
      }
    }
  }
  DeletedBackup deleted;
  Result<StoredFilesVerdict> files = DeleteStoredFilesOf(store_, backup);
  if (!files.ok()) {
    log.Error("Cannot delete the backup from object storage",
              {{"error", files.status().ToString()}});
    if (first_error.ok()) first_error = files.status();
  } else if (files->owner == StoredFilesOwner::kOtherBackup) {
    deleted.stored_files_kept_because =
        "the files in object storage under \"" + name + "\" were left in place: " + files->reason;
    log.Warn("Leaving the files in object storage of another backup with this name",
             {{"reason", files->reason}});
  }
  // Restores of this backup.
  std::vector<std::string> restores;
  Status listed =
      client_.List(api::RestoresGvr(), ns, kube::ListOptions{}, [&](kube::ListPage& page) {
        for (const auto& r : page.items) {
          if (Str(Obj(r, "spec"), "backupName") == name) {
            restores.push_back(api::Name(r));
          }
        }
        return Status::Ok();
      });
  if (!listed.ok() && first_error.ok()) first_error = listed;
  for (const auto& r : restores) {
    Status st = client_.Delete(api::RestoresGvr(), ns, r);
    if (!st.ok() && st.code() != Code::kNotFound && first_error.ok()) first_error = st;
  }
  if (!first_error.ok()) return first_error;
  Status st = client_.Delete(api::BackupsGvr(), ns, name);
  if (!st.ok() && st.code() != Code::kNotFound) return st;
  log.Info("Backup deleted");
  return deleted;
}

}  // namespace ark::controller
