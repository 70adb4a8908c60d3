#include "persistence/backup_store.h"

#include <set>

#include "api/backup.h"
#include "api/backup_metadata.h"
#include "api/resources.h"
#include "crypto/opening_sink.h"
#include "crypto/sealed_format.h"
#include "crypto/sealing_source.h"

namespace ark::persistence {
namespace {

// Names become key components: they must not be empty, contain '/', or be "." / "..".
Status ValidateName(const std::string& name, std::string_view what) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos) {
    return InvalidArgument("invalid " + std::string(what) + " name \"" + name + "\"");
  }
  return Status::Ok();
}

// The last path component of a common prefix ("p/backups/b1/" -> "b1").
std::string LastComponent(const std::string& common_prefix) {
  std::string dir = common_prefix;
  while (!dir.empty() && dir.back() == '/') dir.pop_back();  // listing strips the delimiter
  size_t slash = dir.rfind('/');
  return slash == std::string::npos ? dir : dir.substr(slash + 1);
}

// `backup` with status.encryption naming the algorithm and the key's ID (never the key).
// InvalidArgument, naming the field, for a Backup api::Backup::FromJson refuses.
Result<nlohmann::json> WithEncryption(const nlohmann::json& backup, const std::string& key_id) {
  ARK_ASSIGN_OR_RETURN(api::Backup typed, api::Backup::FromJson(backup));
  api::BackupEncryption encryption;
  encryption.algorithm = std::string(crypto::kAlgorithmName);
  encryption.key_id = key_id;
  typed.status.encryption = std::move(encryption);
  return typed.ToJson();
}

}  // namespace

BackupStore::BackupStore(cloud::ObjectStore& store, std::string bucket, std::string prefix)
    : store_(store), bucket_(std::move(bucket)), layout_(std::move(prefix)) {}

BackupStore::BackupStore(cloud::ObjectStore& store, std::string bucket, std::string prefix,
                         std::shared_ptr<const crypto::Keyring> keys)
    : store_(store),
      bucket_(std::move(bucket)),
      layout_(std::move(prefix)),
      keys_(std::move(keys)) {}

std::string BackupStore::sealing_key_id() const {
  return keys_ && keys_->has_current() ? keys_->current_id() : "";
}

Status BackupStore::PutMaybeSealed(const std::string& key, ByteSource& body, int64_t size) {
  const std::string key_id = sealing_key_id();
  if (key_id.empty()) return store_.PutObject(bucket_, key, body, size);
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<crypto::SealingSource> sealed,
                       crypto::SealingSource::Create(body, *keys_));
  const int64_t sealed_size = size < 0 ? size : crypto::SealedSize(size, key_id.size());
  return store_.PutObject(bucket_, key, *sealed, sealed_size);
}

Status BackupStore::PutBackup(const std::string& name, ByteSource& contents, int64_t contents_size,
                              ByteSource& gzipped_log, int64_t log_size,
                              const nlohmann::json& backup, const ManifestUpload* manifest) {
  ARK_RETURN_IF_ERROR(ValidateName(name, "backup"));
  std::vector<std::string> attempted;
  auto put = [&](const std::string& key, ByteSource& body, int64_t size) {
    attempted.push_back(key);
    return PutMaybeSealed(key, body, size);
  };
  // The metadata stays plaintext (sync and listing read it, Ark's and Velero's too) and says
  // how the other files are sealed, never with what.
  nlohmann::json stamped = backup;
  if (const std::string key_id = sealing_key_id(); !key_id.empty()) {
    ARK_ASSIGN_OR_RETURN(stamped, WithEncryption(backup, key_id));
  }
  StringSource metadata(api::EncodeBackupMetadata(stamped));
  Status s = put(layout_.ContentsKey(name), contents, contents_size);
  if (s.ok()) s = put(layout_.LogKey(name), gzipped_log, log_size);
  if (s.ok() && manifest != nullptr)
    s = put(layout_.ManifestKey(name), manifest->gzipped, manifest->size);
  if (s.ok()) {
    attempted.push_back(layout_.MetadataKey(name));
    s = store_.PutObject(bucket_, layout_.MetadataKey(name), metadata,
                         static_cast<int64_t>(metadata.size()));
  }
  if (s.ok()) return s;
  // Remove whatever made it, metadata first, so no half-written backup remains.
  for (auto it = attempted.rbegin(); it != attempted.rend(); ++it) {
    (void)store_.DeleteObject(bucket_, *it);
  }
  return s.Annotate("uploading backup \"" + name + "\" to bucket \"" + bucket_ + "\"");
}

Result<std::optional<nlohmann::json>> BackupStore::ReadMetadata(const std::string& key) {
  StringSink sink;
  Status s = store_.GetObject(bucket_, key, sink);
  if (s.code() == Code::kNotFound) return std::optional<nlohmann::json>();
  if (!s.ok()) return s.Annotate("reading backup metadata " + key);
  ARK_ASSIGN_OR_RETURN(nlohmann::json j, api::DecodeBackupMetadata(sink.str(), key));
  return std::optional<nlohmann::json>(std::move(j));
}

Result<std::vector<nlohmann::json>> BackupStore::ListBackups(std::vector<std::string>* skipped) {
  std::vector<nlohmann::json> backups;
  std::set<std::string> seen;
  auto consider = [&](const std::string& name, const std::vector<std::string>& keys) -> Status {
    if (seen.count(name)) return Status::Ok();
    for (const std::string& key : keys) {
      Result<std::optional<nlohmann::json>> meta = ReadMetadata(key);
      if (!meta.ok()) {
        if (meta.status().code() != Code::kDataLoss) return meta.status();
        if (skipped) skipped->push_back(meta.status().message());
        return Status::Ok();
      }
      if (!meta->has_value()) continue;  // not a backup (yet): no metadata under this key
      const std::string named = api::Name(**meta);
      if (named != name) {
        if (skipped) {
          skipped->push_back("the metadata in " + key + " names backup \"" + named + "\", not \"" +
                             name + "\"");
        }
        return Status::Ok();
      }
      seen.insert(name);
      backups.push_back(std::move(**meta));
      return Status::Ok();
    }
    return Status::Ok();
  };

  ARK_ASSIGN_OR_RETURN(std::vector<std::string> dirs,
                       store_.ListCommonPrefixes(bucket_, layout_.prefix(), "/"));
  bool velero_layout = false;
  for (const std::string& dir : dirs) {
    std::string name = LastComponent(dir);
    if (name == "backups") velero_layout = true;  // with or without the trailing delimiter
    ARK_RETURN_IF_ERROR(consider(name, {layout_.MetadataKey(name)}));
  }
  if (velero_layout) {
    ARK_ASSIGN_OR_RETURN(std::vector<std::string> vdirs,
                         store_.ListCommonPrefixes(bucket_, layout_.VeleroBackupsDir(), "/"));
    for (const std::string& dir : vdirs) {
      std::string name = LastComponent(dir);
      ARK_RETURN_IF_ERROR(
          consider(name, {layout_.VeleroMetadataKey(name), layout_.VeleroArkMetadataKey(name)}));
    }
  }
  return backups;
}

Result<BackupStore::Located> BackupStore::Locate(const std::string& name) {
  ARK_RETURN_IF_ERROR(ValidateName(name, "backup"));
  const std::pair<std::string, bool> candidates[] = {
      {layout_.MetadataKey(name), false},
      {layout_.VeleroMetadataKey(name), true},
      {layout_.VeleroArkMetadataKey(name), true},
  };
  for (const auto& [key, velero] : candidates) {
    ARK_ASSIGN_OR_RETURN(bool exists, store_.ObjectExists(bucket_, key));
    if (exists) return Located{key, velero};
  }
  return NotFound("backup \"" + name + "\" not found in bucket \"" + bucket_ + "\"" +
                  (layout_.prefix().empty() ? "" : " under prefix \"" + layout_.prefix() + "\""));
}

Result<nlohmann::json> BackupStore::GetBackup(const std::string& name) {
  ARK_ASSIGN_OR_RETURN(Located where, Locate(name));
  ARK_ASSIGN_OR_RETURN(std::optional<nlohmann::json> meta, ReadMetadata(where.metadata_key));
  if (!meta) return NotFound("backup \"" + name + "\" disappeared from bucket \"" + bucket_ + "\"");
  return std::move(*meta);
}

Result<bool> BackupStore::BackupExists(const std::string& name) {
  Result<Located> where = Locate(name);
  if (where.ok()) return true;
  if (where.status().code() == Code::kNotFound) return false;
  return std::move(where).status();
}

Status BackupStore::GetObjectOf(const std::string& name, const std::string& key,
                                std::string_view what, ByteSink& sink) {
  crypto::OpeningSink opener(sink, keys_.get(), std::string(what) + " of backup \"" + name + "\"",
                             /*plain_allowed=*/true);
  Status s = store_.GetObject(bucket_, key, opener);
  if (s.code() == Code::kNotFound) {
    return NotFound("backup \"" + name + "\" has no " + std::string(what) + " (" + key + ")");
  }
  if (!s.ok()) return s;
  return opener.Close();  // the last chunk's check: a truncated sealed file fails here
}

Status BackupStore::GetContents(const std::string& name, ByteSink& sink) {
  ARK_ASSIGN_OR_RETURN(Located where, Locate(name));
  std::string key = where.velero ? layout_.VeleroContentsKey(name) : layout_.ContentsKey(name);
  return GetObjectOf(name, key, "contents", sink);
}

Status BackupStore::GetLog(const std::string& name, ByteSink& sink) {
  ARK_ASSIGN_OR_RETURN(Located where, Locate(name));
  std::string key = where.velero ? layout_.VeleroLogKey(name) : layout_.LogKey(name);
  return GetObjectOf(name, key, "log", sink);
}

Status BackupStore::GetManifest(const std::string& name, ByteSink& sink) {
  ARK_ASSIGN_OR_RETURN(Located where, Locate(name));
  if (where.velero) {
    return NotFound("backup \"" + name + "\" has no manifest (it is in Velero's layout)");
  }
  return GetObjectOf(name, layout_.ManifestKey(name), "manifest", sink);
}

Status BackupStore::DeleteBackup(const std::string& name) {
  ARK_RETURN_IF_ERROR(ValidateName(name, "backup"));
  // Metadata first: once it is gone the backup no longer exists, whatever happens next.
  for (const std::string& key : {layout_.MetadataKey(name), layout_.VeleroMetadataKey(name),
                                 layout_.VeleroArkMetadataKey(name)}) {
    ARK_RETURN_IF_ERROR(store_.DeleteObject(bucket_, key));
  }
  for (const std::string& dir : {layout_.BackupDir(name), layout_.VeleroBackupDir(name)}) {
    ARK_ASSIGN_OR_RETURN(std::vector<std::string> keys, store_.ListObjects(bucket_, dir));
    for (const std::string& key : keys) ARK_RETURN_IF_ERROR(store_.DeleteObject(bucket_, key));
    // A server killed mid-upload leaves a partial upload no listing shows; nothing else would
    // ever remove it from the folder.
    ARK_RETURN_IF_ERROR(store_.RemoveUnfinishedUploadsUnder(bucket_, dir).status());
  }
  return Status::Ok();
}

Status BackupStore::PutRestoreLog(const std::string& backup, const std::string& restore,
                                  ByteSource& gz, int64_t size) {
  ARK_RETURN_IF_ERROR(ValidateName(backup, "backup"));
  ARK_RETURN_IF_ERROR(ValidateName(restore, "restore"));
  return PutMaybeSealed(layout_.RestoreLogKey(backup, restore), gz, size);
}

Status BackupStore::PutRestoreResults(const std::string& backup, const std::string& restore,
                                      ByteSource& gz, int64_t size) {
  ARK_RETURN_IF_ERROR(ValidateName(backup, "backup"));
  ARK_RETURN_IF_ERROR(ValidateName(restore, "restore"));
  return PutMaybeSealed(layout_.RestoreResultsKey(backup, restore), gz, size);
}

Result<std::string> BackupStore::SignedUrl(DownloadKind kind, const std::string& name,
                                           const std::string& backup_of_restore,
                                           std::chrono::seconds ttl) {
  std::vector<std::string> keys;  // candidates, first existing wins
  std::string what;
  switch (kind) {
    case DownloadKind::kBackupContents:
    case DownloadKind::kBackupLog: {
      ARK_ASSIGN_OR_RETURN(Located where, Locate(name));
      bool contents = kind == DownloadKind::kBackupContents;
      what = std::string(contents ? "contents" : "log") + " of backup \"" + name + "\"";
      if (where.velero) {
        keys.push_back(contents ? layout_.VeleroContentsKey(name) : layout_.VeleroLogKey(name));
      } else {
        keys.push_back(contents ? layout_.ContentsKey(name) : layout_.LogKey(name));
      }
      break;
    }
    case DownloadKind::kRestoreLog:
    case DownloadKind::kRestoreResults: {
      ARK_RETURN_IF_ERROR(ValidateName(name, "restore"));
      bool log = kind == DownloadKind::kRestoreLog;
      what = std::string(log ? "log" : "results") + " of restore \"" + name + "\"";
      // Without the restore's backup, Ark v0.5's rule: restores are named <backup>-<timestamp>.
      std::string backup = backup_of_restore;
      if (backup.empty() && name.rfind('-') != std::string::npos && name.rfind('-') > 0) {
        backup = name.substr(0, name.rfind('-'));
      }
      if (!backup.empty()) {
        ARK_RETURN_IF_ERROR(ValidateName(backup, "backup"));
        keys.push_back(log ? layout_.RestoreLogKey(backup, name)
                           : layout_.RestoreResultsKey(backup, name));
      }
      keys.push_back(log ? layout_.VeleroRestoreLogKey(name)
                         : layout_.VeleroRestoreResultsKey(name));
      break;
    }
  }
  for (const std::string& key : keys) {
    ARK_ASSIGN_OR_RETURN(bool exists, store_.ObjectExists(bucket_, key));
    if (exists) return store_.CreateSignedUrl(bucket_, key, ttl);
  }
  return NotFound("no " + what + " in bucket \"" + bucket_ + "\"");
}

}  // namespace ark::persistence
