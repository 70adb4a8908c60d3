#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "api/backup_manifest.h"
#include "util/byte_stream.h"
#include "util/cancel.h"
#include "util/result.h"

namespace ark::verify {

// Builds the manifest a backup is stored with. It lives here, beside the verifier, rather than
// in the backup engine or in persistence: building and checking are the same walk over the
// tarball (verify/tarball_walk.h), and keeping them together keeps them from drifting apart.

struct ManifestSources {
  std::string backup;
  // status.volumeBackups of the finished backup: PV name -> {snapshotID, ...}.
  nlohmann::json volume_backups = nlohmann::json::object();
  std::string snapshot_provider;  // the persistentVolumeProvider's name ("" without one)
};

// "ark <version>", as the manifest records who wrote it.
std::string ManifestWriter();

// Reads the gzipped tarball and the gzipped log once each, as staged for upload. DataLoss when
// the tarball does not read whole (the backup just written is broken: it must not be stored).
Result<api::BackupManifest> BuildManifest(const ManifestSources& sources, ByteSource& tarball,
                                          ByteSource& gzipped_log);

// Gzips the manifest's JSON into `out` and Closes it; returns the gzipped size.
Result<int64_t> WriteGzippedManifest(const api::BackupManifest& manifest, ByteSink& out);

// The server's step: builds the manifest from the staged tarball and log files and writes it,
// gzipped, to `out_path`; returns its size. Errors name the file and the backup; once
// `cancel` (may be null) is cancelled, the next read fails with its status.
Result<int64_t> StageManifest(const ManifestSources& sources, const std::string& tarball_path,
                              const std::string& log_path, const std::string& out_path,
                              const CancelToken* cancel = nullptr);

}  // namespace ark::verify
