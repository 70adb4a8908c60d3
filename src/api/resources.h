#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "kube/resource.h"

namespace ark::api {

// The Ark custom resources (group ark.heptio.com, version v1), as the server watches them and
// the CLI creates and reads them.
kube::GroupVersionResource BackupsGvr();
kube::GroupVersionResource RestoresGvr();
kube::GroupVersionResource SchedulesGvr();
kube::GroupVersionResource ConfigsGvr();
kube::GroupVersionResource DownloadRequestsGvr();
kube::GroupVersionResource DeleteBackupRequestsGvr();
kube::GroupVersionResource BackupVerificationsGvr();
// Core v1 namespaces (the server creates its own when missing).
kube::GroupVersionResource NamespacesGvr();

// Accessors that read any object without decoding it whole; "" when the field is absent or
// not a string.
std::string Phase(const nlohmann::json& object);      // status.phase
std::string Name(const nlohmann::json& object);       // metadata.name
std::string Namespace(const nlohmann::json& object);  // metadata.namespace

// Counts the messages of a RestoreResult in its JSON form (ark + cluster + every namespace);
// 0 for anything that is not an object.
int64_t CountResult(const nlohmann::json& result);

}  // namespace ark::api
