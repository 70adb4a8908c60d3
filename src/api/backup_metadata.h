#pragma once

#include <string>
#include <string_view>

#include "api/json_fields.h"
#include "util/result.h"

namespace ark::api {

// The metadata object (ark-backup.json): the Backup as Kubernetes' pretty JSON serializer
// writes it, so Ark v0.5 and Velero read ours: 2-space indent, `"key": value`, no trailing
// newline, keys in Go struct order (kind, apiVersion, metadata, spec, status; inside them the
// field order of ObjectMeta, BackupSpec and BackupStatus), map keys (labels, volumeBackups)
// sorted, and keys this encoder does not know appended in sorted order.
std::string EncodeBackupMetadata(const Json& backup);

// Parses metadata read from `key`. DataLoss naming the key when it is not a JSON object of
// kind Backup.
Result<Json> DecodeBackupMetadata(std::string_view data, std::string_view key);

}  // namespace ark::api
