#include "controller/server_config.h"

#include "util/duration.h"

namespace ark::controller {

using nlohmann::json;

namespace {

std::string Scalar(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_null()) return "";
  return v.dump();
}

// `field` holds either {name, config: {...}} or exactly one {<provider>: {...}}.
Result<ProviderSettings> ParseProvider(const json& value, const std::string& field) {
  if (!value.is_object()) return InvalidArgument("Config default: " + field + " must be an object");
  ProviderSettings p;
  if (value.contains("name")) {
    p.name = Scalar(value["name"]);
    if (auto c = value.find("config"); c != value.end() && c->is_object()) {
      for (const auto& [k, v] : c->items()) p.config[k] = Scalar(v);
    }
    return p;
  }
  int found = 0;
  for (const auto& [k, v] : value.items()) {
    if (k == "bucket" || k == "prefix" || !v.is_object()) continue;
    ++found;
    p.name = k;
    for (const auto& [ck, cv] : v.items()) p.config[ck] = Scalar(cv);
  }
  if (found != 1) {
    return InvalidArgument("Config default: you must specify exactly one of aws, gcp, azure or local for " +
                           field);
  }
  return p;
}

Result<std::chrono::seconds> Period(const json& config, const std::string& field,
                                    std::chrono::seconds fallback) {
  auto it = config.find(field);
  if (it == config.end() || it->is_null()) return fallback;
  if (!it->is_string()) return InvalidArgument("Config default: " + field + " must be a duration string");
  auto d = ParseDuration(it->get<std::string>());
  if (!d.ok()) return InvalidArgument("Config default: " + field + ": " + d.status().message());
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(*d);
  if (secs.count() <= 0) return fallback;
  return std::max(secs, std::chrono::seconds(60));
}

}  // namespace

Result<ServerConfig> ParseServerConfig(const json& config) {
  ServerConfig c;
  auto storage = config.find("backupStorageProvider");
  if (storage == config.end() || storage->is_null()) {
    return InvalidArgument("Config default: backupStorageProvider is required");
  }
  ARK_ASSIGN_OR_RETURN(c.storage, ParseProvider(*storage, "backupStorageProvider"));
  c.bucket = Scalar(storage->value("bucket", json()));
  if (c.bucket.empty()) return InvalidArgument("Config default: backupStorageProvider.bucket is required");
  c.prefix = Scalar(storage->value("prefix", json()));
  if (auto pv = config.find("persistentVolumeProvider"); pv != config.end() && !pv->is_null()) {
    ARK_ASSIGN_OR_RETURN(c.volumes, ParseProvider(*pv, "persistentVolumeProvider"));
  }
  ARK_ASSIGN_OR_RETURN(c.backup_sync_period, Period(config, "backupSyncPeriod", c.backup_sync_period));
  ARK_ASSIGN_OR_RETURN(c.gc_sync_period, Period(config, "gcSyncPeriod", c.gc_sync_period));
  ARK_ASSIGN_OR_RETURN(c.schedule_sync_period,
                       Period(config, "scheduleSyncPeriod", c.schedule_sync_period));
  if (auto rp = config.find("resourcePriorities"); rp != config.end() && rp->is_array() && !rp->empty()) {
    c.resource_priorities.clear();
    for (const auto& v : *rp) c.resource_priorities.push_back(Scalar(v));
  }
  if (auto ro = config.find("restoreOnlyMode"); ro != config.end() && ro->is_boolean()) {
    c.restore_only = ro->get<bool>();
  }
  return c;
}

}  // namespace ark::controller
