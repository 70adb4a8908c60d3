#include "controller/delete_backup_request_controller.h"

#include "api/download_request.h"
#include "api/resources.h"
#include "controller/ark_objects.h"
#include "util/json_access.h"

namespace ark::controller {

using nlohmann::json;

Status DeleteBackupRequestController::Sync(const std::string& key) {
  auto request = requests_.Get(key);
  if (!request) return Status::Ok();
  const std::string phase = api::Phase(*request);
  if (!phase.empty() && phase != "New") return Status::Ok();
  const std::string ns = api::Namespace(*request);
  const std::string name = api::Name(*request);
  const std::string backup_name = Str(Obj(*request, "spec"), "backupName");

  std::vector<std::string> errors;
  json backup;
  auto cr = client_.Get(api::BackupsGvr(), ns, backup_name);
  if (cr.ok()) {
    backup = std::move(*cr);
  } else if (cr.status().code() == Code::kNotFound) {
    auto stored = store_.GetBackup(backup_name);
    if (stored.ok()) {
      backup = std::move(*stored);
    } else if (stored.status().code() == Code::kNotFound) {
      errors.push_back("backup \"" + backup_name + "\" not found");
    } else {
      return stored.status();
    }
  } else {
    return cr.status();
  }
  if (errors.empty() && api::Phase(backup) == "InProgress") {
    errors.push_back("backup \"" + backup_name + "\" is in progress and cannot be deleted");
  }
  std::string message;
  if (errors.empty()) {
    auto deleted = deleter_.Delete(ns, backup);
    if (!deleted.ok()) {
      errors.push_back(deleted.status().ToString());
    } else {
      message = deleted->stored_files_kept_because;
    }
  }
  api::DeleteBackupRequest processed;
  // "errors" is written even when empty ([]), as it always was: present in `raw`, ToJson keeps it.
  processed.raw = {{"status", {{"errors", json::array()}}}};
  processed.phase = "Processed";
  processed.errors = std::move(errors);
  processed.message = std::move(message);
  const json status = processed.ToJson()["status"];
  return UpdateWithRetry(client_, api::DeleteBackupRequestsGvr(), ns, name,
                         [&](json& r) { MergeStatus(r, status); })
      .status();
}

}  // namespace ark::controller
