#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.h"

namespace ark::cloud::aws {

// Percent-encoding as SigV4 defines it (RFC 3986 unreserved characters pass through,
// everything else becomes %XX with upper-case hex). With `keep_slash`, '/' passes through
// too (object keys in paths).
std::string UriEncode(std::string_view s, bool keep_slash = false);
// Reverses percent-encoding ('+' stays '+'). Malformed escapes are kept as they are.
std::string UriDecode(std::string_view s);

// An absolute http(s) URL split into the parts signing needs.
struct UrlParts {
  std::string scheme;  // "http" or "https"
  std::string host;    // "s3.us-east-1.amazonaws.com", "127.0.0.1"
  int port = 0;        // 0 when the URL names none
  std::string path;    // as written (already encoded), "/" when empty
  std::string query;   // without '?', as written
  // host[:port], the port only when it is not the scheme's default: the Host header value.
  std::string Authority() const;
  // scheme://authority (no path).
  std::string Origin() const;
};

// Splits `url`; InvalidArgument names the URL (without its query) when it is not an
// absolute http(s) URL.
Result<UrlParts> ParseUrl(std::string_view url);

// "a=1&b=2" -> {{"a","1"},{"b","2"}} decoded; a key without '=' has an empty value.
std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query);

// Encodes pairs as a query string / form body, in the order given, each part UriEncode'd.
std::string EncodeQuery(const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace ark::cloud::aws
