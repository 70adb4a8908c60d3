#include "verify/manifest_builder.h"

#include "archive/gzip_writer.h"
#include "archive/tar_paths.h"
#include "util/json_access.h"
#include "util/sha256.h"
#include "verify/hashing_source.h"
#include "verify/tarball_walk.h"

#ifndef ARK_VERSION
#define ARK_VERSION "dev"
#endif

namespace ark::verify {

std::string ManifestWriter() { return std::string("ark ") + ARK_VERSION; }

Result<api::BackupManifest> BuildManifest(const ManifestSources& sources, ByteSource& tarball,
                                          ByteSource& gzipped_log) {
  api::BackupManifest m;
  m.backup = sources.backup;
  m.written_by = ManifestWriter();
  ARK_ASSIGN_OR_RETURN(
      TarballWalk walk, WalkTarball(tarball, [&](const archive::TarEntry& e) {
        Sha256 hash;
        hash.Update(e.content);
        m.entries.push_back({e.path, {static_cast<int64_t>(e.content.size()), hash.HexDigest()}});
        auto item = archive::ParseItemPath(e.path);
        if (item.ok() && item->has_value()) ++m.resources[(*item)->group_resource];
        return Status::Ok();
      }));
  if (!walk.defect.ok()) {
    return DataLoss("building the manifest of backup \"" + sources.backup +
                    "\": its tarball does not read whole: " + walk.defect.ToString());
  }
  m.contents = walk.whole;
  HashingSource log(gzipped_log);
  ARK_RETURN_IF_ERROR(log.Drain());
  m.log = log.Digest();
  if (sources.volume_backups.is_object()) {
    for (const auto& [pv, record] : sources.volume_backups.items()) {
      const std::string id = Str(record, "snapshotID");
      if (!id.empty()) m.volume_snapshots.push_back({pv, id, sources.snapshot_provider});
    }
  }
  return m;
}

Result<int64_t> WriteGzippedManifest(const api::BackupManifest& manifest, ByteSink& out) {
  archive::GzipWriter gz(out, /*level=*/6, /*threads=*/1);
  Status s = api::WriteBackupManifest(manifest, gz);
  Status closed = gz.Close();  // always: it joins the compressing thread
  ARK_RETURN_IF_ERROR(s);
  ARK_RETURN_IF_ERROR(closed);
  return gz.compressed_bytes();
}

Result<int64_t> StageManifest(const ManifestSources& sources, const std::string& tarball_path,
                              const std::string& log_path, const std::string& out_path,
                              const CancelToken* cancel) {
  ARK_ASSIGN_OR_RETURN(auto tarball, OpenFileSource(tarball_path));
  ARK_ASSIGN_OR_RETURN(auto log, OpenFileSource(log_path));
  CancellableSource tarball_read(*tarball, cancel);
  CancellableSource log_read(*log, cancel);
  ARK_ASSIGN_OR_RETURN(api::BackupManifest manifest,
                       BuildManifest(sources, tarball_read, log_read));
  ARK_ASSIGN_OR_RETURN(auto out, OpenFileSink(out_path));
  Result<int64_t> size = WriteGzippedManifest(manifest, *out);
  if (!size.ok()) {
    return std::move(size).status().Annotate("writing the manifest of backup \"" + sources.backup +
                                             "\"");
  }
  return size;
}

}  // namespace ark::verify
