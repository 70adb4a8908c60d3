#include "cloud/aws/sigv4.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <utility>
#include <vector>

#include "cloud/aws/crypto.h"
#include "util/ascii.h"
#include "util/percent_encode.h"
#include "util/time_format.h"

namespace ark::cloud::aws {
namespace {

// Trims and collapses runs of spaces, as the canonical header value wants.
std::string CanonicalHeaderValue(std::string_view v) {
  std::string out;
  bool in_space = false;
  for (char c : v) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space) {
      in_space = true;
      continue;
    }
    if (in_space && !out.empty()) out.push_back(' ');
    in_space = false;
    out.push_back(c);
  }
  return out;
}

std::string CanonicalQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  for (auto& [k, v] : ParseQuery(query)) params.emplace_back(PercentEncode(k), PercentEncode(v));
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out.push_back('&');
    out += k + "=" + v;
  }
  return out;
}

bool Unsigned(const std::string& lower_name) {
  return lower_name == "authorization" || lower_name == "user-agent" || lower_name == "expect";
}

}  // namespace

Result<std::string> CanonicalRequest(const http::Request& request, std::string_view payload_hash,
                                     std::string* signed_headers) {
  ARK_ASSIGN_OR_RETURN(UrlParts url, ParseUrl(request.url));
  std::map<std::string, std::string> headers;  // sorted by lower-case name
  headers["host"] = url.Authority();
  for (const auto& [name, value] : request.headers.items()) {
    std::string lower = AsciiLower(name);
    if (Unsigned(lower) || lower == "host") continue;
    std::string v = CanonicalHeaderValue(value);
    auto [it, inserted] = headers.emplace(lower, v);
    if (!inserted) it->second += "," + v;
  }
  std::string canonical_headers;
  std::string names;
  for (const auto& [name, value] : headers) {
    canonical_headers += name + ":" + value + "\n";
    names += (names.empty() ? "" : ";") + name;
  }
  if (signed_headers) *signed_headers = names;
  return request.method + "\n" + url.path + "\n" + CanonicalQuery(url.query) + "\n" +
         canonical_headers + "\n" + names + "\n" + std::string(payload_hash);
}

std::string CredentialScope(std::string_view date, const SigningScope& scope) {
  return std::string(date) + "/" + scope.region + "/" + scope.service + "/aws4_request";
}

std::string StringToSign(std::string_view amz_date, std::string_view credential_scope,
                         std::string_view canonical_request) {
  return "AWS4-HMAC-SHA256\n" + std::string(amz_date) + "\n" + std::string(credential_scope) +
         "\n" + Sha256Hex(canonical_request);
}

std::string SigningKey(std::string_view secret, std::string_view date, const SigningScope& scope) {
  std::string k_date = HmacSha256("AWS4" + std::string(secret), date);
  std::string k_region = HmacSha256(k_date, scope.region);
  std::string k_service = HmacSha256(k_region, scope.service);
  return HmacSha256(k_service, "aws4_request");
}

Status SignRequest(http::Request& request, const Credentials& credentials,
                   const SigningScope& scope, Clock::TimePoint when,
                   std::string_view payload_hash) {
  const std::string amz_date = FormatIso8601Basic(when);
  const std::string date = FormatBasicDate(when);
  request.headers.Set("X-Amz-Date", amz_date);
  if (!credentials.session_token.empty()) {
    request.headers.Set("X-Amz-Security-Token", credentials.session_token);
  }
  std::string signed_headers;
  ARK_ASSIGN_OR_RETURN(std::string canonical,
                       CanonicalRequest(request, payload_hash, &signed_headers));
  const std::string scope_str = CredentialScope(date, scope);
  const std::string signature =
      HexEncode(HmacSha256(SigningKey(credentials.secret_access_key, date, scope),
                           StringToSign(amz_date, scope_str, canonical)));
  request.headers.Set("Authorization", "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id +
                                           "/" + scope_str + ", SignedHeaders=" + signed_headers +
                                           ", Signature=" + signature);
  return Status::Ok();
}

Result<std::string> PresignUrl(std::string_view method, std::string_view url,
                               const Credentials& credentials, const SigningScope& scope,
                               Clock::TimePoint when, std::chrono::seconds expires) {
  if (expires.count() < 1 || expires > kMaxPresignExpiry) {
    return InvalidArgument("presigned URL lifetime must be between 1s and 7 days, got " +
                           std::to_string(expires.count()) + "s");
  }
  ARK_ASSIGN_OR_RETURN(UrlParts parts, ParseUrl(url));
  const std::string amz_date = FormatIso8601Basic(when);
  const std::string date = FormatBasicDate(when);
  const std::string scope_str = CredentialScope(date, scope);
  std::string query = parts.query;
  auto add = [&](std::string_view k, std::string_view v) {
    if (!query.empty()) query.push_back('&');
    query += std::string(k) + "=" + PercentEncode(v);
  };
  add("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
  add("X-Amz-Credential", credentials.access_key_id + "/" + scope_str);
  add("X-Amz-Date", amz_date);
  add("X-Amz-Expires", std::to_string(expires.count()));
  if (!credentials.session_token.empty()) add("X-Amz-Security-Token", credentials.session_token);
  add("X-Amz-SignedHeaders", "host");

  http::Request unsigned_request;
  unsigned_request.method = std::string(method);
  unsigned_request.url = parts.Origin() + parts.path + "?" + query;
  ARK_ASSIGN_OR_RETURN(std::string canonical,
                       CanonicalRequest(unsigned_request, kUnsignedPayload, nullptr));
  const std::string signature =
      HexEncode(HmacSha256(SigningKey(credentials.secret_access_key, date, scope),
                           StringToSign(amz_date, scope_str, canonical)));
  return unsigned_request.url + "&X-Amz-Signature=" + signature;
}

}  // namespace ark::cloud::aws
