#pragma once

#include <atomic>
#include <mutex>
#include <string>

#include "stub.h"

namespace ark::testing {

// The OAuth2 token endpoint (POST /token, jwt-bearer grant) as Google documents it: checks the
// grant type and the assertion's RS256 signature against the test key and its claims, and
// answers {"access_token", "expires_in", "token_type"} or {"error", "error_description"}.
class TokenStub {
 public:
  TokenStub(StubServer& server, const TestRsaKey& key, int expires_in = 3600)
      : key_(key), expires_in_(expires_in) {
    server.server().Post("/token", [this](const httplib::Request& req, httplib::Response& res) {
      Handle(req, res);
    });
  }

  int exchanges() const { return exchanges_.load(); }
  std::string last_scope() const {
    std::lock_guard<std::mutex> lock(mu_);
    return last_scope_;
  }
  // The token handed out by exchange number n (1-based).
  static std::string TokenFor(int n) { return "ya29.test-token-" + std::to_string(n); }
  // Whether `token` was handed out by an exchange so far (for a stub API that accepts every
  // token this endpoint issued, however many exchanges a process made).
  bool Issued(const std::string& token) const {
    for (int n = exchanges_.load(); n >= 1; --n) {
      if (token == TokenFor(n)) return true;
    }
    return false;
  }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res) {
    auto fail = [&](const std::string& error, const std::string& description) {
      res.status = 400;
      res.set_content(nlohmann::json{{"error", error}, {"error_description", description}}.dump(),
                      "application/json");
    };
    if (req.get_param_value("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer") {
      return fail("unsupported_grant_type", "bad grant_type");
    }
    std::string jwt = req.get_param_value("assertion");
    size_t dot1 = jwt.find('.');
    size_t dot2 = jwt.find('.', dot1 + 1);
    if (dot1 == std::string::npos || dot2 == std::string::npos)
      return fail("invalid_grant", "not a JWT");
    if (!key_.Verify(jwt.substr(0, dot2), Base64UrlDecode(jwt.substr(dot2 + 1)))) {
      return fail("invalid_grant", "Invalid JWT Signature.");
    }
    auto claims = nlohmann::json::parse(Base64UrlDecode(jwt.substr(dot1 + 1, dot2 - dot1 - 1)),
                                        nullptr, false);
    if (!claims.is_object() ||
        claims.value("iss", "") != "ark@test-project.iam.gserviceaccount.com" ||
        claims.value("exp", 0L) - claims.value("iat", 0L) != 3600) {
      return fail("invalid_grant", "bad claims");
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      last_scope_ = claims.value("scope", "");
    }
    int n = ++exchanges_;
    res.set_content(
        nlohmann::json{
            {"access_token", TokenFor(n)}, {"expires_in", expires_in_}, {"token_type", "Bearer"}}
            .dump(),
        "application/json");
  }

  const TestRsaKey& key_;
  const int expires_in_;
  std::atomic<int> exchanges_{0};
  mutable std::mutex mu_;
  std::string last_scope_;
};

}  // namespace ark::testing
