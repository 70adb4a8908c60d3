#include "controller/download_request_controller.h"

#include "api/resources.h"
#include "controller/ark_objects.h"
#include "util/json_access.h"
#include "util/time_format.h"

namespace ark::controller {

using nlohmann::json;
using persistence::DownloadKind;

Status DownloadRequestController::Sync(const std::string& key) {
  auto request = requests_.Get(key);
  if (!request) return Status::Ok();
  const std::string ns = api::Namespace(*request);
  const std::string name = api::Name(*request);
  const std::string phase = api::Phase(*request);

  if (phase == "Processed") {
    std::string exp = Str(Obj(*request, "status"), "expiration");
    auto t = ParseRfc3339(exp);
    if (!t.ok() || *t <= clock_.Now()) {
      Status st = client_.Delete(api::DownloadRequestsGvr(), ns, name);
      if (!st.ok() && st.code() != Code::kNotFound) return st;
      log_.Info("Deleted expired download request", {{"downloadRequest", key}});
    }
    return Status::Ok();
  }
  if (!phase.empty() && phase != "New") return Status::Ok();

  const json target = Obj(Obj(*request, "spec"), "target");
  const std::string kind = Str(target, "kind");
  const std::string target_name = Str(target, "name");
  json status = {{"phase", "Processed"},
                 {"expiration", FormatRfc3339(clock_.Now() + ttl_)},
                 {"downloadURL", ""}};
  Result<std::string> url = InvalidArgument("unknown target kind \"" + kind +
                                            "\" (known: BackupContents, BackupLog, RestoreLog, "
                                            "RestoreResults)");
  if (kind == "BackupContents" || kind == "BackupLog") {
    url = store_.SignedUrl(
        kind == "BackupLog" ? DownloadKind::kBackupLog : DownloadKind::kBackupContents, target_name,
        "", ttl_);
  } else if (kind == "RestoreLog" || kind == "RestoreResults") {
    std::string backup;
    auto restore = client_.Get(api::RestoresGvr(), ns, target_name);
    if (restore.ok()) {
      backup = Str(Obj(*restore, "spec"), "backupName");
    } else if (auto dash = target_name.rfind('-'); dash != std::string::npos) {
      backup = target_name.substr(0, dash);  // Ark v0.5: <backup>-<timestamp>
    }
    url = store_.SignedUrl(
        kind == "RestoreLog" ? DownloadKind::kRestoreLog : DownloadKind::kRestoreResults,
        target_name, backup, ttl_);
  }
  if (url.ok()) {
    status["downloadURL"] = *url;
  } else {
    status["error"] = url.status().ToString();
    log_.Warn("Cannot answer download request",
              {{"downloadRequest", key}, {"error", url.status().ToString()}});
  }
  return UpdateWithRetry(client_, api::DownloadRequestsGvr(), ns, name,
                         [&](json& r) {
                           if (!r["status"].is_object()) r["status"] = json::object();
                           r["status"].update(status);
                         })
      .status();
}

}  // namespace ark::controller
