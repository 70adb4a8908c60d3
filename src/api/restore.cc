#include "api/restore.h"

#include "api/object_io.h"

namespace ark::api {
namespace {

Status ReadSelector(const Json& obj, std::string_view where, std::optional<LabelSelector>* out) {
  auto it = obj.find("labelSelector");
  if (it == obj.end() || it->is_null()) return Status::Ok();
  ARK_ASSIGN_OR_RETURN(*out, LabelSelector::FromJson(*it, FieldPath(where, "labelSelector")));
  return Status::Ok();
}

// Reads a count-or-RestoreResult field.
Status ReadResultField(const Json& j, std::string_view where, const char* key, int64_t* count,
                       std::optional<RestoreResult>* detail) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (it->is_number_integer()) {
    *count = it->get<int64_t>();
    return Status::Ok();
  }
  if (it->is_object()) {
    ARK_ASSIGN_OR_RETURN(*detail, RestoreResult::FromJson(*it, FieldPath(where, key)));
    *count = (*detail)->Count();
    return Status::Ok();
  }
  return InvalidArgument(FieldPath(where, key) + ": expected a count or a result object, got " +
                         it->type_name());
}

}  // namespace

Result<RestoreResult> RestoreResult::FromJson(const Json& j, std::string_view where) {
  RestoreResult r;
  if (j.is_null()) return r;
  if (!j.is_object())
    return InvalidArgument(std::string(where) + ": expected an object, got " + j.type_name());
  r.raw = j;
  ARK_RETURN_IF_ERROR(ReadStringList(j, where, j.contains("velero") ? "velero" : "ark", &r.ark));
  ARK_RETURN_IF_ERROR(ReadStringList(j, where, "cluster", &r.cluster));
  const Json* ns;
  ARK_RETURN_IF_ERROR(ReadObject(j, where, "namespaces", &ns));
  if (!ns->is_null()) {
    std::string np = FieldPath(where, "namespaces");
    for (auto it = ns->begin(); it != ns->end(); ++it) {
      std::vector<std::string> messages;
      ARK_RETURN_IF_ERROR(ReadStringList(*ns, np, it.key().c_str(), &messages));
      r.namespaces[it.key()] = std::move(messages);
    }
  }
  return r;
}

Json RestoreResult::ToJson() const {
  Json out = BaseObject(raw);
  // Like Ark, every key is present; empty lists are null unless they were [] before.
  const char* ark_key = out.contains("velero") ? "velero" : "ark";
  if (!out.contains(ark_key)) out[ark_key] = nullptr;
  WriteStringList(out, ark_key, ark);
  if (!out.contains("cluster")) out["cluster"] = nullptr;
  WriteStringList(out, "cluster", cluster);
  if (namespaces.empty()) {
    auto it = out.find("namespaces");
    if (it == out.end()) {
      out["namespaces"] = nullptr;
    } else if (it->is_object() && !it->empty()) {
      *it = Json::object();
    }
    return out;
  }
  Json old = out.contains("namespaces") && out["namespaces"].is_object() ? out["namespaces"]
                                                                         : Json::object();
  Json ns = Json::object();
  for (const auto& [name, messages] : namespaces) {
    Json entry = Json::object();
    if (old.contains(name)) entry["v"] = old[name];
    WriteStringList(entry, "v", messages);
    ns[name] = entry.value("v", Json());
  }
  out["namespaces"] = std::move(ns);
  return out;
}

int64_t RestoreResult::Count() const {
  int64_t n = static_cast<int64_t>(ark.size() + cluster.size());
  for (const auto& [ns, messages] : namespaces) n += static_cast<int64_t>(messages.size());
  return n;
}

Result<RestoreSpec> RestoreSpec::FromJson(const Json& j, std::string_view where) {
  RestoreSpec s;
  if (j.is_null()) return s;
  if (!j.is_object())
    return InvalidArgument(std::string(where) + ": expected an object, got " + j.type_name());
  s.raw = j;
  ARK_RETURN_IF_ERROR(ReadString(j, where, "backupName", &s.backup_name));
  ARK_RETURN_IF_ERROR(ReadStringList(j, where, "includedNamespaces", &s.included_namespaces));
  ARK_RETURN_IF_ERROR(ReadStringList(j, where, "excludedNamespaces", &s.excluded_namespaces));
  ARK_RETURN_IF_ERROR(ReadStringList(j, where, "includedResources", &s.included_resources));
  ARK_RETURN_IF_ERROR(ReadStringList(j, where, "excludedResources", &s.excluded_resources));
  ARK_RETURN_IF_ERROR(ReadStringMap(j, where, "namespaceMapping", &s.namespace_mapping));
  ARK_RETURN_IF_ERROR(ReadSelector(j, where, &s.label_selector));
  ARK_RETURN_IF_ERROR(ReadOptionalBool(j, where, "restorePVs", &s.restore_pvs));
  ARK_RETURN_IF_ERROR(
      ReadOptionalBool(j, where, "includeClusterResources", &s.include_cluster_resources));
  ARK_RETURN_IF_ERROR(ReadString(j, where, "existingResourcePolicy", &s.existing_resource_policy));
  ARK_RETURN_IF_ERROR(ReadStringList(j, where, "namespaces", &s.namespaces));
  return s;
}

Json RestoreSpec::ToJson() const {
  Json out = BaseObject(raw);
  WriteString(out, "backupName", backup_name);
  WriteStringList(out, "includedNamespaces", included_namespaces);
  WriteStringList(out, "excludedNamespaces", excluded_namespaces);
  WriteStringList(out, "includedResources", included_resources);
  WriteStringList(out, "excludedResources", excluded_resources);
  WriteStringMap(out, "namespaceMapping", namespace_mapping);
  if (label_selector.has_value()) {
    out["labelSelector"] = label_selector->ToJson();
  } else if (out.contains("labelSelector")) {
    out["labelSelector"] = nullptr;
  }
  WriteOptionalBool(out, "restorePVs", restore_pvs);
  WriteOptionalBool(out, "includeClusterResources", include_cluster_resources);
  WriteString(out, "existingResourcePolicy", existing_resource_policy);
  WriteStringList(out, "namespaces", namespaces);
  return out;
}

Result<RestoreStatus> RestoreStatus::FromJson(const Json& j, std::string_view where) {
  RestoreStatus s;
  if (j.is_null()) return s;
  if (!j.is_object())
    return InvalidArgument(std::string(where) + ": expected an object, got " + j.type_name());
  s.raw = j;
  ARK_RETURN_IF_ERROR(ReadString(j, where, "phase", &s.phase));
  ARK_RETURN_IF_ERROR(ReadStringList(j, where, "validationErrors", &s.validation_errors));
  ARK_RETURN_IF_ERROR(ReadResultField(j, where, "warnings", &s.warnings, &s.warnings_detail));
  ARK_RETURN_IF_ERROR(ReadResultField(j, where, "errors", &s.errors, &s.errors_detail));
  ARK_RETURN_IF_ERROR(ReadString(j, where, "failureReason", &s.failure_reason));
  const Json* progress;
  ARK_RETURN_IF_ERROR(ReadObject(j, where, "progress", &progress));
  if (!progress->is_null()) {
    RestoreProgress p;
    p.raw = *progress;
    std::string pp = FieldPath(where, "progress");
    ARK_RETURN_IF_ERROR(ReadInt(*progress, pp, "totalItems", &p.total_items));
    ARK_RETURN_IF_ERROR(ReadInt(*progress, pp, "itemsRestored", &p.items_restored));
    s.progress = std::move(p);
  }
  ARK_RETURN_IF_ERROR(ReadTime(j, where, "startTimestamp", &s.start_timestamp));
  ARK_RETURN_IF_ERROR(ReadTime(j, where, "completionTimestamp", &s.completion_timestamp));
  ARK_RETURN_IF_ERROR(ReadStringList(j, where, "resourceOrder", &s.resource_order));
  return s;
}

Json RestoreStatus::ToJson() const {
  Json out = BaseObject(raw);
  WriteString(out, "phase", phase);
  WriteStringList(out, "validationErrors", validation_errors);
  if (warnings_detail.has_value()) {
    out["warnings"] = warnings_detail->ToJson();
  } else {
    WriteInt(out, "warnings", warnings);
  }
  if (errors_detail.has_value()) {
    out["errors"] = errors_detail->ToJson();
  } else {
    WriteInt(out, "errors", errors);
  }
  WriteString(out, "failureReason", failure_reason);
  if (progress.has_value()) {
    Json p = BaseObject(progress->raw);
    WriteInt(p, "totalItems", progress->total_items);
    WriteInt(p, "itemsRestored", progress->items_restored);
    out["progress"] = std::move(p);
  } else if (out.contains("progress")) {
    out["progress"] = nullptr;
  }
  WriteTime(out, "startTimestamp", start_timestamp);
  WriteTime(out, "completionTimestamp", completion_timestamp);
  WriteStringList(out, "resourceOrder", resource_order);
  return out;
}

Result<Restore> Restore::FromJson(const Json& j) {
  ARK_RETURN_IF_ERROR(CheckKind(j, "Restore"));
  Restore r;
  r.raw = j;
  auto meta = ObjectMeta::FromJson(j.value("metadata", Json()));
  if (!meta.ok()) return InObject(meta.status(), "Restore", j);
  r.metadata = std::move(*meta);
  auto spec = RestoreSpec::FromJson(j.value("spec", Json()));
  if (!spec.ok()) return InObject(spec.status(), "Restore", j);
  r.spec = std::move(*spec);
  auto status = RestoreStatus::FromJson(j.value("status", Json()));
  if (!status.ok()) return InObject(status.status(), "Restore", j);
  r.status = std::move(*status);
  return r;
}

Json Restore::ToJson() const {
  Json out = BaseObject(raw);
  SetTypeMeta(out, "Restore");
  out["metadata"] = metadata.ToJson();
  WriteObject(out, "spec", spec.ToJson());
  WriteObject(out, "status", status.ToJson());
  return out;
}

Restore NewRestore(const std::string& name, const std::string& ns) {
  Restore r;
  r.metadata = NewObjectMeta(name, ns);
  r.spec.raw = Json{{"backupName", ""},
                    {"includedNamespaces", Json::array()},
                    {"excludedNamespaces", Json::array()},
                    {"includedResources", Json::array()},
                    {"excludedResources", Json::array()},
                    {"namespaceMapping", Json::object()},
                    {"labelSelector", nullptr},
                    {"restorePVs", nullptr},
                    {"includeClusterResources", nullptr}};
  r.status.raw = Json{{"phase", ""}};
  return r;
}

Json RestoreResultsToJson(const RestoreResult& warnings, const RestoreResult& errors) {
  return Json{{"warnings", warnings.ToJson()}, {"errors", errors.ToJson()}};
}

}  // namespace ark::api
