#include "restore/priorities.h"

#include <algorithm>
#include <set>

namespace ark::restore {

const std::vector<std::string>& DefaultResourcePriorities() {
  static const std::vector<std::string> kPriorities = {
      "customresourcedefinitions",
      "namespaces",
      "storageclasses",
      "volumesnapshotclass.snapshot.storage.k8s.io",
      "volumesnapshotcontents.snapshot.storage.k8s.io",
      "volumesnapshots.snapshot.storage.k8s.io",
      "datauploads.velero.io",
      "persistentvolumes",
      "persistentvolumeclaims",
      "clusterroles",
      "roles",
      "serviceaccounts",
      "clusterrolebindings",
      "rolebindings",
      "secrets",
      "configmaps",
      "limitranges",
      "priorityclasses",
      "pods",
      "replicasets.apps",
      "clusterclasses.cluster.x-k8s.io",
      "endpoints",
      "services",
  };
  return kPriorities;
}

std::optional<std::string_view> NonRestorableReason(std::string_view gr) {
  if (gr == "nodes") return "nodes are not restorable";
  if (gr == "events" || gr == "events.events.k8s.io") return "events are not restored";
  if (gr == "backups.ark.heptio.com" || gr == "restores.ark.heptio.com" ||
      gr == "backups.velero.io" || gr == "restores.velero.io" ||
      gr == "resticrepositories.velero.io" || gr == "backuprepositories.velero.io") {
    return "backup and restore resources are not restored (they are synced from object storage)";
  }
  if (gr == "configs.ark.heptio.com" || gr == "downloadrequests.ark.heptio.com" ||
      gr == "deletebackuprequests.ark.heptio.com" || gr == "backupverifications.ark.heptio.com") {
    // The server's own configuration and requests: restored, they would repoint the running
    // server at the backed-up bucket, or delete and verify backups nobody asked for here.
    // Schedules stay restorable (as in Ark and Velero): they are the user's intent.
    return "ark's own operational resources are not restored (configuration and requests of "
           "the server that made the backup)";
  }
  if (gr == "csinodes.storage.k8s.io" || gr == "volumeattachments.storage.k8s.io") {
    return "node-bound storage objects are not restorable";
  }
  return std::nullopt;
}

std::vector<std::string> OrderGroupResources(const std::vector<std::string>& priorities,
                                             const std::vector<std::string>& in_backup) {
  std::set<std::string> remaining(in_backup.begin(), in_backup.end());
  std::vector<std::string> order;
  for (const std::string& gr : priorities) {
    auto it = remaining.find(gr);
    if (it == remaining.end()) continue;
    order.push_back(gr);
    remaining.erase(it);
  }
  order.insert(order.end(), remaining.begin(), remaining.end());  // std::set: alphabetical
  return order;
}

}  // namespace ark::restore
