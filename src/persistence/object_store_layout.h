#pragma once

#include <string>
#include <string_view>

namespace ark::persistence {

// Owns every object key ark writes or reads in a bucket (Ark v0.3-v0.9 layout, with an
// optional prefix):
//   [<prefix>/]<backup>/ark-backup.json                  metadata, written last
//   [<prefix>/]<backup>/<backup>.tar.gz                  contents
//   [<prefix>/]<backup>/<backup>-logs.gz                 backup log
//   [<prefix>/]<backup>/<backup>-manifest.json.gz        integrity manifest (ark only; Ark and
//                                                        Velero readers ignore the extra file)
//   [<prefix>/]<backup>/restore-<restore>-logs.gz        restore log
//   [<prefix>/]<backup>/restore-<restore>-results.gz     restore warnings and errors
// Velero's layout (backups/<b>/velero-backup.json, restores/<r>/...) is read, not written.
class ObjectStoreLayout {
 public:
  // `prefix` may be given with or without its trailing '/' ("ark", "ark/", "a/b"); leading
  // slashes are dropped.
  explicit ObjectStoreLayout(std::string prefix = "");

  std::string BackupDir(std::string_view backup) const;  // ends with '/'
  std::string MetadataKey(std::string_view backup) const;
  std::string ContentsKey(std::string_view backup) const;
  std::string LogKey(std::string_view backup) const;
  std::string ManifestKey(std::string_view backup) const;
  std::string RestoreLogKey(std::string_view backup, std::string_view restore) const;
  std::string RestoreResultsKey(std::string_view backup, std::string_view restore) const;
  const std::string& prefix() const { return prefix_; }  // "" or ending with '/'

  // Velero's layout (and Ark v0.10+), read only:
  //   [<prefix>/]backups/<backup>/velero-backup.json   (ark-backup.json for Ark v0.10-v0.11)
  //   [<prefix>/]backups/<backup>/<backup>.tar.gz, <backup>-logs.gz
  //   [<prefix>/]restores/<restore>/restore-<restore>-logs.gz, restore-<restore>-results.gz
  std::string VeleroBackupsDir() const;  // "[<prefix>/]backups/"
  std::string VeleroBackupDir(std::string_view backup) const;
  std::string VeleroMetadataKey(std::string_view backup) const;
  std::string VeleroArkMetadataKey(std::string_view backup) const;
  std::string VeleroContentsKey(std::string_view backup) const;
  std::string VeleroLogKey(std::string_view backup) const;
  std::string VeleroRestoreLogKey(std::string_view restore) const;
  std::string VeleroRestoreResultsKey(std::string_view restore) const;

 private:
  std::string prefix_;
};

}  // namespace ark::persistence
