#include "restore/backup_owners.h"

#include <set>

namespace ark::restore {
namespace {

using Json = nlohmann::json;

// Where a backup keeps the kinds RecreatingOwnerResource knows (extensions: Ark v0.5 backups).
const std::set<std::string> kOwnerResources = {"deployments.apps",
                                               "deployments.extensions",
                                               "replicasets.apps",
                                               "replicasets.extensions",
                                               "statefulsets.apps",
                                               "daemonsets.apps",
                                               "daemonsets.extensions",
                                               "jobs.batch",
                                               "cronjobs.batch",
                                               "replicationcontrollers",
                                               "services"};

std::string Key(const std::string& kind, const std::string& ns, const std::string& name) {
  return kind + "/" + ns + "/" + name;
}

}  // namespace

BackupOwners BackupOwners::Read(const ArchiveSpool& spool, const Selects& selects) {
  BackupOwners owners;
  for (const std::string& gr : spool.GroupResources()) {
    if (kOwnerResources.count(gr) == 0) continue;
    Status read = spool.ForEach(gr, [&](SpoolItem& item) {
      Json obj = Json::parse(item.content, nullptr, /*allow_exceptions=*/false);
      if (!obj.is_object()) return Status::Ok();
      const std::string kind = obj.value("kind", "");
      if (RecreatingOwnerResource(GroupOf(obj.value("apiVersion", "")), kind).empty()) {
        return Status::Ok();
      }
      Entry entry;
      entry.group_resource = gr;
      const Json& metadata = obj["metadata"];
      if (metadata.is_object()) entry.uid = metadata.value("uid", "");
      entry.selected = selects(gr, item, obj);
      entry.paused = kind == "Deployment" && DeploymentIsPaused(obj);
      if (const Json* ref = ControllerReference(obj)) entry.controller = ParseOwnerRef(*ref);
      owners.entries_[Key(kind, item.ns, item.name)] = std::move(entry);
      return Status::Ok();
    });
    (void)read;  // what could not be read is left out, as documented
  }
  return owners;
}

const BackupOwners::Entry* BackupOwners::Find(const std::string& kind, const std::string& ns,
                                              const std::string& name) const {
  auto it = entries_.find(Key(kind, ns, name));
  return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace ark::restore
