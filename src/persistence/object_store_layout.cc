#include "persistence/object_store_layout.h"

namespace ark::persistence {
namespace {

std::string NormalizePrefix(std::string prefix) {
  size_t start = prefix.find_first_not_of('/');
  if (start == std::string::npos) return "";
  prefix.erase(0, start);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  return prefix.empty() ? prefix : prefix + "/";
}

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p);
  return out;
}

}  // namespace

ObjectStoreLayout::ObjectStoreLayout(std::string prefix)
    : prefix_(NormalizePrefix(std::move(prefix))) {}

std::string ObjectStoreLayout::BackupDir(std::string_view backup) const {
  return Cat({prefix_, backup, "/"});
}
std::string ObjectStoreLayout::MetadataKey(std::string_view backup) const {
  return Cat({BackupDir(backup), "ark-backup.json"});
}
std::string ObjectStoreLayout::ContentsKey(std::string_view backup) const {
  return Cat({BackupDir(backup), backup, ".tar.gz"});
}
std::string ObjectStoreLayout::LogKey(std::string_view backup) const {
  return Cat({BackupDir(backup), backup, "-logs.gz"});
}
std::string ObjectStoreLayout::ManifestKey(std::string_view backup) const {
  return Cat({BackupDir(backup), backup, "-manifest.json.gz"});
}
std::string ObjectStoreLayout::RestoreLogKey(std::string_view backup,
                                             std::string_view restore) const {
  return Cat({BackupDir(backup), "restore-", restore, "-logs.gz"});
}
std::string ObjectStoreLayout::RestoreResultsKey(std::string_view backup,
                                                 std::string_view restore) const {
  return Cat({BackupDir(backup), "restore-", restore, "-results.gz"});
}

std::string ObjectStoreLayout::VeleroBackupsDir() const { return prefix_ + "backups/"; }
std::string ObjectStoreLayout::VeleroBackupDir(std::string_view backup) const {
  return Cat({prefix_, "backups/", backup, "/"});
}
std::string ObjectStoreLayout::VeleroMetadataKey(std::string_view backup) const {
  return Cat({VeleroBackupDir(backup), "velero-backup.json"});
}
std::string ObjectStoreLayout::VeleroArkMetadataKey(std::string_view backup) const {
  return Cat({VeleroBackupDir(backup), "ark-backup.json"});
}
std::string ObjectStoreLayout::VeleroContentsKey(std::string_view backup) const {
  return Cat({VeleroBackupDir(backup), backup, ".tar.gz"});
}
std::string ObjectStoreLayout::VeleroLogKey(std::string_view backup) const {
  return Cat({VeleroBackupDir(backup), backup, "-logs.gz"});
}
std::string ObjectStoreLayout::VeleroRestoreLogKey(std::string_view restore) const {
  return Cat({prefix_, "restores/", restore, "/restore-", restore, "-logs.gz"});
}
std::string ObjectStoreLayout::VeleroRestoreResultsKey(std::string_view restore) const {
  return Cat({prefix_, "restores/", restore, "/restore-", restore, "-results.gz"});
}

}  // namespace ark::persistence
