#include "restore/archive_spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <list>

#include "archive/tar_paths.h"

namespace ark::restore {
namespace {

constexpr char kCrdResource[] = "customresourcedefinitions.apiextensions.k8s.io";
constexpr size_t kFileBuffer = 1 << 16;

struct FileCloser {
  void operator()(FILE* f) const {
    if (f != nullptr) std::fclose(f);
  }
};
using File = std::unique_ptr<FILE, FileCloser>;

Status IoError(const std::string& what, const std::string& path) {
  return Internal(what + " " + path + ": " + std::strerror(errno));
}

// `mode` is "wb" (a new file), "ab" or "rb". Spool files hold the backup's items: owner-only
// (0600), never reached through a symlink, not inherited by programs the server runs.
Result<File> OpenFile(const std::string& path, const char* mode) {
  const std::string_view m = mode;
  const int access = m == "wb"   ? O_WRONLY | O_CREAT | O_EXCL
                     : m == "ab" ? O_WRONLY | O_APPEND
                                 : O_RDONLY;
  const int fd = ::open(path.c_str(), access | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("opening spool file", path);
  File f(::fdopen(fd, mode));
  if (!f) {
    Status failed = IoError("opening spool file", path);
    ::close(fd);
    return failed;
  }
  std::setvbuf(f.get(), nullptr, _IOFBF, kFileBuffer);
  return f;
}

}  // namespace

struct ArchiveSpool::Bucket {
  std::string path;
  int64_t items = 0;
  int64_t cluster_items = 0;
  bool created = false;  // the file exists (later opens append)
};

// The spool files open for writing, least recently used first.
class ArchiveSpool::WriterCache {
 public:
  explicit WriterCache(SpoolStats& stats) : stats_(stats) {}

  Result<FILE*> Get(Bucket& bucket) {
    for (auto it = open_.begin(); it != open_.end(); ++it) {
      if (it->first == &bucket) {
        open_.splice(open_.end(), open_, it);
        return open_.back().second.get();
      }
    }
    if (static_cast<int>(open_.size()) >= kMaxOpenWriters) {
      ARK_RETURN_IF_ERROR(CloseFront());
    }
    ARK_ASSIGN_OR_RETURN(File f, OpenFile(bucket.path, bucket.created ? "ab" : "wb"));
    bucket.created = true;
    open_.emplace_back(&bucket, std::move(f));
    stats_.max_open_files = std::max(stats_.max_open_files, static_cast<int>(open_.size()));
    return open_.back().second.get();
  }

  Status CloseAll() {
    while (!open_.empty()) ARK_RETURN_IF_ERROR(CloseFront());
    return Status::Ok();
  }

 private:
  Status CloseFront() {
    auto& [bucket, file] = open_.front();
    FILE* f = file.release();
    const std::string path = bucket->path;
    open_.pop_front();
    if (std::fclose(f) != 0) return IoError("writing spool file", path);
    return Status::Ok();
  }

  SpoolStats& stats_;
  std::list<std::pair<Bucket*, File>> open_;
};

ArchiveSpool::ArchiveSpool(std::string dir) : dir_(std::move(dir)) {}

ArchiveSpool::~ArchiveSpool() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

Result<std::unique_ptr<ArchiveSpool>> ArchiveSpool::Build(ByteSource& tarball,
                                                          const std::string& parent_dir,
                                                          const archive::ReaderLimits& limits) {
  std::string templ = parent_dir + "/ark-restore-XXXXXX";
  if (::mkdtemp(templ.data()) == nullptr) return IoError("creating work directory in", parent_dir);
  std::unique_ptr<ArchiveSpool> spool(new ArchiveSpool(templ));

  ARK_ASSIGN_OR_RETURN(std::unique_ptr<archive::TarballReader> reader,
                       archive::NewTarballReader(tarball, limits));
  WriterCache writers(spool->stats_);
  while (true) {
    ARK_ASSIGN_OR_RETURN(std::optional<archive::TarEntry> entry, reader->Next());
    if (!entry) break;
    auto location = archive::ParseItemPath(entry->path);
    if (!location.ok()) {
      Status s = location.status();
      return s.Annotate("backup tarball");
    }
    if (!location->has_value()) {
      ++spool->stats_.ignored_entries;
      continue;
    }
    const archive::ItemLocation& loc = **location;
    ARK_RETURN_IF_ERROR(spool->Add(loc.group_resource, loc.ns, loc.name, entry->content, writers));
  }
  ARK_RETURN_IF_ERROR(writers.CloseAll());
  return spool;
}

Status ArchiveSpool::Add(const std::string& gr, const std::string& ns, const std::string& name,
                         std::string_view content, WriterCache& writers) {
  auto& slot = buckets_[gr];
  if (!slot) {
    slot = std::make_unique<Bucket>();
    slot->path = dir_ + "/" + std::to_string(buckets_.size()) + ".spool";
  }
  Bucket& bucket = *slot;
  ARK_ASSIGN_OR_RETURN(FILE * f, writers.Get(bucket));
  const uint32_t header[3] = {static_cast<uint32_t>(ns.size()), static_cast<uint32_t>(name.size()),
                              static_cast<uint32_t>(content.size())};
  if (std::fwrite(header, sizeof(header), 1, f) != 1 ||
      std::fwrite(ns.data(), 1, ns.size(), f) != ns.size() ||
      std::fwrite(name.data(), 1, name.size(), f) != name.size() ||
      std::fwrite(content.data(), 1, content.size(), f) != content.size()) {
    return IoError("writing spool file", bucket.path);
  }
  ++bucket.items;
  if (ns.empty()) ++bucket.cluster_items;
  if (ns.empty() && gr == kCrdResource) crd_names_.insert(name);
  ++stats_.items;
  stats_.bytes += static_cast<int64_t>(content.size());
  return Status::Ok();
}

std::vector<std::string> ArchiveSpool::GroupResources() const {
  std::vector<std::string> out;
  for (const auto& [gr, bucket] : buckets_) out.push_back(gr);
  return out;
}

int64_t ArchiveSpool::ItemCount(const std::string& gr) const {
  auto it = buckets_.find(gr);
  return it == buckets_.end() ? 0 : it->second->items;
}

int64_t ArchiveSpool::ClusterItemCount(const std::string& gr) const {
  auto it = buckets_.find(gr);
  return it == buckets_.end() ? 0 : it->second->cluster_items;
}

Status ArchiveSpool::ForEach(const std::string& gr,
                             const std::function<Status(SpoolItem& item)>& fn,
                             const std::function<void(size_t content_bytes)>& admit) const {
  auto it = buckets_.find(gr);
  if (it == buckets_.end()) return Status::Ok();
  const Bucket& bucket = *it->second;
  ARK_ASSIGN_OR_RETURN(File f, OpenFile(bucket.path, "rb"));
  for (int64_t i = 0; i < bucket.items; ++i) {
    uint32_t header[3];
    if (std::fread(header, sizeof(header), 1, f.get()) != 1) {
      return DataLoss("spool file " + bucket.path + " is truncated");
    }
    if (admit) admit(header[2]);
    SpoolItem item;
    item.ns.resize(header[0]);
    item.name.resize(header[1]);
    item.content.resize(header[2]);
    if (std::fread(item.ns.data(), 1, header[0], f.get()) != header[0] ||
        std::fread(item.name.data(), 1, header[1], f.get()) != header[1] ||
        std::fread(item.content.data(), 1, header[2], f.get()) != header[2]) {
      return DataLoss("spool file " + bucket.path + " is truncated");
    }
    ARK_RETURN_IF_ERROR(fn(item));
  }
  return Status::Ok();
}

}  // namespace ark::restore
