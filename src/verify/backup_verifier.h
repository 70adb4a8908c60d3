#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cloud/block_store.h"
#include "persistence/backup_store.h"
#include "util/cancel.h"
#include "util/result.h"

namespace ark::verify {

struct VerifyOptions {
  // Also parses every tarball entry as a Kubernetes object and checks that it is the object its
  // path names (kind, namespace, name).
  bool deep = false;
};

// One thing wrong with a stored backup. `where` names the place: "contents" (the tarball as a
// whole), "contents:<entry path>", "log", "manifest", "snapshot:<provider snapshot id>".
struct Problem {
  std::string where;
  std::string what;
};

inline constexpr size_t kMaxProblems = 1000;

struct VerifyReport {
  // False for backups written without a manifest (Ark, Velero, older ark): those are checked
  // structurally only (the tarball reads whole, every entry is a valid path and JSON, the log
  // reads whole), and the report says so in `checks`.
  bool has_manifest = false;
  // What was checked, one line each, for people ("tarball: 4,212,331 bytes, sha256 matches").
  std::vector<std::string> checks;
  // At most kMaxProblems are kept; the rest are counted in `problems_not_kept`, so a badly
  // damaged backup of 100,000 entries still makes a report of bounded size.
  std::vector<Problem> problems;
  int64_t problems_not_kept = 0;
  int64_t entries = 0;                       // tarball entries read
  std::map<std::string, int64_t> resources;  // objects per group-resource, as read
  int64_t snapshots_checked = 0;

  bool passed() const { return problems.empty(); }
};

// Reads the backup's stored files once each (streamed; memory does not grow with the backup),
// checks every digest, size and count against its manifest, and asks `snapshots` (may be null:
// then snapshots are not checked and `checks` says so) whether each recorded volume snapshot
// still exists. Problems found in the data are in the report; a non-OK status means the check
// itself could not run (store unreachable, backup not found, cancelled).
//
// The manifest is the one file read whole into memory (once, to index its entries): it grows
// with the number of entries, a few MB for 20,000, not with the size of the objects.
Result<VerifyReport> VerifyBackup(persistence::BackupStore& store, cloud::BlockStore* snapshots,
                                  const std::string& backup, const VerifyOptions& options,
                                  const CancelToken* cancel);

}  // namespace ark::verify
