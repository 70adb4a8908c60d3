#include "backup/backup_request.h"

#include "util/duration.h"

namespace ark::backup {
namespace {

using nlohmann::json;

Status ReadStrings(const json& spec, const char* key, std::vector<std::string>* out,
                   const std::string& where = "spec.") {
  auto it = spec.find(key);
  if (it == spec.end() || it->is_null()) return Status::Ok();
  if (!it->is_array()) {
    return InvalidArgument(where + key + ": expected an array of strings");
  }
  for (const json& v : *it) {
    if (!v.is_string()) {
      return InvalidArgument(where + key + ": expected an array of strings");
    }
    out->push_back(v.get<std::string>());
  }
  return Status::Ok();
}

Status ReadOptionalBool(const json& spec, const char* key, std::optional<bool>* out) {
  auto it = spec.find(key);
  if (it == spec.end() || it->is_null()) return Status::Ok();
  if (!it->is_boolean()) return InvalidArgument(std::string("spec.") + key + ": expected a boolean");
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

// A hook list (`hooks`, `pre` or `post`) of a hooks.resources[] entry, appended to `out`.
Status ReadHookList(const json& entry, const std::string& where, const char* key,
                    std::vector<ExecHookSpec>* out) {
  auto it = entry.find(key);
  if (it == entry.end() || it->is_null()) return Status::Ok();
  const std::string path = where + key;
  if (!it->is_array()) return InvalidArgument(path + ": expected a list");
  for (size_t i = 0; i < it->size(); ++i) {
    const json& h = (*it)[i];
    const std::string at = path + "[" + std::to_string(i) + "]";
    if (!h.is_object()) return InvalidArgument(at + ": expected an object");
    auto exec = h.find("exec");
    if (exec == h.end() || exec->is_null()) continue;
    if (!exec->is_object()) return InvalidArgument(at + ".exec: expected an object");
    const std::string ep = at + ".exec.";
    ExecHookSpec spec;
    ARK_RETURN_IF_ERROR(ReadString(*exec, ep.c_str(), "container", &spec.container));
    ARK_RETURN_IF_ERROR(ReadStrings(*exec, "command", &spec.command, ep));
    ARK_RETURN_IF_ERROR(ReadString(*exec, ep.c_str(), "onError", &spec.on_error));
    std::string timeout;
    ARK_RETURN_IF_ERROR(ReadString(*exec, ep.c_str(), "timeout", &timeout));
    if (!timeout.empty()) {
      auto d = ParseDuration(timeout);
      if (!d.ok()) return InvalidArgument(ep + "timeout: " + d.status().message());
      spec.timeout = *d;
    }
    out->push_back(std::move(spec));
  }
  return Status::Ok();
}

Status ReadHooks(const json& spec, std::vector<ResourceHookSpec>* out) {
  auto hooks = spec.find("hooks");
  if (hooks == spec.end() || hooks->is_null()) return Status::Ok();
  if (!hooks->is_object()) return InvalidArgument("spec.hooks: expected an object");
  auto resources = hooks->find("resources");
  if (resources == hooks->end() || resources->is_null()) return Status::Ok();
  if (!resources->is_array()) return InvalidArgument("spec.hooks.resources: expected a list");
  for (size_t i = 0; i < resources->size(); ++i) {
    const json& r = (*resources)[i];
    const std::string at = "spec.hooks.resources[" + std::to_string(i) + "].";
    if (!r.is_object()) return InvalidArgument(at + ": expected an object");
    ResourceHookSpec s;
    ARK_RETURN_IF_ERROR(ReadString(r, at.c_str(), "name", &s.name));
    ARK_RETURN_IF_ERROR(ReadStrings(r, "includedNamespaces", &s.included_namespaces, at));
    ARK_RETURN_IF_ERROR(ReadStrings(r, "excludedNamespaces", &s.excluded_namespaces, at));
    ARK_RETURN_IF_ERROR(ReadStrings(r, "includedResources", &s.included_resources, at));
    ARK_RETURN_IF_ERROR(ReadStrings(r, "excludedResources", &s.excluded_resources, at));
    auto sel = r.find("labelSelector");
    if (sel != r.end() && !sel->is_null()) {
      if (!sel->is_object()) return InvalidArgument(at + "labelSelector: expected an object");
      s.label_selector = *sel;
    }
    ARK_RETURN_IF_ERROR(ReadHookList(r, at, "hooks", &s.pre));
    ARK_RETURN_IF_ERROR(ReadHookList(r, at, "pre", &s.pre));
    ARK_RETURN_IF_ERROR(ReadHookList(r, at, "post", &s.post));
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
