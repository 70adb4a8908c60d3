#include "archive/tarball_reader.h"

#include <map>

#include "archive/gzip_reader.h"
#include "archive/tar_format.h"

namespace ark::archive {
namespace {

// Bounds on metadata entries (PAX headers, GNU long names), which are held in memory.
constexpr int64_t kMaxMetadataEntryBytes = 1 << 20;

class TarballReaderImpl final : public TarballReader {
 public:
  TarballReaderImpl(ByteSource& source, const ReaderLimits& limits)
      : limits_(limits), gzip_(source, limits.max_compression_ratio) {}

  Result<std::optional<TarEntry>> Next() override {
    if (!status_.ok()) return status_;
    if (done_) return std::optional<TarEntry>();
    Result<std::optional<TarEntry>> r = NextEntry();
    if (!r.ok()) status_ = r.status();
    return r;
  }

 private:
  // Reads exactly `n` bytes into `out`; DataLoss naming `what` when the stream ends first.
  Status ReadExact(char* out, size_t n, const std::string& what) {
    size_t got = 0;
    while (got < n) {
      ARK_ASSIGN_OR_RETURN(size_t r, gzip_.Read(out + got, n - got));
      if (r == 0) return DataLoss("tarball truncated inside " + what);
      got += r;
    }
    return Status::Ok();
  }

  // Reads an entry's data (size bytes plus block padding) into `out`.
  Status ReadData(int64_t size, std::string* out, const std::string& what) {
    out->resize(static_cast<size_t>(size));
    ARK_RETURN_IF_ERROR(ReadExact(out->data(), out->size(), what));
    char pad[kTarBlock];
    return ReadExact(pad, TarPadding(size), what);
  }

  Status SkipData(int64_t size, const std::string& what) {
    char buf[16 * kTarBlock];
    int64_t left = size + static_cast<int64_t>(TarPadding(size));
    while (left > 0) {
      size_t n = static_cast<size_t>(std::min<int64_t>(left, sizeof(buf)));
      ARK_RETURN_IF_ERROR(ReadExact(buf, n, what));
      left -= static_cast<int64_t>(n);
    }
    return Status::Ok();
  }

  Status CountEntry(int64_t size, const std::string& what) {
    if (++headers_ > limits_.max_entries) {
      return InvalidArgument("tarball has more than " + std::to_string(limits_.max_entries) +
                             " entries (at " + what + ")");
    }
    if (size > limits_.max_total_bytes - total_bytes_) {  // no overflow: both are in range
      return InvalidArgument("tarball holds more than " + std::to_string(limits_.max_total_bytes) +
                             " bytes (at " + what + ")");
    }
    total_bytes_ += size;
    return Status::Ok();
  }

  Result<std::optional<TarEntry>> NextEntry() {
    std::optional<std::string> long_name;  // from a PAX 'x' path or a GNU 'L' entry
    char block[kTarBlock];
    while (true) {
      std::string where = "tar header after entry " + std::to_string(headers_);
      ARK_RETURN_IF_ERROR(ReadExact(block, kTarBlock, where));
      if (IsZeroBlock(block)) {
        ARK_RETURN_IF_ERROR(FinishArchive());
        if (long_name) return DataLoss("tarball ends after an extended header without its entry");
        return std::optional<TarEntry>();
      }
      Result<TarHeader> parsed = ParseTarHeader(block);
      if (!parsed.ok()) return Status(parsed.status()).Annotate(where);
      const TarHeader& h = *parsed;
      std::string name = long_name ? *long_name : h.name;
      std::string what = "entry \"" + name + "\"";
      ARK_RETURN_IF_ERROR(CountEntry(h.size, what));
      ARK_ASSIGN_OR_RETURN(bool consumed, ConsumeNonFile(h, name, what, &long_name));
      if (consumed) continue;
      ARK_RETURN_IF_ERROR(ValidateEntryPath(name));
      if (h.size > limits_.max_entry_bytes) {
        return InvalidArgument("tarball " + what + " is " + std::to_string(h.size) +
                               " bytes, over the limit of " +
                               std::to_string(limits_.max_entry_bytes));
      }
      TarEntry entry;
      entry.path = std::move(name);
      ARK_RETURN_IF_ERROR(ReadData(h.size, &entry.content, what));
      return std::optional<TarEntry>(std::move(entry));
    }
  }

  // After the first zero block: a second one (its absence at the very end is tolerated),
  // then the rest of the stream is drained so a corrupt or truncated gzip tail is reported.
  Status FinishArchive() {
    char block[kTarBlock];
    size_t got = 0;
    while (got < kTarBlock) {
      ARK_ASSIGN_OR_RETURN(size_t r, gzip_.Read(block + got, kTarBlock - got));
      if (r == 0) break;
      got += r;
    }
    if (got != 0 && (got != kTarBlock || !IsZeroBlock(block))) {
      return DataLoss("tarball: data after a zero block (corrupt archive)");
    }
    char rest[4096];
    while (true) {
      ARK_ASSIGN_OR_RETURN(size_t r, gzip_.Read(rest, sizeof(rest)));
      if (r == 0) break;
    }
    done_ = true;
    return Status::Ok();
  }

  // Handles every header that is not a regular file: true when it was consumed (metadata
  // for the next entry, a directory), false for a regular file (its name no longer pending),
  // an error for links, devices, FIFOs and unknown types.
  Result<bool> ConsumeNonFile(const TarHeader& h, const std::string& name, const std::string& what,
                              std::optional<std::string>* long_name) {
    switch (h.typeflag) {
      case 'x': {  // PAX extended header for the next entry
        if (h.size > kMaxMetadataEntryBytes)
          return InvalidArgument("tarball: oversized PAX header");
        std::string data;
        ARK_RETURN_IF_ERROR(ReadData(h.size, &data, "PAX header"));
        ARK_ASSIGN_OR_RETURN(auto records, ParsePaxRecords(data));
        if (auto it = records.find("path"); it != records.end()) *long_name = it->second;
        if (records.count("size") || records.count("GNU.sparse.size")) {
          return InvalidArgument("tarball: PAX size and sparse records are not supported (" + what +
                                 ")");
        }
        return true;
      }
      case 'g':  // PAX global header: nothing ark uses
        if (h.size > kMaxMetadataEntryBytes)
          return InvalidArgument("tarball: oversized PAX header");
        ARK_RETURN_IF_ERROR(SkipData(h.size, "PAX global header"));
        return true;
      case 'L': {  // GNU long name for the next entry
        if (h.size > kMaxMetadataEntryBytes)
          return InvalidArgument("tarball: oversized GNU long name");
        std::string data;
        ARK_RETURN_IF_ERROR(ReadData(h.size, &data, "GNU long name"));
        size_t nul = data.find('\0');
        *long_name = nul == std::string::npos ? data : data.substr(0, nul);
        return true;
      }
      case '1':
      case '2':
      case 'K':
        return InvalidArgument("tarball " + what + " is a link; backups hold regular files only");
      case '3':
      case '4':
      case '6':
        return InvalidArgument("tarball " + what +
                               " is a device or FIFO; backups hold regular files only");
      case '5':
        break;
      case '0':
      case '\0':
      case '7':
        long_name->reset();
        if (h.typeflag != '\0' || name.empty() || name.back() != '/') return false;
        break;  // an old-style directory: type '\0' and a name ending in '/'
      default:
        return InvalidArgument("tarball " + what + " has unsupported type '" +
                               std::string(1, h.typeflag) + "'");
    }
    // Directories are skipped, but their names must be as safe as a file's.
    long_name->reset();
    ARK_RETURN_IF_ERROR(ValidateEntryPath(TrimSlash(name)));
    ARK_RETURN_IF_ERROR(SkipData(h.size, what));
    return true;
  }

  static std::string_view TrimSlash(std::string_view s) {
    while (!s.empty() && s.back() == '/') s.remove_suffix(1);
    return s;
  }

  const ReaderLimits limits_;
  GzipReader gzip_;
  Status status_;  // sticky: after an error every Next returns it
  bool done_ = false;
  int64_t headers_ = 0;
  int64_t total_bytes_ = 0;
};

}  // namespace

Result<std::unique_ptr<TarballReader>> NewTarballReader(ByteSource& source,
                                                        const ReaderLimits& limits) {
  if (limits.max_entry_bytes <= 0 || limits.max_entries <= 0 || limits.max_total_bytes <= 0 ||
      limits.max_compression_ratio <= 0) {
    return InvalidArgument("tarball reader: limits must be positive");
  }
  return std::unique_ptr<TarballReader>(new TarballReaderImpl(source, limits));
}

}  // namespace ark::archive
