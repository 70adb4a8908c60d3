#include "http/redact.h"

#include <algorithm>
#include <cctype>

#include "util/ascii.h"

namespace ark::http {

std::string RedactUrl(std::string_view url) {
  auto q = url.find('?');
  if (q == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, q)) + "?<redacted>";
}

std::string RedactHeader(std::string_view name, std::string_view value) {
  const std::string lower = AsciiLower(name);
  for (const char* secret : {"authorization", "cookie", "token", "key", "secret", "signature",
                             "security", "credential", "password"}) {
    if (lower.find(secret) != std::string::npos) return "<redacted>";
  }
  return std::string(value);
}

}  // namespace ark::http
