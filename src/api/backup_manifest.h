#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/byte_stream.h"
#include "util/result.h"

namespace ark::api {

// The integrity manifest stored with every backup ark writes
// ([<prefix>/]<backup>/<backup>-manifest.json.gz, gzipped):
//
//   {"apiVersion":"ark.heptio.com/v1","kind":"BackupManifest","backup":"nginx",
//    "writtenBy":"ark 0.1.0",
//    "files":{"contents":{"size":N,"sha256":"<hex>"},"log":{"size":N,"sha256":"<hex>"}},
//    "resources":{"deployments.apps":1,"pods":3},
//    "entries":[{"path":"resources/pods/namespaces/default/web.json","size":N,"sha256":"<hex>"}],
//    "volumeSnapshots":[{"persistentVolume":"pv-1","snapshotID":"snap-1","provider":"aws"}]}
//
// Sizes and digests are of the bytes as the backup wrote them before any encryption: the
// gzipped tarball, the gzipped log, each tarball entry's uncompressed content.

struct FileDigest {
  int64_t size = 0;
  std::string sha256;  // lower-case hex
  bool operator==(const FileDigest&) const = default;
};

struct ManifestEntry {
  std::string path;  // as stored in the tarball
  FileDigest digest;
  bool operator==(const ManifestEntry&) const = default;
};

struct ManifestSnapshot {
  std::string persistent_volume;
  std::string snapshot_id;
  std::string provider;  // the persistentVolumeProvider that took it ("aws", "gcp", "azure")
  bool operator==(const ManifestSnapshot&) const = default;
};

struct BackupManifest {
  std::string backup;
  std::string written_by;  // "ark <version>"
  FileDigest contents;
  FileDigest log;
  std::map<std::string, int64_t> resources;  // group-resource -> objects in the tarball
  std::vector<ManifestEntry> entries;        // in tarball order
  std::vector<ManifestSnapshot> volume_snapshots;
  bool operator==(const BackupManifest&) const = default;
};

// Writes the manifest's JSON to `out` an entry at a time, so the text of a manifest of many
// entries is never held whole (the struct holds the entries already: memory is bounded by
// the entry count, not by the size of the backup's objects). Does not Close `out`.
Status WriteBackupManifest(const BackupManifest& manifest, ByteSink& out);

// Decodes manifest JSON read from `where` (named in errors). DataLoss when it is not JSON, not
// a BackupManifest, or a field has the wrong type ("manifest nginx/...: entries[3].size: not a
// number").
Result<BackupManifest> DecodeBackupManifest(std::string_view json, std::string_view where);

}  // namespace ark::api
