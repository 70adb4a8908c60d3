#pragma once

#include <string>
#include <vector>

#include "api/backup_manifest.h"
#include "archive/tar_paths.h"
#include "archive/tarball_reader.h"
#include "verify/findings.h"
#include "verify/tarball_walk.h"

namespace ark::verify {

// Checks a backup's tarball as it streams past, entry by entry, and then against the manifest
// when there is one (each entry's size and digest; entries missing, extra or repeated; the
// whole file's size and digest; the objects per resource). Entries are digested during the
// walk and compared with the manifest after it, so the manifest can be decoded meanwhile on
// another thread; the digests held are bounded by the entry count, as the manifest is.
// Without a manifest the check is structural: every path is an item path Ark or Velero writes
// and every entry is JSON. With `deep`, every entry must also be a Kubernetes object whose
// group, namespace and name agree with its path. Not thread-safe.
class ContentsCheck {
 public:
  // `have_manifest`: the backup has a manifest file (its digests are compared in Finish).
  ContentsCheck(bool have_manifest, bool deep, Findings& findings);

  // For WalkTarball.
  Status OnEntry(const archive::TarEntry& entry);
  // After the walk: the manifest's checks and the `checks` lines. `manifest` is null when
  // there is none, or when it could not be read (a problem already says why).
  void Finish(const TarballWalk& walk, const api::BackupManifest* manifest);

 private:
  void CheckObject(const archive::TarEntry& entry, const archive::ItemLocation* item);
  void CompareWithManifest(const TarballWalk& walk, const api::BackupManifest& manifest);

  const bool have_manifest_;
  const bool deep_;
  Findings& findings_;
  std::vector<api::ManifestEntry> read_;  // every entry read, in tarball order
};

}  // namespace ark::verify
