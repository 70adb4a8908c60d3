#include "http/redact.h"

#include <algorithm>
#include <cctype>

namespace ark::http {

std::string RedactUrl(std::string_view url) {
  auto q = url.find('?');
  if (q == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, q)) + "?<redacted>";
}

std::string RedactHeader(std::string_view name, std::string_view value) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (const char* secret : {"authorization", "cookie", "token", "key", "secret", "signature",
                             "security", "credential", "password"}) {
    if (lower.find(secret) != std::string::npos) return "<redacted>";
  }
  return std::string(value);
}

}  // namespace ark::http
