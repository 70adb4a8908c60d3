#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.h"

namespace ark::cloud::aws {

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

// "a=1&b=2" -> {{"a","1"},{"b","2"}}, each part PercentDecode'd ('+' stays '+'); a key without '='
// has an empty value.
std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query);

// Encodes pairs as a query string / form body, in the order given, each part PercentEncode'd
// (util/percent_encode.h).
std::string EncodeQuery(const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace ark::cloud::aws
