#include "cloud/aws/uri.h"

#include <cctype>

#include "http/redact.h"

namespace ark::cloud::aws {
namespace {

bool Unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string UriEncode(std::string_view s, bool keep_slash) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (Unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

std::string UriDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]);
      int lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

std::string UrlParts::Authority() const {
  bool default_port = port == 0 || (scheme == "http" && port == 80) ||
                      (scheme == "https" && port == 443);
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
  parts.scheme = std::string(url.substr(0, sep));
  for (char& c : parts.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
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
      out.emplace_back(UriDecode(item), "");
    } else {
      out.emplace_back(UriDecode(item.substr(0, eq)), UriDecode(item.substr(eq + 1)));
    }
  }
  return out;
}

std::string EncodeQuery(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out.push_back('&');
    out += UriEncode(k);
    out.push_back('=');
    out += UriEncode(v);
  }
  return out;
}

}  // namespace ark::cloud::aws
