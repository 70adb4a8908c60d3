#include "controller/sync_controller.h"

#include <set>

#include "api/group.h"
#include "api/resources.h"
#include "controller/sync_decisions.h"
#include "util/json_access.h"

namespace ark::controller {
namespace {

using nlohmann::json;

// Only a backup that finished writes its metadata; anything else in the store was not written
// by a server and must not be run or overwritten.
bool Finished(const json& backup) {
  const std::string phase = Str(Obj(backup, "status"), "phase");
  return phase == "Completed" || phase == "PartiallyFailed";
}

}  // namespace

void SyncController::Run() {
  // The cluster first, then the store: a backup is uploaded before it is marked finished, so
  // every backup finished when the cluster was listed is in the store's listing unless its
  // files really are gone. The other order would take a backup finishing between the two
  // listings (or while a listing waits out an API outage) for one whose files are gone.
  std::map<std::string, json> in_cluster;
  Status listed =
      client_.List(api::BackupsGvr(), ns_, kube::ListOptions{}, [&](kube::ListPage& page) {
        for (auto& b : page.items) {
          std::string name = api::Name(b);
          in_cluster[std::move(name)] = std::move(b);
        }
        return Status::Ok();
      });
  if (!listed.ok()) {
    log_.Error("Cannot list the cluster's backups", {{"error", listed.ToString()}});
    return;
  }

  std::vector<std::string> skipped;
  auto backups = store_.ListBackups(&skipped);
  if (!backups.ok()) {
    log_.Error("Cannot list backups in object storage", {{"error", backups.status().ToString()}});
    return;
  }
  for (const auto& s : skipped) log_.Warn("Skipping backup metadata", {{"reason", s}});

  std::set<std::string> in_store;
  for (json backup : *backups) {
    const std::string name = api::Name(backup);
    in_store.insert(name);
    if (in_cluster.count(name) > 0) continue;  // written only when missing
    if (!Finished(backup)) {
      log_.Warn("Skipping backup metadata that does not describe a finished backup",
                {{"backup", name}, {"phase", Str(Obj(backup, "status"), "phase")}});
      continue;
    }
    json& meta = backup["metadata"];
    // The stored uid names the Backup that wrote the files: deleting this copy deletes them
    // only while the store still holds that backup (controller/stored_backup_files.h).
    if (const std::string stored_uid = Str(meta, "uid"); !stored_uid.empty()) {
      if (!meta["annotations"].is_object()) meta["annotations"] = json::object();
      meta["annotations"][std::string(api::kStoredUidAnnotation)] = stored_uid;
    }
    for (const char* field : {"resourceVersion", "uid", "selfLink", "creationTimestamp",
                              "managedFields", "generation"}) {
      meta.erase(field);
    }
    meta["namespace"] = ns_;
    backup["apiVersion"] = "ark.heptio.com/v1";
    backup["kind"] = "Backup";
    auto created = client_.Create(api::BackupsGvr(), ns_, backup);
    if (created.ok()) {
      log_.Info("Synced backup from object storage", {{"backup", name}});
    } else if (created.status().code() != Code::kAlreadyExists) {
      log_.Error("Cannot sync backup", {{"backup", name}, {"error", created.status().ToString()}});
    }
  }

  // A finished backup whose folder is gone from the store cannot be restored or deleted
  // anymore: it leaves the cluster too, unless the listing gives reason to doubt it.
  std::set<std::string> finished;
  for (const auto& [name, backup] : in_cluster) {
    if (Finished(backup)) finished.insert(name);
  }
  const SyncRemovals removals = DecideSyncRemovals(finished, in_store, skipped.size());
  if (!removals.held_back_because.empty()) {
    log_.Warn("Not removing backups whose files seem gone from object storage",
              {{"reason", removals.held_back_because}});
  }
  for (const std::string& name : removals.remove) {
    Status st = client_.Delete(api::BackupsGvr(), ns_, name);
    if (st.ok() || st.code() == Code::kNotFound) {
      log_.Warn("Removed backup whose files are gone from object storage", {{"backup", name}});
    } else {
      log_.Error("Cannot remove backup whose files are gone from object storage",
                 {{"backup", name}, {"error", st.ToString()}});
    }
  }
}

}  // namespace ark::controller
