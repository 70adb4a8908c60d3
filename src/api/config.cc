#include "api/config.h"

#include <algorithm>
#include <cctype>

#include "api/object_io.h"
#include "util/duration.h"

namespace ark::api {
namespace {

// The provider keys of the v0.3-v0.5 shape.
constexpr const char* kLegacyProviders[] = {"aws", "gcp", "azure", "local"};
constexpr const char* kLegacyList = "aws, gcp, azure or local";

bool IsLegacyProvider(const std::string& key) {
  return std::any_of(std::begin(kLegacyProviders), std::end(kLegacyProviders),
                     [&](const char* p) { return key == p; });
}

Result<std::map<std::string, std::string>> Flatten(const Json& settings, const std::string& where) {
  std::map<std::string, std::string> out;
  if (settings.is_null()) return out;
  if (!settings.is_object()) {
    return InvalidArgument(where + ": expected a map of settings, got " + settings.type_name());
  }
  for (auto it = settings.begin(); it != settings.end(); ++it) {
    const Json& v = it.value();
    if (v.is_string()) {
      out[it.key()] = v.get<std::string>();
    } else if (v.is_boolean()) {
      out[it.key()] = v.get<bool>() ? "true" : "false";
    } else if (v.is_number()) {
      out[it.key()] = v.dump();
    } else if (v.is_null()) {
      out[it.key()] = "";
    } else {
      return InvalidArgument(FieldPath(where, it.key()) +
                             ": expected a string, number or boolean, got " + v.type_name());
    }
  }
  return out;
}

// Reads one provider section. `extra_keys` are the non-provider keys allowed beside it
// (bucket and prefix for storage).
Result<ProviderSelection> ReadProvider(const Json& section, const std::string& field,
                                       const std::vector<std::string>& extra_keys) {
  if (!section.is_object()) {
    return InvalidArgument(field + ": expected an object, got " + section.type_name());
  }
  auto is_extra = [&](const std::string& k) {
    return std::find(extra_keys.begin(), extra_keys.end(), k) != extra_keys.end();
  };
  ProviderSelection p;
  if (section.contains("name")) {
    // v0.6 shape: {name, config}.
    for (auto it = section.begin(); it != section.end(); ++it) {
      if (it.key() != "name" && it.key() != "config" && !is_extra(it.key())) {
        return InvalidArgument(field + ": unexpected key \"" + it.key() +
                               "\" beside name (use either {name, config} or one of " +
                               kLegacyList + ")");
      }
    }
    const Json& name = section["name"];
    if (!name.is_string() || name.get<std::string>().empty()) {
      return InvalidArgument(FieldPath(field, "name") + ": must be a non-empty string");
    }
    p.name = name.get<std::string>();
    ARK_ASSIGN_OR_RETURN(p.config,
                         Flatten(section.value("config", Json()), FieldPath(field, "config")));
    return p;
  }
  std::vector<std::string> found;
  for (auto it = section.begin(); it != section.end(); ++it) {
    if (is_extra(it.key()) || it.key() == "config") continue;
    if (!IsLegacyProvider(it.key())) {
      return InvalidArgument(field + ": unknown key \"" + it.key() +
                             "\" (you must specify exactly one of " + kLegacyList + " for " +
                             field + ")");
    }
    found.push_back(it.key());
  }
  if (found.size() != 1) {
    return InvalidArgument("you must specify exactly one of " + std::string(kLegacyList) + " for " +
                           field);
  }
  p.name = found[0];
  ARK_ASSIGN_OR_RETURN(p.config, Flatten(section[p.name], FieldPath(field, p.name)));
  return p;
}

// A period or timeout: unset or null = `fallback`; anything else must be at least `minimum`.
Result<std::chrono::nanoseconds> ReadPeriod(const Json& config, const char* key,
                                            std::chrono::nanoseconds fallback,
                                            std::chrono::nanoseconds minimum) {
  auto it = config.find(key);
  if (it == config.end() || it->is_null()) return fallback;
  std::chrono::nanoseconds d{0};
  ARK_RETURN_IF_ERROR(ReadDuration(config, "", key, &d));
  if (d < minimum) {
    return InvalidArgument(std::string(key) + ": " + ValuePreview(*it) +
                           " is below the minimum of " + FormatDuration(minimum) +
                           " (leave it unset for the default of " + FormatDuration(fallback) + ")");
  }
  return d;
}

// A sync period: as Ark, one below the minimum is raised to it, so a Config written for Ark
// ("30s") still runs the controllers; the note says so in the Config's status and the log.
Result<std::chrono::nanoseconds> ReadSyncPeriod(const Json& config, const char* key,
                                                std::chrono::nanoseconds fallback,
                                                std::vector<std::string>* notes) {
  auto it = config.find(key);
  if (it == config.end() || it->is_null()) return fallback;
  std::chrono::nanoseconds d{0};
  ARK_RETURN_IF_ERROR(ReadDuration(config, "", key, &d));
  if (d < kMinSyncPeriod) {
    notes->push_back(std::string(key) + ": " + ValuePreview(*it) + " is below the minimum of " +
                     FormatDuration(kMinSyncPeriod) + "; using " + FormatDuration(kMinSyncPeriod));
    return std::chrono::nanoseconds(kMinSyncPeriod);
  }
  return d;
}

// A Secret data key: what a key ID must look like to be found in the Secret.
bool IsSecretDataKey(const std::string& id) {
  return !id.empty() && id.size() <= 253 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

// A Secret's name: a DNS subdomain (lower-case alphanumerics, '-' and '.').
bool IsSecretName(const std::string& name) {
  return !name.empty() && name.size() <= 253 &&
         std::isalnum(static_cast<unsigned char>(name.front())) &&
         std::isalnum(static_cast<unsigned char>(name.back())) &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (std::isalnum(static_cast<unsigned char>(c)) &&
                   !std::isupper(static_cast<unsigned char>(c))) ||
                  c == '-' || c == '.';
         });
}

Result<std::optional<EncryptionSettings>> ReadEncryption(const Json& config) {
  auto it = config.find("encryption");
  if (it == config.end() || it->is_null()) return std::optional<EncryptionSettings>();
  if (!it->is_object())
    return InvalidArgument("encryption: expected an object, got " + std::string(it->type_name()));
  for (auto field = it->begin(); field != it->end(); ++field) {
    if (field.key() != "keySecret" && field.key() != "currentKeyID") {
      return InvalidArgument("encryption: unknown key \"" + field.key() +
                             "\" (known: keySecret, currentKeyID)");
    }
  }
  EncryptionSettings e;
  ARK_RETURN_IF_ERROR(ReadString(*it, "encryption", "keySecret", &e.key_secret));
  ARK_RETURN_IF_ERROR(ReadString(*it, "encryption", "currentKeyID", &e.current_key_id));
  if (!IsSecretName(e.key_secret)) {
    return InvalidArgument(
        "encryption.keySecret: \"" + e.key_secret +
        "\" is not a Secret name (the Secret in the server's namespace that holds the keys)");
  }
  if (!IsSecretDataKey(e.current_key_id)) {
    return InvalidArgument(
        "encryption.currentKeyID: \"" + e.current_key_id +
        "\" is not a key of a Secret's data (letters, digits, '-', '_' and '.')");
  }
  return std::optional<EncryptionSettings>(std::move(e));
}

Result<ServerConfig> Parse(const Json& config) {
  ServerConfig c;
  auto pv = config.find("persistentVolumeProvider");
  if (pv != config.end() && !pv->is_null()) {
    ARK_ASSIGN_OR_RETURN(c.persistent_volume_provider,
                         ReadProvider(*pv, "persistentVolumeProvider", {}));
  }
  auto bs = config.find("backupStorageProvider");
  if (bs == config.end() || bs->is_null()) {
    return InvalidArgument("backupStorageProvider: required (bucket and one of " +
                           std::string(kLegacyList) + ")");
  }
  ARK_ASSIGN_OR_RETURN(
      c.backup_storage_provider,
      ReadProvider(*bs, "backupStorageProvider", {"bucket", "prefix", "resticLocation"}));
  ARK_RETURN_IF_ERROR(ReadString(*bs, "backupStorageProvider", "bucket", &c.bucket));
  if (c.bucket.empty()) return InvalidArgument("backupStorageProvider.bucket: must not be empty");
  // A bucket (S3, GCS), container (Azure) or directory below `path` (local) is one name: a
  // '/' or a "." / ".." would reach somewhere else, and then fail every call.
  if (c.bucket == "." || c.bucket == ".." || c.bucket.find('/') != std::string::npos) {
    return InvalidArgument("backupStorageProvider.bucket: \"" + c.bucket +
                           "\" is not a bucket name (no '/', not \".\" or \"..\"; use "
                           "prefix for a folder inside the bucket)");
  }
  ARK_RETURN_IF_ERROR(ReadString(*bs, "backupStorageProvider", "prefix", &c.prefix));
  while (!c.prefix.empty() && c.prefix.back() == '/') c.prefix.pop_back();

  ARK_ASSIGN_OR_RETURN(c.backup_sync_period, ReadSyncPeriod(config, "backupSyncPeriod",
                                                            kDefaultBackupSyncPeriod, &c.notes));
  ARK_ASSIGN_OR_RETURN(c.gc_sync_period,
                       ReadSyncPeriod(config, "gcSyncPeriod", kDefaultGcSyncPeriod, &c.notes));
  ARK_ASSIGN_OR_RETURN(
      c.schedule_sync_period,
      ReadSyncPeriod(config, "scheduleSyncPeriod", kDefaultScheduleSyncPeriod, &c.notes));
  ARK_ASSIGN_OR_RETURN(c.pod_volume_operation_timeout,
                       ReadPeriod(config, "podVolumeOperationTimeout",
                                  kDefaultPodVolumeOperationTimeout, std::chrono::seconds(1)));
  ARK_RETURN_IF_ERROR(ReadStringList(config, "", "resourcePriorities", &c.resource_priorities));
  ARK_RETURN_IF_ERROR(ReadBool(config, "", "restoreOnlyMode", &c.restore_only_mode));
  ARK_ASSIGN_OR_RETURN(c.encryption, ReadEncryption(config));
  return c;
}

}  // namespace

Result<ServerConfig> ParseServerConfig(const Json& config) {
  ARK_RETURN_IF_ERROR(CheckKind(config, "Config"));
  auto c = Parse(config);
  if (!c.ok()) return InObject(c.status(), "Config", config);
  return c;
}

}  // namespace ark::api
