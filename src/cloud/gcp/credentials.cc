#include "cloud/gcp/credentials.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cloud/gcp/crypto.h"
#include "util/base64.h"
#include "util/percent_encode.h"

namespace ark::cloud::gcp {
namespace {

constexpr auto kRefreshMargin = std::chrono::minutes(5);

}  // namespace

Result<ServiceAccountKey> ParseServiceAccountKey(std::string_view json, std::string source) {
  const std::string where = "service-account key " + source;
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return InvalidArgument(where + ": not a JSON object");
  }
  auto field = [&](const char* name, bool required, std::string& out) -> Status {
    auto it = doc.find(name);
    if (it == doc.end() || it->is_null()) {
      if (required) return InvalidArgument(where + ": field " + name + " missing");
      return Status::Ok();
    }
    if (!it->is_string()) return InvalidArgument(where + ": field " + name + " is not a string");
    out = it->get<std::string>();
    if (required && out.empty()) return InvalidArgument(where + ": field " + name + " is empty");
    return Status::Ok();
  };
  std::string type;
  ARK_RETURN_IF_ERROR(field("type", false, type));
  if (!type.empty() && type != "service_account") {
    return InvalidArgument(where + ": field type is \"" + type + "\", want \"service_account\"");
  }
  ServiceAccountKey key;
  key.source = source;
  ARK_RETURN_IF_ERROR(field("client_email", true, key.client_email));
  ARK_RETURN_IF_ERROR(field("private_key", true, key.private_key));
  ARK_RETURN_IF_ERROR(field("private_key_id", false, key.private_key_id));
  ARK_RETURN_IF_ERROR(field("project_id", false, key.project_id));
  ARK_RETURN_IF_ERROR(field("token_uri", false, key.token_uri));
  if (key.token_uri.empty()) key.token_uri = kDefaultTokenUri;
  // Fail at load time, not at the first request.
  ARK_RETURN_IF_ERROR(
      RsaSha256Sign(key.private_key, "probe", where + ": field private_key").status());
  return key;
}

Result<ServiceAccountKey> LoadServiceAccountKey(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("service-account key " + path + ": cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  return ParseServiceAccountKey(text.str(), path);
}

Result<std::string> MakeJwtAssertion(const ServiceAccountKey& key, const std::string& scope,
                                     const std::string& audience, Clock::TimePoint now) {
  nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}};
  if (!key.private_key_id.empty()) header["kid"] = key.private_key_id;
  int64_t iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  nlohmann::json claims = {{"iss", key.client_email},
                           {"scope", scope},
                           {"aud", audience},
                           {"iat", iat},
                           {"exp", iat + 3600}};
  std::string signing_input = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
  ARK_ASSIGN_OR_RETURN(std::string sig,
                       RsaSha256Sign(key.private_key, signing_input,
                                     "service-account key " + key.source + ": field private_key"));
  return signing_input + "." + Base64UrlEncode(sig);
}

TokenSource::TokenSource(ServiceAccountKey key, std::string scope, std::string token_uri_override,
                         std::shared_ptr<http::Client> client, const Clock& clock)
    : key_(std::move(key)),
      scope_(std::move(scope)),
      token_uri_(token_uri_override.empty() ? key_.token_uri : std::move(token_uri_override)),
      client_(std::move(client)),
      clock_(clock) {}

Result<std::string> TokenSource::Token() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!token_.empty() && clock_.Now() < refresh_at_) return token_;
  return Exchange();
}

void TokenSource::Invalidate() {
  std::lock_guard<std::mutex> lock(mu_);
  token_.clear();
}

Result<std::string> TokenSource::Exchange() {
  const Clock::TimePoint now = clock_.Now();
  // The audience is the token endpoint the key names; an override only changes where the
  // assertion is sent (tests, private endpoints).
  ARK_ASSIGN_OR_RETURN(std::string assertion, MakeJwtAssertion(key_, scope_, key_.token_uri, now));
  http::Request request;
  request.method = "POST";
  request.url = token_uri_;
  request.headers.Set("Content-Type", "application/x-www-form-urlencoded");
  request.body = "grant_type=" + PercentEncode("urn:ietf:params:oauth:grant-type:jwt-bearer") +
                 "&assertion=" + PercentEncode(assertion);
  const std::string what = "exchanging service-account key " + key_.source + " for a token";
  auto response = client_->Send(request);
  if (!response.ok()) {
    Status s = std::move(response).status();
    return s.Annotate(what);
  }
  nlohmann::json doc = nlohmann::json::parse(response->body, nullptr, false);
  if (response->status != 200) {
    std::string detail = "HTTP " + std::to_string(response->status);
    if (doc.is_object()) {
      std::string error = doc.value("error", "");
      std::string description = doc.value("error_description", "");
      if (!error.empty())
        detail = error + (description.empty() ? "" : ": " + description) + " (" + detail + ")";
    }
    Code code = (response->status == 429 || response->status >= 500) ? Code::kUnavailable
                                                                     : Code::kUnauthenticated;
    return Status(code, what + ": " + detail).WithHttp(response->status, "");
  }
  if (!doc.is_object() || !doc.contains("access_token") || !doc["access_token"].is_string()) {
    return Unauthenticated(what + ": response has no access_token");
  }
  int64_t expires_in = 3600;
  if (auto it = doc.find("expires_in"); it != doc.end() && it->is_number_integer()) {
    expires_in = it->get<int64_t>();
  }
  token_ = doc["access_token"].get<std::string>();
  refresh_at_ = now + std::chrono::seconds(expires_in) - kRefreshMargin;
  return token_;
}

}  // namespace ark::cloud::gcp
