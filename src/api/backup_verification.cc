#include "api/backup_verification.h"

#include <algorithm>

#include "api/object_io.h"

namespace ark::api {
namespace {

Status ReadProblems(const Json& obj, std::string_view where,
                    std::vector<VerificationProblem>* out) {
  auto it = obj.find("problems");
  if (it == obj.end() || it->is_null()) return Status::Ok();
  const std::string path = FieldPath(where, "problems");
  if (!it->is_array()) {
    return InvalidArgument(path + ": expected a list, got " + ValuePreview(*it));
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& p = (*it)[i];
    const std::string at = path + "[" + std::to_string(i) + "]";
    if (!p.is_object()) return InvalidArgument(at + ": expected an object, got " + ValuePreview(p));
    VerificationProblem problem;
    ARK_RETURN_IF_ERROR(ReadString(p, at, "where", &problem.where));
    ARK_RETURN_IF_ERROR(ReadString(p, at, "what", &problem.what));
    out->push_back(std::move(problem));
  }
  return Status::Ok();
}

void WriteProblems(Json& obj, const std::vector<VerificationProblem>& problems) {
  if (problems.empty() && (!obj.contains("problems") || obj["problems"].is_null())) return;
  Json list = Json::array();
  for (const auto& p : problems) list.push_back({{"where", p.where}, {"what", p.what}});
  obj["problems"] = std::move(list);
}

Status ReadClusterCheck(const Json& status, std::optional<ClusterCheck>* out) {
  const Json* c;
  ARK_RETURN_IF_ERROR(ReadObject(status, "status", "clusterCheck", &c));
  if (c->is_null()) return Status::Ok();
  ClusterCheck check;
  const char* at = "status.clusterCheck";
  ARK_RETURN_IF_ERROR(ReadInt(*c, at, "wouldCreate", &check.would_create));
  ARK_RETURN_IF_ERROR(ReadInt(*c, at, "wouldSkip", &check.would_skip));
  ARK_RETURN_IF_ERROR(ReadInt(*c, at, "wouldFail", &check.would_fail));
  ARK_RETURN_IF_ERROR(ReadStringList(*c, at, "failures", &check.failures));
  *out = std::move(check);
  return Status::Ok();
}

Json ClusterCheckJson(const ClusterCheck& c) {
  // Counts are always written: "wouldFail: 0" is the answer people look for.
  return {{"wouldCreate", c.would_create},
          {"wouldSkip", c.would_skip},
          {"wouldFail", c.would_fail},
          {"failures", c.failures}};
}

}  // namespace

Result<BackupVerification> BackupVerification::FromJson(const Json& j) {
  ARK_RETURN_IF_ERROR(CheckKind(j, "BackupVerification"));
  BackupVerification v;
  v.raw = j;
  auto read = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(v.metadata, ObjectMeta::FromJson(j.value("metadata", Json())));
    const Json *spec, *status;
    ARK_RETURN_IF_ERROR(ReadObject(j, "", "spec", &spec));
    ARK_RETURN_IF_ERROR(ReadString(*spec, "spec", "backupName", &v.backup_name));
    ARK_RETURN_IF_ERROR(ReadBool(*spec, "spec", "deep", &v.deep));
    ARK_RETURN_IF_ERROR(ReadBool(*spec, "spec", "againstCluster", &v.against_cluster));
    ARK_RETURN_IF_ERROR(ReadObject(j, "", "status", &status));
    ARK_RETURN_IF_ERROR(ReadString(*status, "status", "phase", &v.phase));
    ARK_RETURN_IF_ERROR(ReadString(*status, "status", "result", &v.result));
    ARK_RETURN_IF_ERROR(ReadBool(*status, "status", "hasManifest", &v.has_manifest));
    ARK_RETURN_IF_ERROR(ReadStringList(*status, "status", "checks", &v.checks));
    ARK_RETURN_IF_ERROR(ReadProblems(*status, "status", &v.problems));
    ARK_RETURN_IF_ERROR(ReadInt(*status, "status", "problemCount", &v.problem_count));
    ARK_RETURN_IF_ERROR(ReadInt(*status, "status", "entries", &v.entries));
    ARK_RETURN_IF_ERROR(ReadInt(*status, "status", "snapshotsChecked", &v.snapshots_checked));
    ARK_RETURN_IF_ERROR(ReadClusterCheck(*status, &v.cluster_check));
    ARK_RETURN_IF_ERROR(ReadString(*status, "status", "message", &v.message));
    ARK_RETURN_IF_ERROR(ReadTime(*status, "status", "startTimestamp", &v.start_timestamp));
    ARK_RETURN_IF_ERROR(
        ReadTime(*status, "status", "completionTimestamp", &v.completion_timestamp));
    return Status::Ok();
  };
  Status s = read();
  if (!s.ok()) return InObject(std::move(s), "BackupVerification", j);
  return v;
}

Json BackupVerification::ToJson() const {
  Json out = BaseObject(raw);
  SetTypeMeta(out, "BackupVerification");
  out["metadata"] = metadata.ToJson();
  Json spec = BaseObject(out.value("spec", Json()));
  WriteString(spec, "backupName", backup_name);
  WriteBool(spec, "deep", deep);
  WriteBool(spec, "againstCluster", against_cluster);
  WriteObject(out, "spec", std::move(spec));
  Json status = BaseObject(out.value("status", Json()));
  WriteString(status, "phase", phase);
  WriteString(status, "result", result);
  WriteStringList(status, "checks", checks);
  WriteProblems(status, problems);
  if (phase == verification_phase::kCompleted) {
    // A finished check states its counts, zeros included: "problemCount: 0" is the answer.
    status["hasManifest"] = has_manifest;
    status["problemCount"] = problem_count;
    status["entries"] = entries;
    status["snapshotsChecked"] = snapshots_checked;
  } else {
    WriteBool(status, "hasManifest", has_manifest);
    WriteInt(status, "problemCount", problem_count);
    WriteInt(status, "entries", entries);
    WriteInt(status, "snapshotsChecked", snapshots_checked);
  }
  if (cluster_check) status["clusterCheck"] = ClusterCheckJson(*cluster_check);
  WriteString(status, "message", message);
  WriteTime(status, "startTimestamp", start_timestamp);
  WriteTime(status, "completionTimestamp", completion_timestamp);
  WriteObject(out, "status", std::move(status));
  return out;
}

Result<std::optional<BackupVerificationSummary>> BackupVerificationSummary::FromBackupStatus(
    const Json& status) {
  if (!status.is_object()) return std::optional<BackupVerificationSummary>();
  const Json* v;
  ARK_RETURN_IF_ERROR(ReadObject(status, "status", "verification", &v));
  if (v->is_null()) return std::optional<BackupVerificationSummary>();
  BackupVerificationSummary s;
  s.raw = *v;
  const char* at = "status.verification";
  ARK_RETURN_IF_ERROR(ReadString(*v, at, "result", &s.result));
  ARK_RETURN_IF_ERROR(ReadTime(*v, at, "completionTimestamp", &s.completion_timestamp));
  ARK_RETURN_IF_ERROR(ReadInt(*v, at, "problemCount", &s.problem_count));
  ARK_RETURN_IF_ERROR(ReadProblems(*v, at, &s.problems));
  ARK_RETURN_IF_ERROR(ReadString(*v, at, "message", &s.message));
  return std::optional<BackupVerificationSummary>(std::move(s));
}

Json BackupVerificationSummary::ToJson() const {
  Json out = BaseObject(raw);
  WriteString(out, "result", result);
  WriteTime(out, "completionTimestamp", completion_timestamp);
  out["problemCount"] = problem_count;
  std::vector<VerificationProblem> first(
      problems.begin(), problems.begin() + std::min(problems.size(), kMaxRecordedProblems));
  WriteProblems(out, first);
  WriteString(out, "message", message);
  return out;
}

}  // namespace ark::api
