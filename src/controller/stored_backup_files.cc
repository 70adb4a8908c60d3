#include "controller/stored_backup_files.h"

#include "api/group.h"
#include "api/resources.h"
#include "util/json_access.h"

namespace ark::controller {

using nlohmann::json;

namespace {

bool Finished(const std::string& phase) {
  return phase == "Completed" || phase == "PartiallyFailed";
}

std::string Annotation(const json& object, std::string_view key) {
  const json& annotations = Obj(Obj(object, "metadata"), "annotations");
  return Str(annotations, std::string(key).c_str());
}

StoredFilesVerdict Other(std::string reason) {
  return {StoredFilesOwner::kOtherBackup, std::move(reason)};
}

}  // namespace

StoredFilesVerdict JudgeStoredFiles(const json& backup, const json* stored) {
  if (stored == nullptr) return {StoredFilesOwner::kNoBackup, ""};
  if (backup == *stored) return {StoredFilesOwner::kThisBackup, ""};
  const std::string phase = api::Phase(backup);
  if (phase == "FailedValidation") {
    return Other("this backup failed validation and never wrote to object storage");
  }
  const std::string stored_uid = Str(Obj(*stored, "metadata"), "uid");
  const std::string synced_from = Annotation(backup, api::kStoredUidAnnotation);
  if (!stored_uid.empty()) {
    const std::string uid = Str(Obj(backup, "metadata"), "uid");
    if (stored_uid == uid || stored_uid == synced_from) return {StoredFilesOwner::kThisBackup, ""};
    if (!synced_from.empty()) {
      return Other("this backup was synced from a backup with uid " + synced_from +
                   "; the store now holds the one with uid " + stored_uid);
    }
  }
  const std::string start = Str(Obj(backup, "status"), "startTimestamp");
  const std::string stored_start = Str(Obj(*stored, "status"), "startTimestamp");
  auto when = [](const std::string& t) {
    return t.empty() ? std::string("at an unknown time") : t;
  };
  const std::string another = "the store holds another backup of the same name (started " +
                              when(stored_start) + ", this one " + when(start) + ")";
  if (!Finished(phase)) {
    const std::string what = phase.empty() || phase == "New" ? "was never run" : "ended " + phase;
    return Other("this backup " + what + " without storing anything; " + another);
  }
  if (start != stored_start) return Other(another);
  return {StoredFilesOwner::kThisBackup, ""};
}

Result<StoredFilesVerdict> DeleteStoredFilesOf(persistence::BackupStore& store,
                                               const json& backup) {
  const std::string name = api::Name(backup);
  Result<json> stored = store.GetBackup(name);
  StoredFilesVerdict verdict;
  if (stored.ok()) {
    verdict = JudgeStoredFiles(backup, &*stored);
  } else if (stored.status().code() == Code::kNotFound) {
    verdict = JudgeStoredFiles(backup, nullptr);
  } else if (stored.status().code() == Code::kDataLoss) {
    return Other("its metadata in object storage cannot be read (" + stored.status().message() +
                 "), so whose files they are cannot be told");
  } else {
    return std::move(stored).status();
  }
  if (verdict.owner == StoredFilesOwner::kOtherBackup) return verdict;
  ARK_RETURN_IF_ERROR(store.DeleteBackup(name));
  return verdict;
}

}  // namespace ark::controller
