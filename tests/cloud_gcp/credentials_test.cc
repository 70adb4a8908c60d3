#include "cloud/gcp/credentials.h"

#include <gtest/gtest.h>

#include "cloud/gcp/crypto.h"
#include "http/client.h"
#include "support/process.h"
#include "token_stub.h"
#include "util/base64.h"
#include "util/fake_clock.h"

namespace ark::cloud::gcp {
namespace {

using ark::testing::Base64UrlDecode;
using ark::testing::ServiceAccountJson;
using ark::testing::StubServer;
using ark::testing::TestKey;
using ark::testing::TestRsaKey;
using ark::testing::TokenStub;

std::shared_ptr<http::Client> CurlClient() {
  auto client = http::NewCurlClient({});
  EXPECT_TRUE(client.ok()) << client.status().ToString();
  return std::shared_ptr<http::Client>(std::move(*client));
}

TEST(GcpCredentials, JwtIsSignedWithTheKeyAndCarriesTheClaims) {
  auto key = ParseServiceAccountKey(
      ServiceAccountJson(TestKey(), "https://oauth2.example/token").dump(), "test-key.json");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  FakeClock clock;
  auto jwt = MakeJwtAssertion(*key, kStorageScope, key->token_uri, clock.Now());
  ASSERT_TRUE(jwt.ok()) << jwt.status().ToString();
  size_t dot1 = jwt->find('.');
  size_t dot2 = jwt->find('.', dot1 + 1);
  ASSERT_NE(dot2, std::string::npos);
  EXPECT_TRUE(TestKey().Verify(jwt->substr(0, dot2), Base64UrlDecode(jwt->substr(dot2 + 1))));
  EXPECT_FALSE(TestRsaKey().Verify(jwt->substr(0, dot2), Base64UrlDecode(jwt->substr(dot2 + 1))))
      << "another key's public half must not verify the JWT";

  auto header = nlohmann::json::parse(Base64UrlDecode(jwt->substr(0, dot1)));
  EXPECT_EQ(header["alg"], "RS256");
  EXPECT_EQ(header["typ"], "JWT");
  EXPECT_EQ(header["kid"], "kid-1");
  auto claims = nlohmann::json::parse(Base64UrlDecode(jwt->substr(dot1 + 1, dot2 - dot1 - 1)));
  EXPECT_EQ(claims["iss"], "ark@test-project.iam.gserviceaccount.com");
  EXPECT_EQ(claims["aud"], "https://oauth2.example/token");
  EXPECT_EQ(claims["scope"], kStorageScope);
  EXPECT_EQ(claims["iat"], 1'800'000'000);
  EXPECT_EQ(claims["exp"], 1'800'003'600);
}

TEST(GcpCredentials, Base64UrlHasNoPaddingAndUrlAlphabet) {
  struct Case {
    std::string in, out;
  };
  for (const Case& c : std::vector<Case>{
           {"", ""}, {"f", "Zg"}, {"fo", "Zm8"}, {"foo", "Zm9v"}, {"\xfb\xff", "-_8"}}) {
    EXPECT_EQ(Base64UrlEncode(c.in), c.out) << c.in;
  }
}

TEST(GcpCredentials, BadKeysFailNamingFileAndFieldButNotTheKey) {
  nlohmann::json good = ServiceAccountJson(TestKey(), "https://t/token");
  struct Case {
    std::string name;
    std::function<void(nlohmann::json&)> edit;
    std::string want;
  };
  std::vector<Case> cases = {
      {"no email", [](nlohmann::json& j) { j.erase("client_email"); },
       "field client_email missing"},
      {"no key", [](nlohmann::json& j) { j.erase("private_key"); }, "field private_key missing"},
      {"key not a string", [](nlohmann::json& j) { j["private_key"] = 5; },
       "field private_key is not a string"},
      {"garbage key",
       [](nlohmann::json& j) {
         j["private_key"] =
             "-----BEGIN PRIVATE KEY-----\nU0VDUkVUU0VDUkVU\n-----END PRIVATE KEY-----\n";
       },
       "field private_key: not a PEM RSA private key"},
      {"user credentials", [](nlohmann::json& j) { j["type"] = "authorized_user"; },
       "field type is \"authorized_user\""},
  };
  for (const auto& c : cases) {
    nlohmann::json j = good;
    c.edit(j);
    auto key = ParseServiceAccountKey(j.dump(), "/credentials/cloud");
    ASSERT_FALSE(key.ok()) << c.name;
    EXPECT_EQ(key.status().code(), Code::kInvalidArgument) << c.name;
    EXPECT_NE(key.status().message().find("service-account key /credentials/cloud"),
              std::string::npos)
        << c.name << ": " << key.status().message();
    EXPECT_NE(key.status().message().find(c.want), std::string::npos)
        << c.name << ": " << key.status().message();
    EXPECT_EQ(key.status().message().find("U0VDUkVU"), std::string::npos) << c.name;
    EXPECT_EQ(key.status().message().find("BEGIN"), std::string::npos) << c.name;
  }
  auto missing = LoadServiceAccountKey("/nonexistent/key.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  EXPECT_NE(missing.status().message().find("/nonexistent/key.json"), std::string::npos);
  auto not_json = ParseServiceAccountKey("{nope", "k.json");
  ASSERT_FALSE(not_json.ok());
  EXPECT_NE(not_json.status().message().find("k.json: not a JSON object"), std::string::npos);
}

TEST(GcpCredentials, TokenIsExchangedCachedAndRefreshedBeforeExpiry) {
  StubServer server;
  TokenStub tokens(server, TestKey(), /*expires_in=*/3600);
  server.Start();
  auto key = ParseServiceAccountKey(ServiceAccountJson(TestKey(), server.url() + "/token").dump(),
                                    "k.json");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  FakeClock clock;
  TokenSource source(*key, kComputeScope, "", CurlClient(), clock);

  auto first = source.Token();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(*first, TokenStub::TokenFor(1));
  EXPECT_EQ(tokens.last_scope(), kComputeScope);

  clock.Advance(std::chrono::minutes(50));  // 10 minutes left: still cached
  EXPECT_EQ(*source.Token(), TokenStub::TokenFor(1));
  EXPECT_EQ(tokens.exchanges(), 1);

  clock.Advance(std::chrono::minutes(6));  // 4 minutes left: inside the refresh margin
  EXPECT_EQ(*source.Token(), TokenStub::TokenFor(2));
  EXPECT_EQ(tokens.exchanges(), 2);

  clock.Advance(std::chrono::hours(2));  // long expired
  EXPECT_EQ(*source.Token(), TokenStub::TokenFor(3));
}

TEST(GcpCredentials, TokenUriOverrideWins) {
  StubServer server;
  TokenStub tokens(server, TestKey());
  server.Start();
  auto key = ParseServiceAccountKey(
      ServiceAccountJson(TestKey(), "https://oauth2.invalid/token").dump(), "k.json");
  ASSERT_TRUE(key.ok());
  FakeClock clock;
  TokenSource source(*key, kStorageScope, server.url() + "/token", CurlClient(), clock);
  auto token = source.Token();
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(tokens.exchanges(), 1);
}

TEST(GcpCredentials, AKeyTheServerDoesNotKnowFailsClearly) {
  StubServer server;
  TokenStub tokens(server, TestKey());
  server.Start();
  TestRsaKey other;
  auto key = ParseServiceAccountKey(ServiceAccountJson(other, server.url() + "/token").dump(),
                                    "/credentials/cloud");
  ASSERT_TRUE(key.ok());
  FakeClock clock;
  TokenSource source(*key, kStorageScope, "", CurlClient(), clock);
  auto token = source.Token();
  ASSERT_FALSE(token.ok());
  EXPECT_EQ(token.status().code(), Code::kUnauthenticated);
  const std::string& msg = token.status().message();
  EXPECT_NE(msg.find("/credentials/cloud"), std::string::npos) << msg;
  EXPECT_NE(msg.find("invalid_grant: Invalid JWT Signature."), std::string::npos) << msg;
  EXPECT_EQ(msg.find("BEGIN"), std::string::npos) << msg;
  EXPECT_EQ(tokens.exchanges(), 0);
}

TEST(GcpCredentials, UnreachableTokenEndpointIsUnavailable) {
  int port = ark::testing::FreePort();
  auto key = ParseServiceAccountKey(
      ServiceAccountJson(TestKey(), "http://127.0.0.1:" + std::to_string(port) + "/token").dump(),
      "k.json");
  ASSERT_TRUE(key.ok());
  FakeClock clock;
  TokenSource source(*key, kStorageScope, "", CurlClient(), clock);
  auto token = source.Token();
  ASSERT_FALSE(token.ok());
  EXPECT_EQ(token.status().code(), Code::kUnavailable) << token.status().ToString();
}

}  // namespace
}  // namespace ark::cloud::gcp
