#include "backup/skipped_items.h"

#include "kube/finished_workloads.h"
#include "util/json_scan.h"

namespace ark::backup {

std::optional<std::string> NotBackedUpReason(std::string_view gr, std::string_view metadata,
                                             std::string_view status) {
  const std::string_view deletion = json_scan::FindMember(metadata, "deletionTimestamp");
  if (!deletion.empty() && deletion != "null") {
    std::string when;
    if (!json_scan::DecodeString(deletion, &when)) when = std::string(deletion);
    return "being deleted (deletionTimestamp " + when + ")";
  }
  return kube::FinishedWorkloadReason(gr, status);
}

}  // namespace ark::backup
