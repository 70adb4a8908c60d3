#include "cloud/aws/uri.h"

#include <cctype>

#include "http/redact.h"
#include "util/ascii.h"
#include "util/percent_encode.h"

namespace ark::cloud::aws {
std::string UrlParts::Authority() const {
  bool default_port =
      port == 0 || (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
  return default_port ? host : host + ":" + std::to_string(port);
}

std::string UrlParts::Origin() const { return scheme + "://" + Authority(); }

Result<UrlParts> ParseUrl(std::string_view url) {
  auto bad = [&](std::string_view why) {
    return InvalidArgument("URL \"" + http::RedactUrl(url) + "\": " + std::string(why));
  };
  UrlParts parts;
  auto sep = url.find("://");
  if (sep == std::string_view::npos) return bad("not an absolute URL (want http:// or https://)");
  parts.scheme = AsciiLower(url.substr(0, sep));
  if (parts.scheme != "http" && parts.scheme != "https") return bad("scheme must be http or https");
  std::string_view rest = url.substr(sep + 3);
  auto path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  std::string_view tail = path_start == std::string_view::npos ? "" : rest.substr(path_start);
  if (authority.empty()) return bad("no host");
  if (authority.find('@') != std::string_view::npos) return bad("user info is not supported");
  std::string_view host = authority;
  if (authority.front() == '[') {  // [v6]:port
    auto close = authority.find(']');
    if (close == std::string_view::npos) return bad("unterminated IPv6 address");
    host = authority.substr(0, close + 1);
    authority.remove_prefix(close + 1);
  } else {
    auto colon = authority.rfind(':');
    host = authority.substr(0, colon);
    authority = colon == std::string_view::npos ? "" : authority.substr(colon);
  }
  if (!authority.empty()) {
    if (authority.front() != ':' || authority.size() < 2) return bad("bad port");
    int port = 0;
    for (char c : authority.substr(1)) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || port > 65535) return bad("bad port");
      port = port * 10 + (c - '0');
    }
    if (port <= 0 || port > 65535) return bad("bad port");
    parts.port = port;
  }
  if (host.empty()) return bad("no host");
  parts.host = std::string(host);
  auto q = tail.find('?');
  std::string_view path = tail.substr(0, q);
  parts.path = path.empty() ? std::string(1, '/') : std::string(path);
  if (q != std::string_view::npos) parts.query = std::string(tail.substr(q + 1));
  auto frag = parts.query.find('#');
  if (frag != std::string::npos) parts.query.resize(frag);
  return parts;
}

std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? "" : query.substr(amp + 1);
    if (item.empty()) continue;
    auto eq = item.find('=');
    if (eq == std::string_view::npos) {
      out.emplace_back(PercentDecode(item), "");
    } else {
      out.emplace_back(PercentDecode(item.substr(0, eq)), PercentDecode(item.substr(eq + 1)));
    }
  }
  return out;
}

std::string EncodeQuery(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out.push_back('&');
    out += PercentEncode(k);
    out.push_back('=');
    out += PercentEncode(v);
  }
  return out;
}

}  // namespace ark::cloud::aws
