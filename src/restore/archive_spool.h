#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "archive/tarball_reader.h"
#include "util/byte_stream.h"
#include "util/result.h"

namespace ark::restore {

// One item read back from the spool.
struct SpoolItem {
  std::string ns;  // source namespace, "" for cluster-scoped items
  std::string name;
  std::string content;  // the entry's bytes (JSON), unparsed
};

struct SpoolStats {
  int64_t items = 0;
  int64_t bytes = 0;            // item content bytes spooled
  int64_t ignored_entries = 0;  // entries that are not items (metadata/version, version trees)
  int max_open_files = 0;       // most spool files open at once while writing
};

// The backup tarball, read once and split into one spool file per group-resource in a private
// work directory, so a restore can read the items back in priority order without holding them
// in memory or extracting one file per item (Ark v0.5 hit the open-file limit that way).
// Writing keeps at most kMaxOpenWriters spool files open (least recently used is closed);
// reading opens one file at a time. Item paths are validated by archive::ParseItemPath; the
// spool's own file names are numbers, never derived from archive content.
// The work directory is removed when the Spool is destroyed. Not thread-safe.
class ArchiveSpool {
 public:
  static constexpr int kMaxOpenWriters = 4;

  // Creates a fresh directory under `parent_dir` and spools every item of `tarball`.
  // Errors: the tarball's (DataLoss / InvalidArgument naming the entry), an entry whose path
  // no Ark or Velero wrote (InvalidArgument naming it), and I/O errors naming the spool file.
  static Result<std::unique_ptr<ArchiveSpool>> Build(ByteSource& tarball,
                                                     const std::string& parent_dir,
                                                     const archive::ReaderLimits& limits = {});
  ~ArchiveSpool();
  ArchiveSpool(const ArchiveSpool&) = delete;
  ArchiveSpool& operator=(const ArchiveSpool&) = delete;

  // Every group-resource with at least one item, sorted.
  std::vector<std::string> GroupResources() const;
  int64_t ItemCount(const std::string& group_resource) const;
  int64_t ClusterItemCount(const std::string& group_resource) const;
  // Names of the CustomResourceDefinitions in the backup ("widgets.example.com").
  const std::set<std::string>& crd_names() const { return crd_names_; }
  const SpoolStats& stats() const { return stats_; }
  const std::string& dir() const { return dir_; }

  // Calls `fn` for each item of `group_resource` in archive order. An error from `fn` stops
  // the scan and is returned. `admit`, when set, is called with the size of each item's
  // content before the content is read (it may block until there is room for it); every
  // admitted item then reaches `fn` unless ForEach returns an error first.
  Status ForEach(const std::string& group_resource,
                 const std::function<Status(SpoolItem& item)>& fn,
                 const std::function<void(size_t content_bytes)>& admit = nullptr) const;

 private:
  struct Bucket;
  class WriterCache;
  explicit ArchiveSpool(std::string dir);
  Status Add(const std::string& gr, const std::string& ns, const std::string& name,
             std::string_view content, WriterCache& writers);

  std::string dir_;
  std::map<std::string, std::unique_ptr<Bucket>> buckets_;  // by group-resource
  std::set<std::string> crd_names_;
  SpoolStats stats_;
};

}  // namespace ark::restore
