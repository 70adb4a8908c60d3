#include "controller/sync_controller.h"

#include "controller/ark_objects.h"

namespace ark::controller {

using nlohmann::json;

void SyncController::Run() {
  std::vector<std::string> skipped;
  auto backups = store_.ListBackups(&skipped);
  if (!backups.ok()) {
    log_.Error("Cannot list backups in object storage", {{"error", backups.status().ToString()}});
    return;
  }
  for (const auto& s : skipped) log_.Warn("Skipping unreadable backup metadata", {{"backup", s}});
  for (json backup : *backups) {
    json& meta = backup["metadata"];
    if (!meta.is_object()) continue;
    for (const char* field : {"resourceVersion", "uid", "selfLink", "creationTimestamp",
                              "managedFields", "generation"}) {
      meta.erase(field);
    }
    meta["namespace"] = ns_;
    backup["apiVersion"] = "ark.heptio.com/v1";
    backup["kind"] = "Backup";
    auto created = client_.Create(BackupsGvr(), ns_, backup);
    if (created.ok()) {
      log_.Info("Synced backup from object storage", {{"backup", Name(backup)}});
    } else if (created.status().code() != Code::kAlreadyExists) {
      log_.Error("Cannot sync backup", {{"backup", Name(backup)},
                                        {"error", created.status().ToString()}});
    }
  }
}

}  // namespace ark::controller
