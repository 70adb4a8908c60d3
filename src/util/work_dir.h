#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "util/file_tree.h"
#include "util/result.h"

namespace ark {

// A process's private working folder, where its temp files and spools go, and the cleanup of
// the folders that killed processes left behind.
//
// Layout, for the effective user id U:
//
//   <parent>/ark-U/             0700, owned by U: ark's, everything in it is ark's
//   <parent>/ark-U/.lock        flock()ed while a folder is made or cleaned up
//   <parent>/ark-U/server-XXXXXX/        0700, one per live process (random name)
//   <parent>/ark-U/server-XXXXXX/.lock   flock()ed by its process for as long as it runs
//
// A folder whose lock nobody holds belongs to a process that is gone (the kernel drops an
// flock when its holder dies, however it dies; unlike a pid, a lock is not reused), so Create
// removes it, with everything else in ark-U that is not a live process's folder. Several
// processes may share one parent: each removes only what no live process holds.
//
// What Create removed of the processes that are gone.
struct WorkDirCleanup {
  int64_t folders = 0;                // their folders (and stray entries of ark-U)
  RemovedFiles removed;               // the files in them
  std::vector<std::string> problems;  // what could not be removed, and why
};

// The destructor removes the folder and releases its lock. Not copyable.
class WorkDir {
 public:
  // Makes `<parent>/ark-U` when missing, checks it (a directory, not a symlink, owned by U,
  // mode 0700: otherwise FailedPrecondition saying which and what to do), removes what dead
  // processes left there (reported in `cleanup`, which may be null; a leftover that cannot be
  // removed is a problem there, not an error), then makes this process's folder
  // `<prefix>XXXXXX` and locks it. `parent` must exist (NotFound otherwise).
  static Result<std::unique_ptr<WorkDir>> Create(const std::string& parent,
                                                 const std::string& prefix,
                                                 WorkDirCleanup* cleanup);
  ~WorkDir();
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;

  // The private folder: `<parent>/ark-U/<prefix>XXXXXX`.
  const std::string& path() const { return path_; }

 private:
  WorkDir(std::string path, int lock_fd) : path_(std::move(path)), lock_fd_(lock_fd) {}

  const std::string path_;
  const int lock_fd_;  // holds the folder's flock
};

// Checks that `path` is a directory (not a symlink to one), owned by the effective user and of
// mode 0700; FailedPrecondition naming the path and the problem otherwise, NotFound when it
// does not exist.
Status CheckPrivateDir(const std::string& path);

}  // namespace ark
