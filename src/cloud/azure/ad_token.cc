#include "cloud/azure/ad_token.h"

#include <nlohmann/json.hpp>

#include "cloud/azure/shared_key.h"
#include "util/percent_encode.h"

namespace ark::cloud::azure {
namespace {

std::string WithoutTrailingSlashes(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace

std::string AuthorityHost(const ProviderEnv& env) {
  std::string host = env.getenv ? env.getenv("AZURE_AUTHORITY_HOST").value_or("") : "";
  return host.empty() ? kPublicAuthorityHost : WithoutTrailingSlashes(host);
}

AdTokenSource::AdTokenSource(std::string authority_host, ServicePrincipal principal,
                             std::string scope, std::shared_ptr<http::Client> client,
                             const Clock& clock, std::chrono::seconds refresh_margin)
    : authority_host_(WithoutTrailingSlashes(std::move(authority_host))),
      principal_(std::move(principal)),
      scope_(std::move(scope)),
      client_(std::move(client)),
      clock_(clock),
      refresh_margin_(refresh_margin) {}

Result<std::string> AdTokenSource::Token() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!token_.empty() && clock_.Now() + refresh_margin_ < expiry_) return token_;
  return Fetch();
}

Result<std::string> AdTokenSource::Fetch() {
  const std::string what =
      "azure AD token for client " + principal_.client_id + " in tenant " + principal_.tenant_id;
  http::Request req;
  req.method = "POST";
  req.url =
      authority_host_ + "/" + PercentEncode(principal_.tenant_id, false) + "/oauth2/v2.0/token";
  req.headers.Set("Content-Type", "application/x-www-form-urlencoded");
  req.body =
      "grant_type=client_credentials&client_id=" + PercentEncode(principal_.client_id, false) +
      "&client_secret=" + PercentEncode(principal_.client_secret, false) +
      "&scope=" + PercentEncode(scope_, false);
  req.timeout = std::chrono::seconds(30);
  Result<http::Response> resp = client_->Send(req);
  if (!resp.ok()) {
    Status s = resp.status();
    s.Annotate(what);
    return s;
  }
  nlohmann::json doc = nlohmann::json::parse(resp->body, nullptr, false);
  if (resp->status != 200) {
    std::string code = doc.is_object() ? doc.value("error", "") : "";
    Code c = resp->status == 400 || resp->status == 401 ? Code::kUnauthenticated
             : resp->status >= 500                      ? Code::kUnavailable
                                                        : Code::kPermissionDenied;
    Status s(c, what + ": HTTP " + std::to_string(resp->status) + (code.empty() ? "" : " " + code));
    s.WithHttp(resp->status, code);
    return s;
  }
  if (!doc.is_object() || !doc.contains("access_token") || !doc["access_token"].is_string()) {
    return DataLoss(what + ": response has no access_token");
  }
  long long expires_in = 3600;
  if (doc.contains("expires_in")) {
    const auto& e = doc["expires_in"];
    // AD v1 endpoints send it as a string.
    if (e.is_number_integer()) {
      expires_in = e.get<long long>();
    } else if (e.is_string()) {
      expires_in = std::strtoll(e.get<std::string>().c_str(), nullptr, 10);
    }
  }
  token_ = doc["access_token"].get<std::string>();
  expiry_ = clock_.Now() + std::chrono::seconds(expires_in);
  return token_;
}

}  // namespace ark::cloud::azure
