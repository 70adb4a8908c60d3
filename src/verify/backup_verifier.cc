#include "verify/backup_verifier.h"

#include <future>
#include <optional>

#include "api/backup_manifest.h"
#include "archive/gzip_reader.h"
#include "archive/tarball_reader.h"
#include "util/json_access.h"
#include "verify/contents_check.h"
#include "verify/findings.h"
#include "verify/pipe.h"
#include "verify/tarball_walk.h"

namespace ark::verify {
namespace {

Status CheckCancel(const CancelToken* cancel) {
  return cancel != nullptr ? cancel->Check() : Status::Ok();
}

// The manifest as stored (gzipped); std::nullopt when the backup has none, or when the store
// could not open it (a sealed manifest that fails authentication: a problem says so).
Result<std::optional<std::string>> FetchManifest(persistence::BackupStore& store,
                                                 const std::string& backup, Findings& findings) {
  StringSink gzipped;
  Status got = store.GetManifest(backup, gzipped);
  if (got.code() == Code::kNotFound) return std::optional<std::string>();
  findings.report().has_manifest = true;
  if (got.code() == Code::kDataLoss) {
    findings.Problem("manifest", got.message());
    return std::optional<std::string>();
  }
  ARK_RETURN_IF_ERROR(got);
  return std::optional<std::string>(gzipped.Take());
}

struct DecodedManifest {
  std::optional<api::BackupManifest> manifest;
  std::string problem;  // why there is none
};

// Gunzips and decodes the manifest. Runs beside the tarball's walk: it touches nothing shared.
DecodedManifest DecodeManifest(std::string gzipped, const std::string& backup) {
  StringSource source(std::move(gzipped));
  archive::GzipReader gunzip(source, archive::ReaderLimits{}.max_compression_ratio);
  StringSink text;
  if (Status s = Copy(gunzip, text); !s.ok()) return {std::nullopt, s.message()};
  Result<api::BackupManifest> manifest = api::DecodeBackupManifest(text.str(), backup);
  if (!manifest.ok()) return {std::nullopt, manifest.status().message()};
  if (manifest->backup != backup) {
    return {std::nullopt, "names backup \"" + manifest->backup + "\", not \"" + backup + "\""};
  }
  return {std::move(*manifest), ""};
}

// Streams the tarball once from the store through the contents check, while `manifest` (the
// stored bytes, when there are any) is decoded on another thread; then compares the two.
// Returns the decoded manifest for the checks that follow.
Result<std::optional<api::BackupManifest>> CheckContents(
    persistence::BackupStore& store, const std::string& backup, std::optional<std::string> manifest,
    const VerifyOptions& options, const CancelToken* cancel, Findings& findings) {
  const bool have_manifest = manifest.has_value();
  std::future<DecodedManifest> decoding;
  if (have_manifest) {
    decoding = std::async(std::launch::async, DecodeManifest, std::move(*manifest), backup);
  }
  ContentsCheck check(have_manifest, options.deep, findings);
  std::optional<TarballWalk> walked;
  Status s = RunThroughPipe(
      [&](ByteSink& sink) {
        CancellableSink cancellable(sink, cancel);
        return store.GetContents(backup, cancellable);
      },
      [&](ByteSource& source) -> Status {
        ARK_ASSIGN_OR_RETURN(TarballWalk walk, WalkTarball(source, [&](const archive::TarEntry& e) {
                               ARK_RETURN_IF_ERROR(CheckCancel(cancel));
                               return check.OnEntry(e);
                             }));
        walked = std::move(walk);
        return Status::Ok();
      });
  DecodedManifest decoded = decoding.valid() ? decoding.get() : DecodedManifest{};
  if (have_manifest && !decoded.manifest) findings.Problem("manifest", decoded.problem);
  if (decoded.manifest) {
    findings.Check("manifest: " + std::to_string(decoded.manifest->entries.size()) +
                   " entries, written by " + decoded.manifest->written_by);
  }
  // NotFound: the backup's metadata is there, its tarball is not. DataLoss from the store: a
  // sealed tarball that fails authentication (a changed byte, a cut-off file).
  if (s.code() == Code::kNotFound || s.code() == Code::kDataLoss) {
    findings.Problem("contents", s.message());
    return std::move(decoded.manifest);
  }
  ARK_RETURN_IF_ERROR(s.Annotate("reading the contents of backup \"" + backup + "\""));
  check.Finish(*walked, decoded.manifest ? &*decoded.manifest : nullptr);
  return std::move(decoded.manifest);
}

Status CheckLog(persistence::BackupStore& store, const std::string& backup,
                const api::BackupManifest* manifest, const CancelToken* cancel,
                Findings& findings) {
  std::optional<GzipWalk> walked;
  Status s = RunThroughPipe(
      [&](ByteSink& sink) {
        CancellableSink cancellable(sink, cancel);
        return store.GetLog(backup, cancellable);
      },
      [&](ByteSource& source) -> Status {
        ARK_ASSIGN_OR_RETURN(GzipWalk walk, WalkGzip(source));
        walked = std::move(walk);
        return Status::Ok();
      });
  if (s.code() == Code::kNotFound) {
    if (manifest != nullptr) {
      findings.Problem("log", s.message());
    } else {
      findings.Check("log: none stored (Ark v0.3 uploaded none)");
    }
    return Status::Ok();
  }
  if (s.code() == Code::kDataLoss) {  // a sealed log that fails authentication
    findings.Problem("log", s.message());
    return Status::Ok();
  }
  ARK_RETURN_IF_ERROR(s.Annotate("reading the log of backup \"" + backup + "\""));
  if (!walked->defect.ok()) findings.Problem("log", walked->defect.message());
  if (manifest == nullptr) {
    if (walked->defect.ok()) findings.Check("log: " + Bytes(walked->whole.size) + ", reads whole");
    return Status::Ok();
  }
  if (walked->whole.size != manifest->log.size) {
    findings.Problem("log", "size " + Bytes(walked->whole.size) + ", manifest says " +
                                std::to_string(manifest->log.size));
  } else if (walked->whole.sha256 != manifest->log.sha256) {
    findings.Problem("log", "sha256 differs from the manifest");
  } else {
    findings.Check("log: " + Bytes(walked->whole.size) + ", sha256 matches the manifest");
  }
  return Status::Ok();
}

// The snapshots the backup recorded: the manifest's, else its metadata's status.volumeBackups.
std::vector<api::ManifestSnapshot> RecordedSnapshots(const nlohmann::json& metadata,
                                                     const api::BackupManifest* manifest) {
  if (manifest != nullptr) return manifest->volume_snapshots;
  std::vector<api::ManifestSnapshot> out;
  for (const auto& [pv, record] : Obj(Obj(metadata, "status"), "volumeBackups").items()) {
    const std::string id = Str(record, "snapshotID");
    if (!id.empty()) out.push_back({pv, id, ""});
  }
  return out;
}

Status CheckSnapshots(cloud::BlockStore* snapshots,
                      const std::vector<api::ManifestSnapshot>& recorded, const CancelToken* cancel,
                      Findings& findings) {
  if (recorded.empty()) {
    findings.Check("snapshots: none recorded");
    return Status::Ok();
  }
  if (snapshots == nullptr) {
    findings.Check("snapshots: " + std::to_string(recorded.size()) +
                   " recorded, not checked (no persistentVolumeProvider is configured)");
    return Status::Ok();
  }
  int64_t present = 0;
  for (const api::ManifestSnapshot& s : recorded) {
    ARK_RETURN_IF_ERROR(CheckCancel(cancel));
    const std::string provider =
        s.provider.empty() ? "the provider" : "the provider (" + s.provider + ")";
    Result<bool> exists = snapshots->SnapshotExists(s.snapshot_id);
    ++findings.report().snapshots_checked;
    if (!exists.ok()) {
      findings.Problem(
          "snapshot:" + s.snapshot_id,
          "cannot ask " + provider + " whether it exists: " + exists.status().ToString());
    } else if (!*exists) {
      findings.Problem("snapshot:" + s.snapshot_id, "does not exist at " + provider +
                                                        " (volume of PersistentVolume " +
                                                        s.persistent_volume + ")");
    } else {
      ++present;
    }
  }
  if (present == static_cast<int64_t>(recorded.size())) {
    findings.Check("snapshots: " + std::to_string(present) + " recorded, all exist");
  }
  return Status::Ok();
}

}  // namespace

Result<VerifyReport> VerifyBackup(persistence::BackupStore& store, cloud::BlockStore* snapshots,
                                  const std::string& backup, const VerifyOptions& options,
                                  const CancelToken* cancel) {
  VerifyReport report;
  Findings findings(report);
  // NotFound here is the backup's own absence: the check cannot run.
  ARK_ASSIGN_OR_RETURN(nlohmann::json metadata, store.GetBackup(backup));
  ARK_ASSIGN_OR_RETURN(std::optional<std::string> stored_manifest,
                       FetchManifest(store, backup, findings));
  if (!report.has_manifest) {
    findings.Check(
        "no manifest: the backup was written by Ark, Velero or an ark before manifests; "
        "checked structurally only");
  }
  ARK_RETURN_IF_ERROR(CheckCancel(cancel));
  ARK_ASSIGN_OR_RETURN(
      std::optional<api::BackupManifest> manifest,
      CheckContents(store, backup, std::move(stored_manifest), options, cancel, findings));
  const api::BackupManifest* m = manifest ? &*manifest : nullptr;
  ARK_RETURN_IF_ERROR(CheckCancel(cancel));
  ARK_RETURN_IF_ERROR(CheckLog(store, backup, m, cancel, findings));
  ARK_RETURN_IF_ERROR(CheckSnapshots(snapshots, RecordedSnapshots(metadata, m), cancel, findings));
  if (options.deep) findings.Check("deep: every object parsed and matched against its path");
  return report;
}

}  // namespace ark::verify
