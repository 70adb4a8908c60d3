#include "cloud/local/local_object_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <system_error>
#include <vector>

#include "cloud/local/file_url.h"
#include "util/unique_fd.h"

namespace ark::cloud::local {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTempPrefix = ".ark-tmp-";
constexpr size_t kCopyBuffer = 256 << 10;

std::string Errno(int err) { return std::strerror(err); }

std::string ObjectName(const std::string& bucket, const std::string& key) {
  return "object \"" + key + "\" in bucket \"" + bucket + "\"";
}

Status ValidateBucket(const std::string& bucket) {
  if (bucket.empty() || bucket == "." || bucket == ".." || bucket.find('/') != std::string::npos ||
      bucket.find('\0') != std::string::npos) {
    return InvalidArgument("local object store: invalid bucket name \"" + bucket + "\"");
  }
  return Status::Ok();
}

// Checks the '/'-separated components of `path` (a key, or the directory part of a prefix).
Status ValidateComponents(std::string_view path, std::string_view what) {
  auto bad = [&](std::string_view why) {
    return InvalidArgument("local object store: " + std::string(what) + " \"" + std::string(path) +
                           "\": " + std::string(why));
  };
  if (path.starts_with("/")) return bad("absolute paths are not keys");
  if (path.find('\0') != std::string_view::npos) return bad("contains NUL");
  size_t start = 0;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(start, slash - start);
    if (part == "..") return bad("\"..\" is not allowed");
    if (part.empty() || part == ".") return bad("empty or \".\" component");
    if (part.starts_with(kTempPrefix))
      return bad("components starting with .ark-tmp- are reserved");
    start = slash + 1;
  }
  return Status::Ok();
}

Status ValidateKey(const std::string& key) {
  if (key.empty()) return InvalidArgument("local object store: empty key");
  if (key.back() == '/')
    return InvalidArgument("local object store: key \"" + key + "\" ends with '/'");
  return ValidateComponents(key, "key");
}

// The store's root must be named absolutely and exist as a directory: like a bucket that does
// not exist, a typo in the path must be an error, not a store that lists nothing (sync would
// take every backup for one whose files are gone).
Status CheckRoot(const std::string& root) {
  auto bad = [&](const std::string& why) {
    return InvalidArgument("local object store: path \"" + root + "\" " + why);
  };
  if (root.empty()) return InvalidArgument("local object store: config key \"path\" is empty");
  if (root.front() != '/') return bad("is relative: name the directory by its absolute path");
  struct stat st;
  if (::stat(root.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return bad("does not exist (create the directory)");
    return bad("cannot be read: " + Errno(errno));
  }
  if (!S_ISDIR(st.st_mode)) return bad("is not a directory");
  return Status::Ok();
}

Status FsyncDir(const std::string& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) {
    return Internal("local object store: fsync of directory " + dir + ": " + Errno(errno));
  }
  return Status::Ok();
}

}  // namespace

namespace {

// The mode a file created with 0666 gets under the process's umask. umask() can only be read
// by setting it, so it is read once, when the store is made (before its workers run).
mode_t FileModeUnderUmask() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

}  // namespace

LocalObjectStore::LocalObjectStore(std::string root)
    : root_(std::move(root)), file_mode_(FileModeUnderUmask()) {}

Result<std::string> LocalObjectStore::ObjectPath(const std::string& bucket,
                                                 const std::string& key) const {
  ARK_RETURN_IF_ERROR(ValidateBucket(bucket));
  ARK_RETURN_IF_ERROR(ValidateKey(key));
  return root_ + "/" + bucket + "/" + key;
}

Status LocalObjectStore::PutObject(const std::string& bucket, const std::string& key,
                                   ByteSource& body, int64_t size) {
  ARK_ASSIGN_OR_RETURN(std::string path, ObjectPath(bucket, key));
  const std::string what = ObjectName(bucket, key);
  std::string dir = path.substr(0, path.rfind('/'));
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    if (ec == std::errc::not_a_directory || ec == std::errc::file_exists) {
      return FailedPrecondition("local object store: cannot put " + what +
                                ": a part of its key is an existing object");
    }
    return Internal("local object store: creating " + dir + ": " + ec.message());
  }
  if (fs::is_directory(path, ec)) {
    return FailedPrecondition("local object store: cannot put " + what +
                              ": it is a prefix of other keys");
  }
  return WriteTempAndRename(dir, path, what, body, size);
}

Status LocalObjectStore::WriteTempAndRename(const std::string& dir, const std::string& path,
                                            const std::string& what, ByteSource& body,
                                            int64_t size) {
  std::string tmpl;
  int raw_fd = -1;
  // A concurrent DeleteObject may remove the (empty) directory between its creation and
  // here; re-create it a few times.
  for (int attempt = 0; attempt < 5 && raw_fd < 0; ++attempt) {
    tmpl = dir + "/" + std::string(kTempPrefix) + "XXXXXX";
    raw_fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
    if (raw_fd < 0 && errno == ENOENT) {
      std::error_code ec;
      fs::create_directories(dir, ec);
      continue;
    }
    break;
  }
  UniqueFd fd(raw_fd);
  if (fd.get() < 0) {
    return Internal("local object store: creating a temporary file in " + dir + ": " +
                    Errno(errno));
  }
  const std::string tmp = tmpl;
  auto fail = [&](Status s) {
    ::unlink(tmp.c_str());
    return s.Annotate("writing " + what);
  };
  // mkostemp makes the file 0600; stored objects get what any file the user makes would.
  ::fchmod(fd.get(), file_mode_);
  std::vector<char> buf(kCopyBuffer);
  int64_t total = 0;
  while (true) {
    Result<size_t> n = body.Read(buf.data(), buf.size());
    if (!n.ok()) return fail(n.status());
    if (*n == 0) break;
    size_t off = 0;
    while (off < *n) {
      ssize_t w = ::write(fd.get(), buf.data() + off, *n - off);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return fail(Internal("write " + tmp + ": " + Errno(errno)));
      off += static_cast<size_t>(w);
    }
    total += static_cast<int64_t>(*n);
  }
  if (size >= 0 && total != size) {
    return fail(InvalidArgument("body has " + std::to_string(total) + " bytes, expected " +
                                std::to_string(size)));
  }
  if (::fsync(fd.get()) != 0) return fail(Internal("fsync " + tmp + ": " + Errno(errno)));
  if (::close(fd.Release()) != 0) return fail(Internal("close " + tmp + ": " + Errno(errno)));
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return fail(Internal("rename " + tmp + " to " + path + ": " + Errno(errno)));
  }
  return FsyncDir(dir);
}

Status LocalObjectStore::GetObject(const std::string& bucket, const std::string& key,
                                   ByteSink& sink) {
  ARK_ASSIGN_OR_RETURN(std::string path, ObjectPath(bucket, key));
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st;
  if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    int err = errno;
    if (fd.get() >= 0 || err == ENOENT || err == ENOTDIR) {
      return NotFound("local object store: " + ObjectName(bucket, key) + " not found");
    }
    return Internal("local object store: open " + path + ": " + Errno(err));
  }
  std::vector<char> buf(kCopyBuffer);
  while (true) {
    ssize_t n = ::read(fd.get(), buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Internal("local object store: read " + path + ": " + Errno(errno));
    if (n == 0) return Status::Ok();
    ARK_RETURN_IF_ERROR(sink.Write(std::string_view(buf.data(), static_cast<size_t>(n))));
  }
}

Result<bool> LocalObjectStore::ObjectExists(const std::string& bucket, const std::string& key) {
  ARK_ASSIGN_OR_RETURN(std::string path, ObjectPath(bucket, key));
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return false;
    return Internal("local object store: stat " + path + ": " + Errno(errno));
  }
  return S_ISREG(st.st_mode);
}

Result<std::vector<std::string>> LocalObjectStore::ListObjects(const std::string& bucket,
                                                               const std::string& prefix) {
  ARK_RETURN_IF_ERROR(ValidateBucket(bucket));
  // Walk only below the deepest directory the prefix names in full.
  size_t slash = prefix.rfind('/');
  std::string start_rel = slash == std::string::npos ? "" : prefix.substr(0, slash);
  if (!start_rel.empty()) ARK_RETURN_IF_ERROR(ValidateComponents(start_rel, "prefix"));
  const std::string bucket_dir = root_ + "/" + bucket;
  const std::string start = start_rel.empty() ? bucket_dir : bucket_dir + "/" + start_rel;
  std::vector<std::string> keys;
  std::error_code ec;
  if (!fs::is_directory(start, ec)) {
    // The root gone (a volume unmounted, the directory removed) is not an empty bucket.
    ARK_RETURN_IF_ERROR(CheckRoot(root_));
    return keys;
  }
  fs::recursive_directory_iterator it(start, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    std::string name = p.filename().string();
    if (name.starts_with(kTempPrefix)) continue;
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec) || it->is_symlink(type_ec)) continue;
    std::string key = p.string().substr(bucket_dir.size() + 1);
    if (key.starts_with(prefix)) keys.push_back(std::move(key));
  }
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return Internal("local object store: listing " + start + ": " + ec.message());
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

Result<std::vector<std::string>> LocalObjectStore::ListCommonPrefixes(
    const std::string& bucket, const std::string& prefix, const std::string& delimiter) {
  if (delimiter.empty()) return InvalidArgument("local object store: empty delimiter");
  ARK_ASSIGN_OR_RETURN(std::vector<std::string> keys, ListObjects(bucket, prefix));
  std::set<std::string> prefixes;
  for (const std::string& key : keys) {
    size_t at = key.find(delimiter, prefix.size());
    if (at != std::string::npos) prefixes.insert(key.substr(0, at + delimiter.size()));
  }
  return std::vector<std::string>(prefixes.begin(), prefixes.end());
}

Status LocalObjectStore::DeleteObject(const std::string& bucket, const std::string& key) {
  ARK_ASSIGN_OR_RETURN(std::string path, ObjectPath(bucket, key));
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::Ok();
    if (errno == EISDIR || errno == EPERM) return Status::Ok();  // a prefix, not an object
    return Internal("local object store: deleting " + path + ": " + Errno(errno));
  }
  RemoveEmptyDirs(path.substr(0, path.rfind('/')), root_ + "/" + bucket);
  return Status::Ok();
}

void LocalObjectStore::RemoveEmptyDirs(std::string dir, const std::string& bucket_dir) {
  while (dir.size() > bucket_dir.size() && ::rmdir(dir.c_str()) == 0)
    dir = dir.substr(0, dir.rfind('/'));
}

Result<std::string> LocalObjectStore::CreateSignedUrl(const std::string& bucket,
                                                      const std::string& key,
                                                      std::chrono::seconds ttl) {
  ARK_ASSIGN_OR_RETURN(std::string path, ObjectPath(bucket, key));
  return FileUrl(path);
}

Result<RemovedFiles> LocalObjectStore::RemoveAbandonedUploads(
    const std::string& bucket, std::chrono::system_clock::time_point cutoff) {
  ARK_RETURN_IF_ERROR(ValidateBucket(bucket));
  const std::string bucket_dir = root_ + "/" + bucket;
  RemovedFiles removed;
  std::error_code ec;
  if (!fs::is_directory(bucket_dir, ec)) return removed;
  // The iterator does not enter symlinked directories: only the bucket's own files are seen.
  fs::recursive_directory_iterator it(bucket_dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!it->path().filename().string().starts_with(kTempPrefix)) continue;
    const std::string path = it->path().string();
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    const auto modified = std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::seconds(st.st_mtim.tv_sec) +
            std::chrono::nanoseconds(st.st_mtim.tv_nsec)));
    if (modified >= cutoff) continue;  // may be a live writer's
    if (::unlink(path.c_str()) != 0) {
      if (errno == ENOENT) continue;
      return Internal("local object store: removing " + path + ": " + Errno(errno));
    }
    ++removed.files;
    removed.bytes += st.st_size;
  }
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return Internal("local object store: listing " + bucket_dir + ": " + ec.message());
  }
  return removed;
}

Result<RemovedFiles> LocalObjectStore::RemoveUnfinishedUploadsUnder(const std::string& bucket,
                                                                    const std::string& prefix) {
  ARK_RETURN_IF_ERROR(ValidateBucket(bucket));
  const size_t slash = prefix.rfind('/');
  const std::string start_rel = slash == std::string::npos ? "" : prefix.substr(0, slash);
  if (!start_rel.empty()) ARK_RETURN_IF_ERROR(ValidateComponents(start_rel, "prefix"));
  const std::string bucket_dir = root_ + "/" + bucket;
  const std::string start = start_rel.empty() ? bucket_dir : bucket_dir + "/" + start_rel;
  RemovedFiles removed;
  std::error_code ec;
  if (!fs::is_directory(start, ec) || fs::is_symlink(start, ec)) return removed;
  std::set<std::string> dirs;  // visited, to remove those left empty, deepest first
  fs::recursive_directory_iterator it(start, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string path = it->path().string();
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) dirs.insert(path);
    if (!S_ISREG(st.st_mode) || !it->path().filename().string().starts_with(kTempPrefix)) continue;
    if (::unlink(path.c_str()) != 0) {
      if (errno == ENOENT) continue;
      return Internal("local object store: removing " + path + ": " + Errno(errno));
    }
    ++removed.files;
    removed.bytes += st.st_size;
  }
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return Internal("local object store: listing " + start + ": " + ec.message());
  }
  for (auto d = dirs.rbegin(); d != dirs.rend(); ++d) (void)::rmdir(d->c_str());
  RemoveEmptyDirs(start, bucket_dir);
  return removed;
}

Result<std::unique_ptr<ObjectStore>> NewLocalObjectStore(const ProviderConfig& config,
                                                         const ProviderEnv& env) {
  auto it = config.find("path");
  std::string root = it == config.end() ? kDefaultLocalStorePath : it->second;
  ARK_RETURN_IF_ERROR(CheckRoot(root));
  std::string s = fs::path(root).lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return std::unique_ptr<ObjectStore>(new LocalObjectStore(s));
}

}  // namespace ark::cloud::local
