#include "api/download_request.h"

#include "api/object_io.h"

namespace ark::api {
namespace {

Status ReadSection(const Json& j, const char* key, const Json** out) {
  return ReadObject(j, "", key, out);
}

}  // namespace

Result<DownloadRequest> DownloadRequest::FromJson(const Json& j) {
  ARK_RETURN_IF_ERROR(CheckKind(j, "DownloadRequest"));
  DownloadRequest d;
  d.raw = j;
  auto read = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(d.metadata, ObjectMeta::FromJson(j.value("metadata", Json())));
    const Json *spec, *target, *status;
    ARK_RETURN_IF_ERROR(ReadSection(j, "spec", &spec));
    ARK_RETURN_IF_ERROR(ReadObject(*spec, "spec", "target", &target));
    ARK_RETURN_IF_ERROR(ReadString(*target, "spec.target", "kind", &d.target_kind));
    ARK_RETURN_IF_ERROR(ReadString(*target, "spec.target", "name", &d.target_name));
    ARK_RETURN_IF_ERROR(ReadSection(j, "status", &status));
    ARK_RETURN_IF_ERROR(ReadString(*status, "status", "phase", &d.phase));
    ARK_RETURN_IF_ERROR(ReadString(*status, "status", "downloadURL", &d.download_url));
    ARK_RETURN_IF_ERROR(ReadTime(*status, "status", "expiration", &d.expiration));
    ARK_RETURN_IF_ERROR(ReadString(*status, "status", "error", &d.error));
    return Status::Ok();
  };
  Status s = read();
  if (!s.ok()) return InObject(std::move(s), "DownloadRequest", j);
  return d;
}

Json DownloadRequest::ToJson() const {
  Json out = BaseObject(raw);
  SetTypeMeta(out, "DownloadRequest");
  out["metadata"] = metadata.ToJson();
  Json spec = BaseObject(out.value("spec", Json()));
  Json target = BaseObject(spec.value("target", Json()));
  WriteString(target, "kind", target_kind);
  WriteString(target, "name", target_name);
  spec["target"] = std::move(target);
  WriteObject(out, "spec", std::move(spec));
  Json status = BaseObject(out.value("status", Json()));
  WriteString(status, "phase", phase);
  WriteString(status, "downloadURL", download_url);
  WriteTime(status, "expiration", expiration);
  WriteString(status, "error", error);
  WriteObject(out, "status", std::move(status));
  return out;
}

Result<DeleteBackupRequest> DeleteBackupRequest::FromJson(const Json& j) {
  ARK_RETURN_IF_ERROR(CheckKind(j, "DeleteBackupRequest"));
  DeleteBackupRequest d;
  d.raw = j;
  auto read = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(d.metadata, ObjectMeta::FromJson(j.value("metadata", Json())));
    const Json *spec, *status;
    ARK_RETURN_IF_ERROR(ReadSection(j, "spec", &spec));
    ARK_RETURN_IF_ERROR(ReadString(*spec, "spec", "backupName", &d.backup_name));
    ARK_RETURN_IF_ERROR(ReadSection(j, "status", &status));
    ARK_RETURN_IF_ERROR(ReadString(*status, "status", "phase", &d.phase));
    ARK_RETURN_IF_ERROR(ReadStringList(*status, "status", "errors", &d.errors));
    ARK_RETURN_IF_ERROR(ReadString(*status, "status", "message", &d.message));
    return Status::Ok();
  };
  Status s = read();
  if (!s.ok()) return InObject(std::move(s), "DeleteBackupRequest", j);
  return d;
}

Json DeleteBackupRequest::ToJson() const {
  Json out = BaseObject(raw);
  SetTypeMeta(out, "DeleteBackupRequest");
  out["metadata"] = metadata.ToJson();
  Json spec = BaseObject(out.value("spec", Json()));
  WriteString(spec, "backupName", backup_name);
  WriteObject(out, "spec", std::move(spec));
  Json status = BaseObject(out.value("status", Json()));
  WriteString(status, "phase", phase);
  WriteStringList(status, "errors", errors);
  WriteString(status, "message", message);
  WriteObject(out, "status", std::move(status));
  return out;
}

}  // namespace ark::api
