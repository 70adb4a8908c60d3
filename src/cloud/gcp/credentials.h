#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "http/client.h"
#include "util/clock.h"
#include "util/result.h"

namespace ark::cloud::gcp {

// The fields of a service-account JSON key that ark uses.
struct ServiceAccountKey {
  std::string client_email;
  std::string private_key;  // PEM; never logged or put in an error
  std::string private_key_id;
  std::string project_id;
  std::string token_uri;  // "https://oauth2.googleapis.com/token" when the key names none
  std::string source;     // where the key came from, for errors
};

// Parses a key's JSON text. `source` names it in errors: "service-account key /c/cloud:
// field client_email missing". A key of another type ("authorized_user") is InvalidArgument.
// The private key must parse as a PEM RSA key.
Result<ServiceAccountKey> ParseServiceAccountKey(std::string_view json, std::string source);
// Reads and parses the key file at `path` (NotFound names the path).
Result<ServiceAccountKey> LoadServiceAccountKey(const std::string& path);

// The signed JWT assertion (RS256, kid = private_key_id) for the OAuth2 jwt-bearer grant:
// iss = client_email, scope, aud = `audience`, iat = now, exp = now + 1h.
Result<std::string> MakeJwtAssertion(const ServiceAccountKey& key, const std::string& scope,
                                     const std::string& audience, Clock::TimePoint now);

// OAuth2 access tokens for one service account and scope, from its token_uri (or
// `token_uri_override` when set). A token is reused until 5 minutes before it expires, then
// exchanged again. Thread-safe; concurrent callers share one exchange.
class TokenSource {
 public:
  TokenSource(ServiceAccountKey key, std::string scope, std::string token_uri_override,
              std::shared_ptr<http::Client> client, const Clock& clock);

  // A current access token. Exchange failures are Unauthenticated (the token endpoint's
  // error and description) or Unavailable (transport, 5xx); never contain the key or token.
  Result<std::string> Token();
  // Drops the cached token so the next Token() exchanges again (after a 401 from an API).
  void Invalidate();
  const ServiceAccountKey& key() const { return key_; }

 private:
  Result<std::string> Exchange();

  const ServiceAccountKey key_;
  const std::string scope_;
  const std::string token_uri_;
  const std::shared_ptr<http::Client> client_;
  const Clock& clock_;
  std::mutex mu_;
  std::string token_;            // guarded by mu_
  Clock::TimePoint refresh_at_;  // guarded by mu_
};

inline constexpr char kDefaultTokenUri[] = "https://oauth2.googleapis.com/token";
inline constexpr char kStorageScope[] = "https://www.googleapis.com/auth/devstorage.read_write";
inline constexpr char kComputeScope[] = "https://www.googleapis.com/auth/compute";

}  // namespace ark::cloud::gcp
