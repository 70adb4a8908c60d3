#pragma once

#include <string>

#include "util/result.h"

namespace ark {

// A file removed when this goes out of scope (a tarball or log staged on its way to or from
// object storage). Move-only.
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  ~TempFile();
  TempFile(TempFile&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  TempFile& operator=(TempFile&&) = delete;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }

  // A new, empty file of a unique name in $TMPDIR (or /tmp) starting with `prefix`.
  static Result<TempFile> Create(const std::string& prefix);

 private:
  std::string path_;
};

}  // namespace ark
