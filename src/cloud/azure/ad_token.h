#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "cloud/provider_registry.h"
#include "http/client.h"
#include "util/clock.h"
#include "util/result.h"

namespace ark::cloud::azure {

// Where the Azure AD token endpoint lives: AZURE_AUTHORITY_HOST, else the public cloud.
inline constexpr const char* kPublicAuthorityHost = "https://login.microsoftonline.com";
// AZURE_AUTHORITY_HOST (sovereign clouds, tests), else kPublicAuthorityHost.
std::string AuthorityHost(const ProviderEnv& env);
// The ARM scope a service principal asks for.
inline constexpr const char* kArmScope = "https://management.azure.com/.default";

struct ServicePrincipal {
  std::string tenant_id;
  std::string client_id;
  std::string client_secret;  // never in errors or logs
};

// Azure AD client-credentials tokens for one service principal and scope:
// POST <authority>/<tenant>/oauth2/v2.0/token (form: grant_type=client_credentials,
// client_id, client_secret, scope). The token is cached and fetched anew once it is within
// `refresh_margin` of its expiry (expires_in). Thread-safe; concurrent callers share one fetch.
// Errors name the tenant, client id and the AD error code (e.g. invalid_client), never the
// secret or a token.
class AdTokenSource {
 public:
  AdTokenSource(std::string authority_host, ServicePrincipal principal, std::string scope,
                std::shared_ptr<http::Client> client, const Clock& clock,
                std::chrono::seconds refresh_margin = std::chrono::minutes(5));

  // A valid bearer token (without the "Bearer " prefix).
  Result<std::string> Token();

 private:
  Result<std::string> Fetch();

  const std::string authority_host_;
  const ServicePrincipal principal_;
  const std::string scope_;
  const std::shared_ptr<http::Client> client_;
  const Clock& clock_;
  const std::chrono::seconds refresh_margin_;
  std::mutex mu_;
  std::string token_;
  Clock::TimePoint expiry_{};
};

}  // namespace ark::cloud::azure
