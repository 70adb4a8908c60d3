#pragma once

#include <cstdint>
#include <string>

#include "util/result.h"

namespace ark {

// What a cleanup removed, for its log line.
struct RemovedFiles {
  int64_t files = 0;  // regular files (and symlinks or other non-directories)
  int64_t bytes = 0;  // the sizes of those files

  RemovedFiles& operator+=(const RemovedFiles& other) {
    files += other.files;
    bytes += other.bytes;
    return *this;
  }
};

// Removes `path`: a file, or a directory with everything below it. Symlinks are removed, never
// followed. A missing `path` removes nothing. Errors (Internal) name the entry that could not be
// removed; what was removed before it is still counted in `removed`.
Status RemoveTree(const std::string& path, RemovedFiles* removed);

}  // namespace ark
