#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kube/dynamic_client.h"
#include "util/clock.h"
#include "util/result.h"

namespace ark::controller {

// The Ark custom resources (group ark.heptio.com, version v1).
kube::GroupVersionResource BackupsGvr();
kube::GroupVersionResource RestoresGvr();
kube::GroupVersionResource SchedulesGvr();
kube::GroupVersionResource ConfigsGvr();
kube::GroupVersionResource DownloadRequestsGvr();
kube::GroupVersionResource DeleteBackupRequestsGvr();
kube::GroupVersionResource BackupVerificationsGvr();
kube::GroupVersionResource NamespacesGvr();

// status.phase, "" when absent.
std::string Phase(const nlohmann::json& object);
std::string Name(const nlohmann::json& object);
std::string Namespace(const nlohmann::json& object);

// RFC 3339 in UTC with second precision ("2017-11-06T22:46:06Z"), as metav1.Time.
std::string FormatTime(Clock::TimePoint t);
// Parses FormatTime's form (fractions and offsets accepted); InvalidArgument otherwise.
Result<Clock::TimePoint> ParseTime(const std::string& text);

// Reads the object, applies `mutate` and writes it back with Update, reading again and
// re-applying on a conflict (a few times). Returns the stored object.
Result<nlohmann::json> UpdateWithRetry(kube::DynamicClient& client,
                                       const kube::GroupVersionResource& gvr,
                                       const std::string& ns, const std::string& name,
                                       const std::function<void(nlohmann::json&)>& mutate);

}  // namespace ark::controller
