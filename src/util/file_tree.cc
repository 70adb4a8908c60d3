#include "util/file_tree.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace ark {

namespace fs = std::filesystem;

Status RemoveTree(const std::string& path, RemovedFiles* removed) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::Ok();
    return Internal("removing " + path + ": " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) {
    std::error_code ec;
    // directory_iterator does not follow the symlinks it lists; RemoveTree lstat()s them.
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      ARK_RETURN_IF_ERROR(RemoveTree(it->path().string(), removed));
    }
    if (ec && ec != std::errc::no_such_file_or_directory) {
      return Internal("removing " + path + ": " + ec.message());
    }
    if (::rmdir(path.c_str()) != 0 && errno != ENOENT) {
      return Internal("removing " + path + ": " + std::strerror(errno));
    }
    return Status::Ok();
  }
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return Status::Ok();
    return Internal("removing " + path + ": " + std::strerror(errno));
  }
  ++removed->files;
  if (S_ISREG(st.st_mode)) removed->bytes += st.st_size;
  return Status::Ok();
}

}  // namespace ark
