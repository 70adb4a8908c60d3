#include "api/backup.h"

#include "api/object_io.h"

namespace ark::api {
namespace {

std::string At(std::string_view path, size_t i) {
  return std::string(path) + "[" + std::to_string(i) + "]";
}

Status ReadSelector(const Json& obj, std::string_view where, std::optional<LabelSelector>* out) {
  auto it = obj.find("labelSelector");
  if (it == obj.end() || it->is_null()) return Status::Ok();
  ARK_ASSIGN_OR_RETURN(*out, LabelSelector::FromJson(*it, FieldPath(where, "labelSelector")));
  return Status::Ok();
}

void WriteSelector(Json& out, const std::optional<LabelSelector>& s) {
  if (s.has_value()) {
    out["labelSelector"] = s->ToJson();
  } else if (out.contains("labelSelector")) {
    out["labelSelector"] = nullptr;
  }
}

Result<std::vector<BackupResourceHook>> ReadHookList(const Json& obj, std::string_view where,
                                                     const char* key) {
  std::vector<BackupResourceHook> hooks;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return hooks;
  std::string path = FieldPath(where, key);
  if (!it->is_array()) return InvalidArgument(path + ": expected a list, got " + it->type_name());
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& h = (*it)[i];
    std::string at = At(path, i);
    if (!h.is_object()) return InvalidArgument(at + ": expected an object, got " + h.type_name());
    BackupResourceHook hook;
    hook.raw = h;
    const Json* exec;
    ARK_RETURN_IF_ERROR(ReadObject(h, at, "exec", &exec));
    if (!exec->is_null()) {
      ExecHook e;
      e.raw = *exec;
      std::string ep = FieldPath(at, "exec");
      ARK_RETURN_IF_ERROR(ReadString(*exec, ep, "container", &e.container));
      ARK_RETURN_IF_ERROR(ReadStringList(*exec, ep, "command", &e.command));
      ARK_RETURN_IF_ERROR(ReadString(*exec, ep, "onError", &e.on_error));
      ARK_RETURN_IF_ERROR(ReadDuration(*exec, ep, "timeout", &e.timeout));
      hook.exec = std::move(e);
    }
    hooks.push_back(std::move(hook));
  }
  return hooks;
}

Json HookListToJson(const std::vector<BackupResourceHook>& hooks) {
  Json list = Json::array();
  for (const BackupResourceHook& h : hooks) {
    Json out = BaseObject(h.raw);
    if (h.exec.has_value()) {
      const ExecHook& e = *h.exec;
      Json exec = BaseObject(e.raw);
      WriteString(exec, "container", e.container);
      WriteStringList(exec, "command", e.command);
      WriteString(exec, "onError", e.on_error);
      WriteDuration(exec, "timeout", e.timeout);
      out["exec"] = std::move(exec);
    } else if (out.contains("exec")) {
      out["exec"] = nullptr;
    }
    list.push_back(std::move(out));
  }
  return list;
}

void WriteHookList(Json& out, const char* key, const std::vector<BackupResourceHook>& hooks) {
  if (hooks.empty()) {
    auto it = out.find(key);
    if (it != out.end() && it->is_array() && !it->empty()) *it = Json::array();
    return;
  }
  out[key] = HookListToJson(hooks);
}

Result<BackupHooks> ReadHooks(const Json& spec, std::string_view where) {
  BackupHooks hooks;
  const Json* j;
  ARK_RETURN_IF_ERROR(ReadObject(spec, where, "hooks", &j));
  if (j->is_null()) return hooks;
  hooks.raw = *j;
  std::string hp = FieldPath(where, "hooks");
  auto it = j->find("resources");
  if (it == j->end() || it->is_null()) return hooks;
  std::string rp = FieldPath(hp, "resources");
  if (!it->is_array()) return InvalidArgument(rp + ": expected a list, got " + it->type_name());
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& r = (*it)[i];
    std::string at = At(rp, i);
    if (!r.is_object()) return InvalidArgument(at + ": expected an object, got " + r.type_name());
    BackupResourceHookSpec s;
    s.raw = r;
    ARK_RETURN_IF_ERROR(ReadString(r, at, "name", &s.name));
    ARK_RETURN_IF_ERROR(ReadStringList(r, at, "includedNamespaces", &s.included_namespaces));
    ARK_RETURN_IF_ERROR(ReadStringList(r, at, "excludedNamespaces", &s.excluded_namespaces));
    ARK_RETURN_IF_ERROR(ReadStringList(r, at, "includedResources", &s.included_resources));
    ARK_RETURN_IF_ERROR(ReadStringList(r, at, "excludedResources", &s.excluded_resources));
    ARK_RETURN_IF_ERROR(ReadSelector(r, at, &s.label_selector));
    ARK_ASSIGN_OR_RETURN(s.hooks, ReadHookList(r, at, "hooks"));
    ARK_ASSIGN_OR_RETURN(s.pre, ReadHookList(r, at, "pre"));
    ARK_ASSIGN_OR_RETURN(s.post, ReadHookList(r, at, "post"));
    hooks.resources.push_back(std::move(s));
  }
  return hooks;
}

Json HooksToJson(const BackupHooks& hooks) {
  Json out = BaseObject(hooks.raw);
  if (hooks.resources.empty()) {
    auto it = out.find("resources");
    if (it != out.end() && it->is_array() && !it->empty()) *it = Json::array();
    return out;
  }
  Json list = Json::array();
  for (const BackupResourceHookSpec& s : hooks.resources) {
    Json r = BaseObject(s.raw);
    WriteString(r, "name", s.name);
    WriteStringList(r, "includedNamespaces", s.included_namespaces);
    WriteStringList(r, "excludedNamespaces", s.excluded_namespaces);
    WriteStringList(r, "includedResources", s.included_resources);
    WriteStringList(r, "excludedResources", s.excluded_resources);
    WriteSelector(r, s.label_selector);
    WriteHookList(r, "hooks", s.hooks);
    WriteHookList(r, "pre", s.pre);
    WriteHookList(r, "post", s.post);
    list.push_back(std::move(r));
  }
  out["resources"] = std::move(list);
  return out;
}

}  // namespace

Result<BackupSpec> BackupSpec::FromJson(const Json& j, std::string_view where) {
  BackupSpec s;
  if (j.is_null()) return s;
  if (!j.is_object())
    return InvalidArgument(std::string(where) + ": expected an object, got " + j.type_name());
  s.raw = j;
  ARK_RETURN_IF_ERROR(ReadStringList(j, where, "includedNamespaces", &s.included_namespaces));
  ARK_RETURN_IF_ERROR(ReadStringList(j, where, "excludedNamespaces", &s.excluded_namespaces));
  ARK_RETURN_IF_ERROR(ReadStringList(j, where, "includedResources", &s.included_resources));
  ARK_RETURN_IF_ERROR(ReadStringList(j, where, "excludedResources", &s.excluded_resources));
  ARK_RETURN_IF_ERROR(ReadSelector(j, where, &s.label_selector));
  ARK_RETURN_IF_ERROR(ReadOptionalBool(j, where, "snapshotVolumes", &s.snapshot_volumes));
  ARK_RETURN_IF_ERROR(ReadDuration(j, where, "ttl", &s.ttl));
  ARK_RETURN_IF_ERROR(
      ReadOptionalBool(j, where, "includeClusterResources", &s.include_cluster_resources));
  ARK_ASSIGN_OR_RETURN(s.hooks, ReadHooks(j, where));
  ARK_RETURN_IF_ERROR(ReadOptionalBool(j, where, "verify", &s.verify));
  ARK_RETURN_IF_ERROR(ReadString(j, where, "storageLocation", &s.storage_location));
  return s;
}

Result<BackupHooks> BackupHooks::FromSpec(const Json& spec, std::string_view where) {
  return ReadHooks(spec, where);
}

Json BackupSpec::ToJson() const {
  Json out = BaseObject(raw);
  WriteStringList(out, "includedNamespaces", included_namespaces);
  WriteStringList(out, "excludedNamespaces", excluded_namespaces);
  WriteStringList(out, "includedResources", included_resources);
  WriteStringList(out, "excludedResources", excluded_resources);
  WriteSelector(out, label_selector);
  WriteOptionalBool(out, "snapshotVolumes", snapshot_volumes);
  WriteDuration(out, "ttl", ttl);
  WriteOptionalBool(out, "includeClusterResources", include_cluster_resources);
  WriteObject(out, "hooks", HooksToJson(hooks));
  WriteOptionalBool(out, "verify", verify);
  WriteString(out, "storageLocation", storage_location);
  return out;
}

Result<BackupStatus> BackupStatus::FromJson(const Json& j, std::string_view where) {
  BackupStatus s;
  if (j.is_null()) return s;
  if (!j.is_object())
    return InvalidArgument(std::string(where) + ": expected an object, got " + j.type_name());
  s.raw = j;
  ARK_RETURN_IF_ERROR(ReadInt(j, where, "version", &s.version));
  ARK_RETURN_IF_ERROR(ReadTime(j, where, "expiration", &s.expiration));
  ARK_RETURN_IF_ERROR(ReadString(j, where, "phase", &s.phase));
  const Json* vb;
  ARK_RETURN_IF_ERROR(ReadObject(j, where, "volumeBackups", &vb));
  if (!vb->is_null()) {
    std::string vp = FieldPath(where, "volumeBackups");
    for (auto it = vb->begin(); it != vb->end(); ++it) {
      std::string at = FieldPath(vp, it.key());
      if (!it.value().is_object()) {
        return InvalidArgument(at + ": expected an object, got " + it.value().type_name());
      }
      VolumeBackupInfo v;
      v.raw = it.value();
      ARK_RETURN_IF_ERROR(ReadString(v.raw, at, "snapshotID", &v.snapshot_id));
      ARK_RETURN_IF_ERROR(ReadString(v.raw, at, "type", &v.type));
      ARK_RETURN_IF_ERROR(ReadString(v.raw, at, "availabilityZone", &v.availability_zone));
      ARK_RETURN_IF_ERROR(ReadOptionalInt(v.raw, at, "iops", &v.iops));
      s.volume_backups[it.key()] = std::move(v);
    }
  }
  ARK_RETURN_IF_ERROR(ReadStringList(j, where, "validationErrors", &s.validation_errors));
  ARK_RETURN_IF_ERROR(ReadTime(j, where, "startTimestamp", &s.start_timestamp));
  ARK_RETURN_IF_ERROR(ReadTime(j, where, "completionTimestamp", &s.completion_timestamp));
  ARK_RETURN_IF_ERROR(ReadInt(j, where, "errors", &s.errors));
  ARK_RETURN_IF_ERROR(ReadInt(j, where, "warnings", &s.warnings));
  const Json* progress;
  ARK_RETURN_IF_ERROR(ReadObject(j, where, "progress", &progress));
  if (!progress->is_null()) {
    BackupProgress p;
    p.raw = *progress;
    std::string pp = FieldPath(where, "progress");
    ARK_RETURN_IF_ERROR(ReadInt(*progress, pp, "totalItems", &p.total_items));
    ARK_RETURN_IF_ERROR(ReadInt(*progress, pp, "itemsBackedUp", &p.items_backed_up));
    s.progress = std::move(p);
  }
  ARK_RETURN_IF_ERROR(ReadString(j, where, "failureReason", &s.failure_reason));
  const Json* encryption;
  ARK_RETURN_IF_ERROR(ReadObject(j, where, "encryption", &encryption));
  if (!encryption->is_null()) {
    BackupEncryption e;
    e.raw = *encryption;
    std::string ep = FieldPath(where, "encryption");
    ARK_RETURN_IF_ERROR(ReadString(*encryption, ep, "algorithm", &e.algorithm));
    ARK_RETURN_IF_ERROR(ReadString(*encryption, ep, "keyID", &e.key_id));
    s.encryption = std::move(e);
  }
  return s;
}

Json BackupStatus::ToJson() const {
  Json out = BaseObject(raw);
  WriteInt(out, "version", version);
  WriteTime(out, "expiration", expiration);
  WriteString(out, "phase", phase);
  if (!volume_backups.empty()) {
    Json vb = Json::object();
    for (const auto& [pv, v] : volume_backups) {
      Json e = BaseObject(v.raw);
      WriteString(e, "snapshotID", v.snapshot_id);
      WriteString(e, "type", v.type);
      WriteString(e, "availabilityZone", v.availability_zone);
      WriteOptionalInt(e, "iops", v.iops);
      vb[pv] = std::move(e);
    }
    out["volumeBackups"] = std::move(vb);
  } else if (out.contains("volumeBackups") && out["volumeBackups"].is_object()) {
    out["volumeBackups"] = Json::object();
  }
  WriteStringList(out, "validationErrors", validation_errors);
  WriteTime(out, "startTimestamp", start_timestamp);
  WriteTime(out, "completionTimestamp", completion_timestamp);
  WriteInt(out, "errors", errors);
  WriteInt(out, "warnings", warnings);
  if (progress.has_value()) {
    Json p = BaseObject(progress->raw);
    WriteInt(p, "totalItems", progress->total_items);
    WriteInt(p, "itemsBackedUp", progress->items_backed_up);
    out["progress"] = std::move(p);
  } else if (out.contains("progress")) {
    out["progress"] = nullptr;
  }
  WriteString(out, "failureReason", failure_reason);
  if (encryption.has_value()) {
    Json e = BaseObject(encryption->raw);
    WriteString(e, "algorithm", encryption->algorithm);
    WriteString(e, "keyID", encryption->key_id);
    out["encryption"] = std::move(e);
  } else if (out.contains("encryption")) {
    out["encryption"] = nullptr;
  }
  return out;
}

Result<Backup> Backup::FromJson(const Json& j) {
  ARK_RETURN_IF_ERROR(CheckKind(j, "Backup"));
  Backup b;
  b.raw = j;
  auto meta = ObjectMeta::FromJson(j.value("metadata", Json()));
  if (!meta.ok()) return InObject(meta.status(), "Backup", j);
  b.metadata = std::move(*meta);
  auto spec = BackupSpec::FromJson(j.value("spec", Json()));
  if (!spec.ok()) return InObject(spec.status(), "Backup", j);
  b.spec = std::move(*spec);
  auto status = BackupStatus::FromJson(j.value("status", Json()));
  if (!status.ok()) return InObject(status.status(), "Backup", j);
  b.status = std::move(*status);
  return b;
}

Json Backup::ToJson() const {
  Json out = BaseObject(raw);
  SetTypeMeta(out, "Backup");
  out["metadata"] = metadata.ToJson();
  WriteObject(out, "spec", spec.ToJson());
  WriteObject(out, "status", status.ToJson());
  return out;
}

BackupSpec NewBackupSpec() {
  BackupSpec spec;
  spec.raw = Json{{"includedNamespaces", Json::array()},
                  {"excludedNamespaces", Json::array()},
                  {"includedResources", Json::array()},
                  {"excludedResources", Json::array()},
                  {"labelSelector", nullptr},
                  {"snapshotVolumes", nullptr},
                  {"ttl", "0s"},
                  {"includeClusterResources", nullptr},
                  {"hooks", {{"resources", Json::array()}}}};
  spec.hooks.raw = spec.raw["hooks"];
  return spec;
}

Backup NewBackup(const std::string& name, const std::string& ns) {
  Backup b;
  b.metadata = NewObjectMeta(name, ns);
  b.spec = NewBackupSpec();
  b.status.raw = Json{{"phase", ""}, {"version", 0}};
  return b;
}

}  // namespace ark::api
