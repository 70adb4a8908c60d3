#include "archive/tar_format.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace ark::archive {
namespace {

// Field offsets and sizes of a ustar header block.
struct Field {
  size_t offset;
  size_t size;
};
constexpr Field kName{0, 100};
constexpr Field kMode{100, 8};
constexpr Field kUid{108, 8};
constexpr Field kGid{116, 8};
constexpr Field kSize{124, 12};
constexpr Field kMtime{136, 12};
constexpr Field kChecksum{148, 8};
constexpr Field kTypeflag{156, 1};
constexpr Field kLinkname{157, 100};
constexpr Field kMagic{257, 6};
constexpr Field kVersion{263, 2};
constexpr Field kDevMajor{329, 8};
constexpr Field kDevMinor{337, 8};
constexpr Field kPrefix{345, 155};

constexpr int64_t kMaxOctalSize = (1ll << 33) - 1;  // 11 octal digits

void PutString(std::string& block, Field f, std::string_view s) {
  if (s.empty()) return;
  std::memcpy(block.data() + f.offset, s.data(), std::min(s.size(), f.size));
}

// Zero-padded octal in size-1 digits followed by NUL, as Go's formatOctal writes.
void PutOctal(std::string& block, Field f, int64_t value) {
  char digits[32];
  auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), value, 8);
  size_t n = static_cast<size_t>(end - digits);
  size_t width = f.size - 1;
  std::string s(width > n ? width - n : 0, '0');
  s.append(digits, n);
  PutString(block, f, s);
  block[f.offset + f.size - 1] = '\0';
}

void PutChecksum(std::string& block) {
  std::memset(block.data() + kChecksum.offset, ' ', kChecksum.size);
  unsigned sum = 0;
  for (unsigned char c : block) sum += c;
  // Six octal digits, NUL, space.
  PutOctal(block, Field{kChecksum.offset, 7}, sum);
  block[kChecksum.offset + 7] = ' ';
}

std::string BaseBlock(std::string_view name, char typeflag, int64_t mode, int64_t size,
                      int64_t mtime) {
  std::string block(kTarBlock, '\0');
  PutString(block, kName, name);
  PutOctal(block, kMode, mode);
  PutOctal(block, kUid, 0);
  PutOctal(block, kGid, 0);
  PutOctal(block, kSize, size);
  PutOctal(block, kMtime, mtime);
  block[kTypeflag.offset] = typeflag;
  PutString(block, kMagic, std::string_view("ustar\0", 6));
  PutString(block, kVersion, "00");
  PutOctal(block, kDevMajor, 0);
  PutOctal(block, kDevMinor, 0);
  return block;
}

// Splits `path` at a '/' so that prefix fits 155 bytes and name 100, as ustar requires.
bool SplitUstarPath(std::string_view path, std::string_view* prefix, std::string_view* name) {
  if (path.size() <= kName.size) {
    *prefix = {};
    *name = path;
    return true;
  }
  size_t limit = std::min(path.size() - 1, kPrefix.size);
  size_t slash = path.rfind('/', limit);
  if (slash == std::string_view::npos || slash == 0) return false;
  if (path.size() - slash - 1 > kName.size || path.size() - slash - 1 == 0) return false;
  *prefix = path.substr(0, slash);
  *name = path.substr(slash + 1);
  return true;
}

std::string PaxRecord(std::string_view key, std::string_view value) {
  // The length prefix counts itself: "%d %s=%s\n".
  size_t body = key.size() + value.size() + 3;  // ' ', '=', '\n'
  size_t total = body + 1;
  while (std::to_string(total).size() + body != total) total = std::to_string(total).size() + body;
  return std::to_string(total) + " " + std::string(key) + "=" + std::string(value) + "\n";
}

std::string_view FieldView(const char* block, Field f) {
  std::string_view v(block + f.offset, f.size);
  size_t nul = v.find('\0');
  return nul == std::string_view::npos ? v : v.substr(0, nul);
}

Result<int64_t> ParseNumeric(const char* block, Field f, std::string_view what) {
  const unsigned char* b = reinterpret_cast<const unsigned char*>(block + f.offset);
  if (b[0] & 0x80) {  // GNU base-256, big-endian, first byte's high bit is the marker
    if (b[0] & 0x40) return DataLoss("tar header: negative " + std::string(what));
    uint64_t v = b[0] & 0x3f;
    for (size_t i = 1; i < f.size; ++i) {
      if (v >> 55) return DataLoss("tar header: " + std::string(what) + " overflows");
      v = (v << 8) | b[i];
    }
    return static_cast<int64_t>(v);
  }
  std::string_view s(block + f.offset, f.size);
  auto trim = [](char c) { return c == ' ' || c == '\0'; };
  while (!s.empty() && trim(s.front())) s.remove_prefix(1);
  while (!s.empty() && trim(s.back())) s.remove_suffix(1);
  if (s.empty()) return int64_t{0};
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 8);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0) {
    return DataLoss("tar header: invalid " + std::string(what) + " field");
  }
  return v;
}

}  // namespace

Result<std::string> RegularFileHeader(std::string_view path, int64_t size, int64_t mtime) {
  if (size < 0 || size > kMaxOctalSize) {
    return InvalidArgument("tar entry \"" + std::string(path) + "\": size " + std::to_string(size) +
                           " does not fit a ustar header");
  }
  std::string_view prefix, name;
  if (SplitUstarPath(path, &prefix, &name)) {
    std::string block = BaseBlock(name, '0', 0755, size, mtime);
    PutString(block, kPrefix, prefix);
    PutChecksum(block);
    return block;
  }
  // PAX: an 'x' entry carrying the full path, then the ustar header with a truncated name.
  std::string records = PaxRecord("path", path);
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string_view::npos ? "" : std::string(path.substr(0, slash + 1));
  std::string file(slash == std::string_view::npos ? path : path.substr(slash + 1));
  std::string pax_name = dir + "PaxHeaders.0/" + file;
  std::string out =
      BaseBlock(pax_name.substr(0, kName.size), 'x', 0, static_cast<int64_t>(records.size()), 0);
  PutChecksum(out);
  out += records;
  out.append(TarPadding(static_cast<int64_t>(records.size())), '\0');
  std::string block = BaseBlock(path.substr(0, kName.size), '0', 0755, size, mtime);
  PutChecksum(block);
  out += block;
  return out;
}

bool IsZeroBlock(const char* block) {
  for (size_t i = 0; i < kTarBlock; ++i) {
    if (block[i] != 0) return false;
  }
  return true;
}

Result<TarHeader> ParseTarHeader(const char* block) {
  ARK_ASSIGN_OR_RETURN(int64_t stored, ParseNumeric(block, kChecksum, "checksum"));
  int64_t unsigned_sum = 0, signed_sum = 0;
  for (size_t i = 0; i < kTarBlock; ++i) {
    bool in_sum = i >= kChecksum.offset && i < kChecksum.offset + kChecksum.size;
    unsigned char u = in_sum ? ' ' : static_cast<unsigned char>(block[i]);
    unsigned_sum += u;
    signed_sum += in_sum ? ' ' : static_cast<signed char>(block[i]);
  }
  if (stored != unsigned_sum && stored != signed_sum) {
    return DataLoss("tar header: checksum mismatch (not a tar archive, or corrupt)");
  }
  TarHeader h;
  h.typeflag = block[kTypeflag.offset];
  ARK_ASSIGN_OR_RETURN(h.size, ParseNumeric(block, kSize, "size"));
  ARK_ASSIGN_OR_RETURN(h.mtime, ParseNumeric(block, kMtime, "mtime"));
  h.name = std::string(FieldView(block, kName));
  h.linkname = std::string(FieldView(block, kLinkname));
  // POSIX ustar ("ustar\0") joins the prefix; GNU ("ustar  \0") uses that area for other fields.
  if (std::memcmp(block + kMagic.offset, "ustar\0", 6) == 0) {
    std::string_view prefix = FieldView(block, kPrefix);
    if (!prefix.empty()) h.name = std::string(prefix) + "/" + h.name;
  }
  return h;
}

Status ValidateEntryPath(std::string_view path) {
  auto bad = [&](std::string_view why) {
    return InvalidArgument("tar entry \"" + std::string(path) + "\": " + std::string(why));
  };
  if (path.empty()) return bad("empty path");
  if (path.front() == '/') return bad("absolute path");
  if (path.find('\0') != std::string_view::npos) return bad("NUL in path");
  if (path.find('\\') != std::string_view::npos) return bad("backslash in path");
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(start, slash - start);
    if (part == "..") return bad("\"..\" component escapes the archive");
    if (part.empty() || part == ".") return bad("empty or \".\" path component");
    start = slash + 1;
  }
  return Status::Ok();
}

Result<std::map<std::string, std::string>> ParsePaxRecords(std::string_view data) {
  std::map<std::string, std::string> records;
  while (!data.empty()) {
    if (data.find_first_not_of('\0') == std::string_view::npos) break;  // trailing NULs
    size_t space = data.find(' ');
    if (space == std::string_view::npos || space == 0 || space > 20) {
      return DataLoss("PAX header: malformed record length");
    }
    size_t len = 0;
    auto [end, ec] = std::from_chars(data.data(), data.data() + space, len);
    if (ec != std::errc() || end != data.data() + space || len <= space + 1 || len > data.size()) {
      return DataLoss("PAX header: malformed record length");
    }
    std::string_view record = data.substr(space + 1, len - space - 1);
    data.remove_prefix(len);
    if (record.back() != '\n') return DataLoss("PAX header: record does not end in newline");
    record.remove_suffix(1);
    size_t eq = record.find('=');
    if (eq == std::string_view::npos || eq == 0) return DataLoss("PAX header: record without key");
    records[std::string(record.substr(0, eq))] = std::string(record.substr(eq + 1));
  }
  return records;
}

}  // namespace ark::archive
