#pragma once

#include <string>
#include <unordered_map>

#include "api/backup_manifest.h"
#include "archive/tar_paths.h"
#include "archive/tarball_reader.h"
#include "verify/findings.h"
#include "verify/tarball_walk.h"

namespace ark::verify {

// Checks a backup's tarball as it streams past, entry by entry: against the manifest when
// there is one (each entry's size and digest; entries missing, extra or repeated; the whole
// file's size and digest; the objects per resource), structurally otherwise (every path is
// an item path Ark or Velero writes and every entry is JSON). With `deep`, every entry must
// be a Kubernetes object whose group, namespace and name agree with its path. Not thread-safe.
class ContentsCheck {
 public:
  // `manifest` may be null (no manifest); it must outlive the check.
  ContentsCheck(const api::BackupManifest* manifest, bool deep, Findings& findings);

  // For WalkTarball.
  Status OnEntry(const archive::TarEntry& entry);
  // After the walk: the whole-file, missing-entry and count checks, and the `checks` lines.
  void Finish(const TarballWalk& walk);

 private:
  struct Expected {
    const api::FileDigest* digest;
    bool seen = false;
  };
  void CheckObject(const archive::TarEntry& entry, const archive::ItemLocation* item);

  const api::BackupManifest* manifest_;
  const bool deep_;
  Findings& findings_;
  std::unordered_map<std::string, Expected> expected_;  // by path
  int64_t mismatched_ = 0;
};

}  // namespace ark::verify
