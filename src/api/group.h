#pragma once

#include <string_view>

#include "kube/resource.h"

namespace ark::api {

// The API group of every Ark resource and the names shared by the server and the CLI.
inline constexpr std::string_view kGroup = "ark.heptio.com";
inline constexpr std::string_view kVersion = "v1";
inline constexpr std::string_view kApiVersion = "ark.heptio.com/v1";
// Velero's group; its objects (velero-backup.json) are read, never written.
inline constexpr std::string_view kVeleroApiVersion = "velero.io/v1";
inline constexpr std::string_view kDefaultNamespace = "heptio-ark";
// The only Config the server reads.
inline constexpr std::string_view kDefaultConfigName = "default";

// Label on Backups created by a schedule: ark-schedule=<schedule name>.
inline constexpr std::string_view kScheduleNameLabel = "ark-schedule";
// Label on every object a restore creates: ark-restore=<restore name>.
inline constexpr std::string_view kRestoreNameLabel = "ark-restore";
// Annotation on a Backup that sync created from object storage: the metadata.uid recorded in
// the stored ark-backup.json, i.e. of the Backup that wrote the files. Deleting the synced
// Backup deletes those files only while the store still holds that backup.
inline constexpr std::string_view kStoredUidAnnotation = "ark.heptio.com/stored-backup-uid";

// Plural resource names, as in the CRDs and tarball paths ("backups.ark.heptio.com").
inline constexpr std::string_view kBackups = "backups";
inline constexpr std::string_view kRestores = "restores";
inline constexpr std::string_view kSchedules = "schedules";
inline constexpr std::string_view kConfigs = "configs";
inline constexpr std::string_view kDownloadRequests = "downloadrequests";
inline constexpr std::string_view kDeleteBackupRequests = "deletebackuprequests";
inline constexpr std::string_view kBackupVerifications = "backupverifications";

// {"ark.heptio.com", "v1", <plural>}.
inline kube::GroupVersionResource ArkResource(std::string_view plural) {
  return {std::string(kGroup), std::string(kVersion), std::string(plural)};
}

}  // namespace ark::api
