#include "controller/gc_controller.h"

#include <set>

#include "api/resources.h"
#include "controller/schedule_decisions.h"

namespace ark::controller {

using nlohmann::json;

void GcController::Run() {
  std::set<std::string> done;
  auto stored = store_.ListBackups();
  if (!stored.ok()) {
    log_.Error("Cannot list backups in object storage", {{"error", stored.status().ToString()}});
  } else {
    for (const auto& b : *stored) {
      if (!BackupExpired(b, clock_.Now())) continue;
      log_.Info("Backup has expired", {{"backup", api::Name(b)}});
      auto deleted = deleter_.Delete(ns_, b);
      if (!deleted.ok()) {
        log_.Error("Cannot delete expired backup",
                   {{"backup", api::Name(b)}, {"error", deleted.status().ToString()}});
      }
      done.insert(api::Name(b));
    }
  }
  for (const auto& b : backups_.List()) {
    if (done.count(api::Name(b)) || !BackupExpired(b, clock_.Now())) continue;
    log_.Info("Backup has expired", {{"backup", api::Name(b)}});
    auto deleted = deleter_.Delete(ns_, b);
    if (!deleted.ok()) {
      log_.Error("Cannot delete expired backup",
                 {{"backup", api::Name(b)}, {"error", deleted.status().ToString()}});
    }
  }
}

}  // namespace ark::controller
