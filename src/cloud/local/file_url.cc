#include "cloud/local/file_url.h"

#include <cctype>

namespace ark::cloud::local {
namespace {

bool Unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string FileUrl(std::string_view path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string url = "file://";
  for (unsigned char c : path) {
    if (Unreserved(c)) {
      url.push_back(static_cast<char>(c));
    } else {
      url.push_back('%');
      url.push_back(kHex[c >> 4]);
      url.push_back(kHex[c & 15]);
    }
  }
  return url;
}

Result<std::string> FileUrlPath(std::string_view url) {
  constexpr std::string_view kScheme = "file://";
  if (!url.starts_with(kScheme)) return InvalidArgument("not a file:// URL: \"" + std::string(url) + "\"");
  std::string_view rest = url.substr(kScheme.size());
  if (rest.starts_with("localhost/")) rest.remove_prefix(std::string_view("localhost").size());
  if (!rest.starts_with("/")) {
    return InvalidArgument("file URL \"" + std::string(url) + "\" does not name an absolute local path");
  }
  std::string path;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] != '%') {
      path.push_back(rest[i]);
      continue;
    }
    int hi = i + 2 < rest.size() ? HexValue(rest[i + 1]) : -1;
    int lo = i + 2 < rest.size() ? HexValue(rest[i + 2]) : -1;
    if (hi < 0 || lo < 0) return InvalidArgument("file URL \"" + std::string(url) + "\": bad percent escape");
    path.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return path;
}

}  // namespace ark::cloud::local
