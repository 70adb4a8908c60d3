// libFuzzer target for the backup tarball reader (src/archive). Inputs starting with 'T' are
// raw tar bytes that the target gzips first, so the fuzzer can explore the tar parser
// directly; everything else is fed to the reader as a gzip stream.
//
// Invariants checked beyond "no crash, no sanitizer report": every entry returned has a
// validated path (relative, no "..", no empty components) and respects the size limit.

#include <cstdint>
#include <cstdlib>
#include <string>

#include "archive/gzip_writer.h"
#include "archive/tar_paths.h"
#include "archive/tarball_reader.h"

namespace {

std::string GzipForFuzzing(std::string_view tar) {
  ark::StringSink sink;
  ark::archive::GzipWriter gz(sink, 1, 1);
  if (!gz.Write(tar).ok() || !gz.Close().ok()) std::abort();
  return sink.Take();
}

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string stream =
      !input.empty() && input[0] == 'T' ? GzipForFuzzing(input.substr(1)) : std::string(input);
  ark::StringSource source(std::move(stream));
  ark::archive::ReaderLimits limits;
  limits.max_entry_bytes = 1 << 20;
  limits.max_entries = 10000;
  limits.max_total_bytes = 32 << 20;
  limits.max_compression_ratio = 1000;
  auto reader = ark::archive::NewTarballReader(source, limits);
  Check(reader.ok());
  for (int i = 0; i < 20000; ++i) {
    auto entry = (*reader)->Next();
    if (!entry.ok()) {
      Check(!(*reader)->Next().ok());  // errors are sticky
      break;
    }
    if (!entry->has_value()) break;
    const std::string& path = (*entry)->path;
    Check(!path.empty() && path[0] != '/');
    Check(path.find("//") == std::string::npos);
    Check(path != ".." && path.rfind("../", 0) != 0 && path.find("/../") == std::string::npos &&
          !(path.size() >= 3 && path.compare(path.size() - 3, 3, "/..") == 0));
    Check(static_cast<int64_t>((*entry)->content.size()) <= limits.max_entry_bytes);
    (void)ark::archive::ParseItemPath(path);
  }
  return 0;
}
