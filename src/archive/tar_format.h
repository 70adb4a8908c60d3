#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "util/result.h"

namespace ark::archive {

// The byte layout of tar headers (POSIX ustar, PAX extended headers, GNU long names), kept
// apart from the streaming writer and reader so each can be tested on its own.

inline constexpr size_t kTarBlock = 512;

// Bytes of zero padding that follow `size` bytes of entry data.
inline size_t TarPadding(int64_t size) {
  return static_cast<size_t>((kTarBlock - size % kTarBlock) % kTarBlock);
}

// The header block(s) of one regular file as Go's archive/tar writes them: a single ustar
// block when the path fits the name field (<= 100 bytes) or splits at a '/' into prefix
// (<= 155) and name (<= 100); otherwise a PAX 'x' entry ("<dir>/PaxHeaders.0/<file>",
// record "path=<path>") followed by a ustar block holding the truncated path. Mode 0755,
// uid/gid 0, empty owner names. InvalidArgument for a size that does not fit 11 octal digits.
Result<std::string> RegularFileHeader(std::string_view path, int64_t size, int64_t mtime);

// One parsed header block (any type). Numeric fields accept octal and GNU base-256.
struct TarHeader {
  std::string name;  // name field, with the ustar prefix joined when the magic is POSIX
  std::string linkname;
  char typeflag = '0';
  int64_t size = 0;
  int64_t mtime = 0;
};

bool IsZeroBlock(const char* block);
// DataLoss for a checksum mismatch or an unparsable numeric field.
Result<TarHeader> ParseTarHeader(const char* block);

// An entry path ark writes or accepts: non-empty, relative, '/'-separated, no empty, "." or
// ".." components, no NUL or backslash. InvalidArgument naming the path otherwise.
Status ValidateEntryPath(std::string_view path);

// PAX extended-header records ("%d key=value\n" ...). DataLoss for malformed records.
Result<std::map<std::string, std::string>> ParsePaxRecords(std::string_view data);

}  // namespace ark::archive
