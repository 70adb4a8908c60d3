#include "util/temp_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>

namespace ark {
namespace {

constexpr int kRandomChars = 16;
constexpr int kAttempts = 100;

std::string Readable(std::string_view part) {
  std::string out(part);
  for (char& c : out) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) c = '_';
  }
  return out;
}

std::string RandomChars() {
  static constexpr char kAlphabet[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::random_device random;  // getrandom(2) on Linux
  std::uniform_int_distribution<int> pick(0, sizeof(kAlphabet) - 2);
  std::string out(kRandomChars, ' ');
  for (char& c : out) c = kAlphabet[pick(random)];
  return out;
}

}  // namespace

TempFile::~TempFile() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

Result<TempFile> TempFile::Create(const std::string& dir, std::string_view prefix,
                                  std::string_view suffix) {
  const std::string head = dir + "/" + Readable(prefix);
  const std::string tail = Readable(suffix);
  int err = EEXIST;
  for (int attempt = 0; attempt < kAttempts && err == EEXIST; ++attempt) {
    std::string path = head + RandomChars() + tail;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::close(fd);
      return TempFile(std::move(path));
    }
    err = errno;
  }
  return Unavailable("creating a temporary file " + head + "*" + tail + " in " + dir + ": " +
                     std::strerror(err));
}

std::string SystemTempDir() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

}  // namespace ark
