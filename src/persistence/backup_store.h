#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/object_store.h"
#include "crypto/keyring.h"
#include "persistence/object_store_layout.h"
#include "util/byte_stream.h"
#include "util/result.h"

namespace ark::persistence {

enum class DownloadKind { kBackupContents, kBackupLog, kRestoreLog, kRestoreResults };

// A backup's integrity manifest as stored: gzipped JSON (api/backup_manifest.h), `size` bytes
// (-1: unknown).
struct ManifestUpload {
  ByteSource& gzipped;
  int64_t size;
};

// Backups and restores in one bucket (+ prefix) of an object store. Thread-safe.
class BackupStore {
 public:
  BackupStore(cloud::ObjectStore& store, std::string bucket, std::string prefix = "");
  // With `keys` (Config `encryption`): the tarball, log and manifest of every backup and the
  // logs and results of restores are sealed with the keyring's current key
  // (crypto/sealed_format.h) and the metadata records `status.encryption` {algorithm, keyID};
  // reads open sealed files with whichever listed key sealed them. Files that are not sealed
  // (Ark, Velero, backups made before encryption was turned on) are read as they are, with or
  // without keys.
  BackupStore(cloud::ObjectStore& store, std::string bucket, std::string prefix,
              std::shared_ptr<const crypto::Keyring> keys);

  // The key ID new files are sealed with; "" when encryption is off.
  std::string sealing_key_id() const;

  // Uploads contents, then the log, then the manifest (when given), then the metadata (pretty
  // JSON of the Backup) last: a backup without metadata does not exist, so a manifest is always
  // in place before anyone can see its backup. On failure deletes what it wrote. When files are
  // sealed, the metadata gets status.encryption (algorithm and key ID) through api::Backup, so a
  // Backup api::Backup::FromJson refuses is InvalidArgument and nothing is written.
  Status PutBackup(const std::string& name, ByteSource& contents, int64_t contents_size,
                   ByteSource& gzipped_log, int64_t log_size, const nlohmann::json& backup,
                   const ManifestUpload* manifest = nullptr);

  // Every backup whose metadata can be read, in Ark's layout and in Velero's; undecodable
  // metadata, and metadata naming another backup than its folder (whoever acts on it would
  // act on the wrong folder), are skipped (listed in `skipped` when given). A folder without
  // metadata is not a backup. Errors of the store itself fail the listing (a caller syncing from it
  // must not conclude that backups are gone).
  Result<std::vector<nlohmann::json>> ListBackups(std::vector<std::string>* skipped = nullptr);
  Result<nlohmann::json> GetBackup(const std::string& name);
  // True when the bucket holds the metadata of a backup of that name, in any layout (a folder
  // with no metadata is not a backup).
  Result<bool> BackupExists(const std::string& name);
  // Contents, log and manifest are handed over as plaintext, opened when sealed. Sealed files
  // are checked to their end before these return OK: a caller must not act on what `sink`
  // received before that (a wrong key or a changed byte fails with DataLoss, "decrypting
  // contents of backup "b1": authentication failed at chunk 3: ...").
  Status GetContents(const std::string& name, ByteSink& sink);
  Status GetLog(const std::string& name, ByteSink& sink);
  // The manifest as stored (gzipped JSON). NotFound when the backup does not exist, and when it
  // has no manifest: Ark, Velero and ark before manifests wrote none, and Velero's layout never
  // holds one. Callers that must tell the two apart ask BackupExists first.
  Status GetManifest(const std::string& name, ByteSink& sink);
  // Deletes every object of the backup (its restores' logs and results included) and the
  // partial uploads left in its folder by writers killed mid-upload.
  Status DeleteBackup(const std::string& name);

  Status PutRestoreLog(const std::string& backup, const std::string& restore, ByteSource& gz,
                       int64_t size);
  Status PutRestoreResults(const std::string& backup, const std::string& restore, ByteSource& gz,
                           int64_t size);

  // `name` is the backup for backup kinds and the restore for restore kinds; restore kinds
  // also need the restore's backup ("" : derived as Ark v0.5 did, by cutting the restore name
  // at its last '-'; Velero-layout restores need none). Looks in Ark's
  // layout, then Velero's; NotFound when the object does not exist.
  Result<std::string> SignedUrl(DownloadKind kind, const std::string& name,
                                const std::string& backup_of_restore, std::chrono::seconds ttl);

  const ObjectStoreLayout& layout() const { return layout_; }

 private:
  struct Located {
    std::string metadata_key;
    bool velero;  // the backup is in Velero's layout (backups/<b>/...)
  };
  // Where the backup's metadata is: Ark's layout first, then Velero's. NotFound otherwise.
  Result<Located> Locate(const std::string& name);
  // The decoded metadata at `key`; std::nullopt when there is no such object.
  Result<std::optional<nlohmann::json>> ReadMetadata(const std::string& key);
  Status GetObjectOf(const std::string& name, const std::string& key, std::string_view what,
                     ByteSink& sink);
  // Uploads `body`, sealed when encryption is on (`size` becomes the sealed size; -1 stays).
  Status PutMaybeSealed(const std::string& key, ByteSource& body, int64_t size);

  cloud::ObjectStore& store_;
  std::string bucket_;
  ObjectStoreLayout layout_;
  std::shared_ptr<const crypto::Keyring> keys_;  // null: no encryption configured
};

}  // namespace ark::persistence
