#include "controller/download_request_controller.h"

#include "api/limits.h"
#include "api/names.h"
#include "api/resources.h"
#include "api/validation.h"
#include "controller/ark_objects.h"
#include "util/json_access.h"
#include "util/time_format.h"

namespace ark::controller {

using nlohmann::json;
using persistence::DownloadKind;

Status DownloadRequestController::Sync(const std::string& key) {
  auto object = requests_.Get(key);
  if (!object) return Status::Ok();
  const std::string ns = api::Namespace(*object);
  const std::string name = api::Name(*object);
  auto request = api::DownloadRequest::FromJson(*object);
  if (!request.ok()) {
    // Answered all the same, so the CLI waiting on it hears why rather than timing out.
    api::DownloadRequest unreadable;
    unreadable.metadata = api::NewObjectMeta(name, ns);
    return Answer(key, std::move(unreadable), request.status());
  }
  if (request->phase == "Processed") {
    if (!request->expiration || *request->expiration <= clock_.Now()) {
      Status st = client_.Delete(api::DownloadRequestsGvr(), ns, name);
      if (!st.ok() && st.code() != Code::kNotFound) return st;
      log_.Info("Deleted expired download request", {{"downloadRequest", key}});
    }
    return Status::Ok();
  }
  if (!request->phase.empty() && request->phase != "New") return Status::Ok();
  if (auto problems = api::ValidateDownloadRequest(*request); !problems.empty()) {
    std::string all;
    for (const std::string& p : problems) all += (all.empty() ? "" : "; ") + p;
    return Answer(key, *request, InvalidArgument(all));
  }
  return Answer(key, *request, SignedUrlFor(ns, *request));
}

Result<std::string> DownloadRequestController::SignedUrlFor(const std::string& ns,
                                                            const api::DownloadRequest& request) {
  const std::string& kind = request.target_kind;
  const std::string& target = request.target_name;
  if (kind == api::download_target::kBackupContents || kind == api::download_target::kBackupLog) {
    return store_.SignedUrl(kind == api::download_target::kBackupLog
                                ? DownloadKind::kBackupLog
                                : DownloadKind::kBackupContents,
                            target, "", ttl_);
  }
  if (kind == api::download_target::kRestoreLog || kind == api::download_target::kRestoreResults) {
    std::string backup;
    auto restore = client_.Get(api::RestoresGvr(), ns, target);
    if (restore.ok()) {
      backup = Str(Obj(*restore, "spec"), "backupName");
    } else if (auto dash = target.rfind('-'); dash != std::string::npos) {
      backup = target.substr(0, dash);  // Ark v0.5: <backup>-<timestamp>
    }
    // The restore's spec.backupName is whatever its author wrote: it names a folder of the
    // bucket only when it is a valid name.
    if (std::string why = api::CheckObjectName(backup, api::kMaxNameLength);
        !backup.empty() && !why.empty()) {
      return InvalidArgument("restore \"" + target + "\" names backup " + why);
    }
    return store_.SignedUrl(kind == api::download_target::kRestoreLog
                                ? DownloadKind::kRestoreLog
                                : DownloadKind::kRestoreResults,
                            target, backup, ttl_);
  }
  return InvalidArgument("unknown target kind \"" + kind +
                         "\" (known: BackupContents, BackupLog, RestoreLog, RestoreResults)");
}

Status DownloadRequestController::Answer(const std::string& key, api::DownloadRequest request,
                                         const Result<std::string>& url) {
  request.phase = "Processed";
  request.expiration = clock_.Now() + ttl_;
  if (url.ok()) {
    request.download_url = *url;
  } else {
    request.error = url.status().ToString();
    log_.Warn("Cannot answer download request",
              {{"downloadRequest", key}, {"error", request.error}});
  }
  const json status = request.ToJson()["status"];
  return UpdateWithRetry(client_, api::DownloadRequestsGvr(), request.metadata.ns,
                         request.metadata.name, [&](json& r) { MergeStatus(r, status); })
      .status();
}

}  // namespace ark::controller
