#include "backup/backup_request.h"

#include "api/backup.h"

namespace ark::backup {
namespace {

using nlohmann::json;

Status ReadStrings(const json& spec, const char* key, std::vector<std::string>* out) {
  auto it = spec.find(key);
  if (it == spec.end() || it->is_null()) return Status::Ok();
  if (!it->is_array()) {
    return InvalidArgument(std::string("spec.") + key + ": expected an array of strings");
  }
  for (const json& v : *it) {
    if (!v.is_string()) {
      return InvalidArgument(std::string("spec.") + key + ": expected an array of strings");
    }
    out->push_back(v.get<std::string>());
  }
  return Status::Ok();
}

Status ReadOptionalBool(const json& spec, const char* key, std::optional<bool>* out) {
  auto it = spec.find(key);
  if (it == spec.end() || it->is_null()) return Status::Ok();
  if (!it->is_boolean())
    return InvalidArgument(std::string("spec.") + key + ": expected a boolean");
  *out = it->get<bool>();
  return Status::Ok();
}

Status ReadString(const json& obj, const char* where, const char* key, std::string* out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return InvalidArgument(std::string(where) + key + ": expected a string");
  *out = it->get<std::string>();
  return Status::Ok();
}

// The exec hooks of `list`, as the resolver takes them (entries without `exec` are skipped).
void AppendExecHooks(const std::vector<api::BackupResourceHook>& list,
                     std::vector<ExecHookSpec>* out) {
  for (const api::BackupResourceHook& hook : list) {
    if (!hook.exec) continue;
    out->push_back(
        {hook.exec->container, hook.exec->command, hook.exec->on_error, hook.exec->timeout});
  }
}

// spec.hooks, read by the API types' reader; `pre` gets the v0.5 `hooks` list, then `pre`.
Status ReadHooks(const json& spec, std::vector<ResourceHookSpec>* out) {
  ARK_ASSIGN_OR_RETURN(api::BackupHooks hooks, api::BackupHooks::FromSpec(spec));
  for (const api::BackupResourceHookSpec& r : hooks.resources) {
    ResourceHookSpec s;
    s.name = r.name;
    s.included_namespaces = r.included_namespaces;
    s.excluded_namespaces = r.excluded_namespaces;
    s.included_resources = r.included_resources;
    s.excluded_resources = r.excluded_resources;
    if (r.label_selector) s.label_selector = r.label_selector->ToJson();
    AppendExecHooks(r.hooks, &s.pre);
    AppendExecHooks(r.pre, &s.pre);
    AppendExecHooks(r.post, &s.post);
    out->push_back(std::move(s));
  }
  return Status::Ok();
}

}  // namespace

Result<BackupRequest> ParseBackupRequest(const json& backup) {
  if (!backup.is_object()) return InvalidArgument("backup: expected a JSON object");
  BackupRequest req;
  static const json kEmpty = json::object();
  const json& metadata = backup.contains("metadata") ? backup["metadata"] : kEmpty;
  const json& spec = backup.contains("spec") && !backup["spec"].is_null() ? backup["spec"] : kEmpty;
  if (!metadata.is_object()) return InvalidArgument("metadata: expected an object");
  if (!spec.is_object()) return InvalidArgument("spec: expected an object");
  ARK_RETURN_IF_ERROR(ReadString(metadata, "metadata.", "name", &req.name));
  ARK_RETURN_IF_ERROR(ReadString(metadata, "metadata.", "namespace", &req.namespace_));
  ARK_RETURN_IF_ERROR(ReadStrings(spec, "includedNamespaces", &req.included_namespaces));
  ARK_RETURN_IF_ERROR(ReadStrings(spec, "excludedNamespaces", &req.excluded_namespaces));
  ARK_RETURN_IF_ERROR(ReadStrings(spec, "includedResources", &req.included_resources));
  ARK_RETURN_IF_ERROR(ReadStrings(spec, "excludedResources", &req.excluded_resources));
  ARK_RETURN_IF_ERROR(ReadOptionalBool(spec, "snapshotVolumes", &req.snapshot_volumes));
  ARK_RETURN_IF_ERROR(
      ReadOptionalBool(spec, "includeClusterResources", &req.include_cluster_resources));
  auto sel = spec.find("labelSelector");
  if (sel != spec.end() && !sel->is_null()) {
    if (!sel->is_object()) return InvalidArgument("spec.labelSelector: expected an object");
    req.label_selector = *sel;
  }
  ARK_RETURN_IF_ERROR(ReadHooks(spec, &req.hooks));
  return req;
}

}  // namespace ark::backup
