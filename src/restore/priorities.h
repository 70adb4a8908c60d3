#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ark::restore {

// Current Velero's high-priority list: restored first, in this order.
const std::vector<std::string>& DefaultResourcePriorities();

// Group-resources that are never restored, with the reason reported for their objects
// (nodes, events, Ark's and Velero's own backups and restores, Ark's Config and requests, ...).
// Ark's Schedules are restorable. nullopt = restorable.
std::optional<std::string_view> NonRestorableReason(std::string_view group_resource);

// The order in which the backup's group-resources are restored: the `priorities` present in
// the backup, in their order, then every other group-resource of the backup sorted
// alphabetically. `priorities` must already be resolved to group-resource form; duplicates and
// entries absent from the backup are ignored.
//
//   OrderGroupResources({"namespaces", "pods"}, {"secrets", "pods", "deployments.apps"})
//     == {"pods", "deployments.apps", "secrets"}
std::vector<std::string> OrderGroupResources(const std::vector<std::string>& priorities,
                                             const std::vector<std::string>& in_backup);

}  // namespace ark::restore
