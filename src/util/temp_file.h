#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace ark {

// A file removed when this goes out of scope (a tarball or log staged on its way to or from
// object storage). Move-only.
//
// Files are created with open(O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, 0600) under a name with 16
// random characters, so nobody can predict it, plant a file or a symlink there first, or read
// it. The file is closed once created: the caller reopens it by path, which is safe when `dir`
// is private to this user (see util/work_dir.h).
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  ~TempFile();
  TempFile(TempFile&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  TempFile& operator=(TempFile&&) = delete;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }

  // A new, empty file `<dir>/<prefix><16 random characters><suffix>`. `prefix` and `suffix`
  // only make the name readable: characters other than letters, digits, '.', '_' and '-' (a
  // '/' from a backup's name, say) become '_', so the file is always directly in `dir`.
  // Errors (Unavailable) name the directory and the reason.
  static Result<TempFile> Create(const std::string& dir, std::string_view prefix,
                                 std::string_view suffix = "");

 private:
  std::string path_;
};

// $TMPDIR when set and not empty, else /tmp. Read where a process starts (flag defaults, the
// CLI); domain code is given a directory.
std::string SystemTempDir();

}  // namespace ark
