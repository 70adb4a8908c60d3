#include "controller/sync_controller.h"

#include <set>

#include "api/resources.h"
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
  // anymore: it leaves the cluster too. Not while anything in the store was unreadable.
  if (!skipped.empty()) return;
  for (const auto& [name, backup] : in_cluster) {
    if (!Finished(backup) || in_store.count(name) > 0) continue;
    Status st = client_.Delete(api::BackupsGvr(), ns_, name);
    if (st.ok() || st.code() == Code::kNotFound) {
      log_.Info("Removed backup whose files are gone from object storage", {{"backup", name}});
    } else {
      log_.Error("Cannot remove backup whose files are gone from object storage",
                 {{"backup", name}, {"error", st.ToString()}});
    }
  }
}

}  // namespace ark::controller
