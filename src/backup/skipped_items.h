#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ark::backup {

// Why an item the filters selected is left out of the backup, nullopt when it goes in.
// `metadata_json` and `status_json` are the texts of the item's `metadata` and `status`
// members as the API server sent them ("" when absent); the tarball keeps no status (as Ark
// v0.5 wrote it), so what depends on it is decided here rather than at restore:
//  - an object being deleted (metadata.deletionTimestamp set, held by a finalizer): a restore
//    would bring back as live what its owner was tearing down (Ark v0.9, Velero);
//  - a finished Pod or Job (kube::FinishedWorkloadReason): a restore would run it again.
std::optional<std::string> NotBackedUpReason(std::string_view group_resource,
                                             std::string_view metadata_json,
                                             std::string_view status_json);

}  // namespace ark::backup
