#include "util/work_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <utility>

#include "util/unique_fd.h"

namespace ark {
namespace {

namespace fs = std::filesystem;

constexpr char kLockName[] = ".lock";

std::string Errno() { return std::strerror(errno); }

std::string Octal(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

int Flock(int fd, int how) {
  int rc;
  do {
    rc = ::flock(fd, how);
  } while (rc != 0 && errno == EINTR);
  return rc;
}

// True when `dir` is a folder whose process is gone: its lock file is missing, not a file, or
// not locked. A live process's lock is held, so the try fails with EWOULDBLOCK.
bool Abandoned(const std::string& dir) {
  UniqueFd lock(::open((dir + "/" + kLockName).c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC));
  if (lock.get() < 0) return true;
  return Flock(lock.get(), LOCK_EX | LOCK_NB) == 0;
}

// Removes every entry of `base` but its lock file and the folders of live processes. Runs with
// the base lock held, so no process is between making its folder and locking it.
void RemoveAbandoned(const std::string& base, WorkDirCleanup& cleanup) {
  std::error_code ec;
  for (fs::directory_iterator it(base, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name == kLockName) continue;
    const std::string path = it->path().string();
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) continue;  // gone meanwhile
    if (S_ISDIR(st.st_mode) && !Abandoned(path)) continue;
    Status removed = RemoveTree(path, &cleanup.removed);
    if (removed.ok()) {
      ++cleanup.folders;
    } else {
      cleanup.problems.push_back(removed.ToString());
    }
  }
  if (ec) cleanup.problems.push_back("listing " + base + ": " + ec.message());
}

Status MakeBase(const std::string& parent, const std::string& base) {
  struct stat st;
  if (::stat(parent.c_str(), &st) != 0) {
    if (errno == ENOENT) return NotFound("temp folder " + parent + " does not exist");
    return Internal("temp folder " + parent + ": " + Errno());
  }
  if (!S_ISDIR(st.st_mode)) {
    return FailedPrecondition("temp folder " + parent + " is not a directory");
  }
  if (::mkdir(base.c_str(), 0700) == 0) {
    // The umask may have taken bits from a folder this process just made, never added any.
    if (::chmod(base.c_str(), 0700) != 0) return Internal("chmod 0700 " + base + ": " + Errno());
  } else if (errno != EEXIST) {
    return Internal("creating " + base + ": " + Errno());
  }
  return CheckPrivateDir(base);
}

}  // namespace

Status CheckPrivateDir(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (fd.get() < 0) {
    const int err = errno;
    struct stat st;
    if (err == ENOENT) return NotFound(path + " does not exist");
    if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
      return FailedPrecondition(path + " is a symbolic link, not a directory: remove it");
    }
    if (err == ENOTDIR) return FailedPrecondition(path + " is not a directory: remove it");
    return Internal("opening " + path + ": " + std::strerror(err));
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return Internal("stat " + path + ": " + Errno());
  const uid_t me = ::geteuid();
  if (st.st_uid != me) {
    return FailedPrecondition(path + " is owned by uid " + std::to_string(st.st_uid) +
                              ", not by this user (uid " + std::to_string(me) +
                              "): remove it or use another temp folder");
  }
  if ((st.st_mode & 07777) != 0700) {
    return FailedPrecondition(path + " has mode " + Octal(st.st_mode) +
                              ", not 0700 (others could read or plant files there): remove it");
  }
  return Status::Ok();
}

Result<std::unique_ptr<WorkDir>> WorkDir::Create(const std::string& parent,
                                                 const std::string& prefix,
                                                 WorkDirCleanup* cleanup) {
  const std::string base = parent + "/ark-" + std::to_string(::geteuid());
  ARK_RETURN_IF_ERROR(MakeBase(parent, base));

  const std::string base_lock_path = base + "/" + kLockName;
  UniqueFd base_lock(
      ::open(base_lock_path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (base_lock.get() < 0 || Flock(base_lock.get(), LOCK_EX) != 0) {
    return Internal("locking " + base_lock_path + ": " + Errno());
  }
  WorkDirCleanup local;
  RemoveAbandoned(base, cleanup != nullptr ? *cleanup : local);

  std::string path = base + "/" + prefix + "XXXXXX";
  if (::mkdtemp(path.data()) == nullptr) {
    return Internal("creating a folder in " + base + ": " + Errno());
  }
  auto undo = [&](Status why) {
    RemovedFiles ignored;
    (void)RemoveTree(path, &ignored);
    return why;
  };
  if (::chmod(path.c_str(), 0700) != 0) {
    return undo(Internal("chmod 0700 " + path + ": " + Errno()));
  }
  const std::string lock_path = path + "/" + kLockName;
  UniqueFd lock(
      ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (lock.get() < 0 || Flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
    return undo(Internal("locking " + lock_path + ": " + Errno()));
  }
  return std::unique_ptr<WorkDir>(new WorkDir(std::move(path), lock.Release()));
}

WorkDir::~WorkDir() {
  RemovedFiles ignored;
  (void)RemoveTree(path_, &ignored);
  ::close(lock_fd_);  // the lock goes last: until then no other process takes the folder
}

}  // namespace ark
