// GCS object store tests against GcsStub, an in-process stub of the GCS JSON API written from
// Google's reference (no GCS emulator runs here: firebase-tools' needs a newer Java).
#include <gtest/gtest.h>

#include "cloud/gcp/crypto.h"
#include "cloud/gcp/gcp_provider.h"
#include "cloud/gcp/gcs_object_store.h"
#include "gcs_stub.h"
#include "support/process.h"
#include "support/provider_env.h"
#include "token_stub.h"
#include "util/fake_clock.h"

namespace ark::cloud::gcp {
namespace {

using ark::testing::GcsStub;
using ark::testing::ProviderEnvOf;
using ark::testing::ServiceAccountJson;
using ark::testing::StubServer;
using ark::testing::TestKey;
using ark::testing::TestRsaKey;
using ark::testing::TokenStub;

std::unique_ptr<ObjectStore> MustStore(Result<std::unique_ptr<ObjectStore>> store) {
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(*store) : nullptr;
}

std::string Get(ObjectStore& store, const std::string& bucket, const std::string& key) {
  StringSink sink;
  Status s = store.GetObject(bucket, key, sink);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return sink.str();
}

// A test fixture with the stub reached the emulator way (STORAGE_EMULATOR_HOST, no auth).
class GcsEmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Start();
    std::string host = "127.0.0.1:" + std::to_string(server_.port());
    store_ =
        MustStore(NewGcsObjectStore({}, ProviderEnvOf(clock_, {{"STORAGE_EMULATOR_HOST", host}})));
    ASSERT_NE(store_, nullptr);
  }
  StubServer server_;
  GcsStub stub_{server_};
  FakeClock clock_;
  std::unique_ptr<ObjectStore> store_;
};

TEST_F(GcsEmulatorTest, PutGetExistsDelete) {
  StringSource body("{\"kind\":\"Backup\"}");
  ASSERT_TRUE(store_->PutObject("bkt", "backups/b1/ark-backup.json", body, body.size()).ok());
  EXPECT_EQ(stub_.Get("bkt", "backups/b1/ark-backup.json"), "{\"kind\":\"Backup\"}");
  EXPECT_EQ(Get(*store_, "bkt", "backups/b1/ark-backup.json"), "{\"kind\":\"Backup\"}");
  EXPECT_EQ(*store_->ObjectExists("bkt", "backups/b1/ark-backup.json"), true);
  EXPECT_EQ(*store_->ObjectExists("bkt", "backups/b1/nope"), false);

  StringSink sink;
  Status missing = store_->GetObject("bkt", "backups/b1/nope", sink);
  EXPECT_EQ(missing.code(), Code::kNotFound) << missing.ToString();
  EXPECT_NE(missing.message().find("gs://bkt/backups/b1/nope"), std::string::npos)
      << missing.message();

  EXPECT_TRUE(store_->DeleteObject("bkt", "backups/b1/ark-backup.json").ok());
  EXPECT_EQ(stub_.Get("bkt", "backups/b1/ark-backup.json"), std::nullopt);
  EXPECT_TRUE(store_->DeleteObject("bkt", "backups/b1/ark-backup.json").ok()) << "missing is fine";
  for (const auto& auth : stub_.authorizations()) EXPECT_EQ(auth, "") << "emulator needs no auth";
}

TEST_F(GcsEmulatorTest, KeysWithOddCharactersRoundTrip) {
  for (std::string key : {"a b/c+d.json", "ümlaut/ü", "q?x=1&y#z", "100%/x"}) {
    StringSource body("data:" + key);
    ASSERT_TRUE(store_->PutObject("bkt", key, body, -1).ok()) << key;
    EXPECT_EQ(stub_.Get("bkt", key), "data:" + key);
    EXPECT_EQ(Get(*store_, "bkt", key), "data:" + key);
  }
}

TEST_F(GcsEmulatorTest, ListingFollowsEveryPage) {
  for (std::string key : {"backups/b1/ark-backup.json", "backups/b1/b1.tar.gz",
                          "backups/b2/ark-backup.json", "backups/b3/ark-backup.json",
                          "backups/b4/x", "backups/b5/x", "restores/r1/log", "backups/top.txt"}) {
    stub_.Put("bkt", key, "x");
  }
  auto prefixes = store_->ListCommonPrefixes("bkt", "backups/", "/");
  ASSERT_TRUE(prefixes.ok()) << prefixes.status().ToString();
  EXPECT_EQ(*prefixes, (std::vector<std::string>{"backups/b1/", "backups/b2/", "backups/b3/",
                                                 "backups/b4/", "backups/b5/"}));
  EXPECT_GE(stub_.list_pages(), 3) << "six entries at two per page";

  auto objects = store_->ListObjects("bkt", "backups/b");
  ASSERT_TRUE(objects.ok()) << objects.status().ToString();
  EXPECT_EQ(*objects,
            (std::vector<std::string>{"backups/b1/ark-backup.json", "backups/b1/b1.tar.gz",
                                      "backups/b2/ark-backup.json", "backups/b3/ark-backup.json",
                                      "backups/b4/x", "backups/b5/x"}));
  auto none = store_->ListObjects("bkt", "nothing/");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(GcsEmulatorTest, ThrottlingIsRetriedAndPersistentFailureSurfaces) {
  stub_.FailNext(2, 429);
  StringSource body("x");
  Status s = store_->PutObject("bkt", "k", body, 1);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(stub_.Get("bkt", "k"), "x");
  EXPECT_GT(clock_.slept_ms(), 0) << "backoff waits on the injected clock";

  stub_.FailNext(2, 503);
  EXPECT_EQ(Get(*store_, "bkt", "k"), "x") << "downloads retry until bytes arrive";

  stub_.FailNext(100, 503);
  auto exists = store_->ObjectExists("bkt", "k");
  ASSERT_FALSE(exists.ok());
  EXPECT_EQ(exists.status().code(), Code::kUnavailable);
  EXPECT_EQ(exists.status().http_status(), 503);
  EXPECT_NE(exists.status().message().find("backendError, HTTP 503"), std::string::npos)
      << exists.status().message();
  stub_.FailNext(0, 503);
}

TEST_F(GcsEmulatorTest, SignedUrlNeedsAKey) {
  auto url = store_->CreateSignedUrl("bkt", "k", std::chrono::minutes(10));
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(url.status().message().find("GOOGLE_APPLICATION_CREDENTIALS"), std::string::npos);
}

TEST(GcsResumable, LargeBodiesGoUpInChunks) {
  StubServer server;
  GcsStub stub(server);
  server.Start();
  FakeClock clock;
  GcsOptions options;
  options.endpoint = server.url();
  options.resumable_threshold = 256 * 1024;
  options.chunk_size = 256 * 1024;
  auto client = http::NewCurlClient({});
  ASSERT_TRUE(client.ok());
  GcsObjectStore store(options,
                       std::make_unique<Transport>(
                           std::shared_ptr<http::Client>(std::move(*client)), nullptr, clock),
                       std::nullopt);
  std::string data;
  for (int i = 0; data.size() < 2 * 256 * 1024 + 100; ++i) data += std::to_string(i) + ",";
  data.resize(2 * 256 * 1024 + 100);
  struct Case {
    std::string name;
    std::string data;
    int64_t size;
    std::vector<std::string> ranges;
  };
  std::vector<Case> cases = {
      {"known size",
       data,
       static_cast<int64_t>(data.size()),
       {"bytes 0-262143/*", "bytes 262144-524287/*", "bytes 524288-524387/524388"}},
      {"unknown size",
       data,
       -1,
       {"bytes 0-262143/*", "bytes 262144-524287/*", "bytes 524288-524387/524388"}},
      {"exact chunks",
       data.substr(0, 512 * 1024),
       -1,
       {"bytes 0-262143/*", "bytes 262144-524287/524288"}},
      {"at threshold is one media upload", data.substr(0, 256 * 1024), 256 * 1024, {}},
  };
  size_t seen = 0;
  for (const auto& c : cases) {
    StringSource body(c.data);
    Status s = store.PutObject("bkt", c.name, body, c.size);
    ASSERT_TRUE(s.ok()) << c.name << ": " << s.ToString();
    EXPECT_EQ(stub.Get("bkt", c.name), c.data) << c.name;
    auto ranges = stub.content_ranges();
    EXPECT_EQ(std::vector<std::string>(ranges.begin() + static_cast<long>(seen), ranges.end()),
              c.ranges)
        << c.name;
    seen = ranges.size();
  }
}

TEST(GcsAuth, RequestsCarryTheExchangedToken) {
  StubServer server;
  TokenStub tokens(server, TestKey());
  GcsStub stub(server, TokenStub::TokenFor(1));
  server.Start();
  ark::testing::TempDir dir;
  ark::testing::WriteFile(dir.File("key.json"),
                          ServiceAccountJson(TestKey(), "https://oauth2.invalid/token").dump());
  FakeClock clock;
  auto store = MustStore(NewGcsObjectStore(
      {{"storageEndpoint", server.url()}, {"tokenUri", server.url() + "/token"}},
      ProviderEnvOf(clock, {{"GOOGLE_APPLICATION_CREDENTIALS", dir.File("key.json")}})));
  ASSERT_NE(store, nullptr);
  StringSource body("abc");
  ASSERT_TRUE(store->PutObject("bkt", "k", body, 3).ok());
  EXPECT_EQ(Get(*store, "bkt", "k"), "abc");
  EXPECT_EQ(tokens.exchanges(), 1);
  EXPECT_EQ(tokens.last_scope(), kStorageScope);
  EXPECT_EQ(stub.unauthorized(), 0);
}

TEST(GcsAuth, ARejectedTokenIsExchangedAgainOnce) {
  StubServer server;
  TokenStub tokens(server, TestKey());
  GcsStub stub(server, TokenStub::TokenFor(2));  // the first token is refused
  server.Start();
  ark::testing::TempDir dir;
  ark::testing::WriteFile(dir.File("key.json"),
                          ServiceAccountJson(TestKey(), server.url() + "/token").dump());
  FakeClock clock;
  auto store = MustStore(NewGcsObjectStore(
      {{"storageEndpoint", server.url()}},
      ProviderEnvOf(clock, {{"GOOGLE_APPLICATION_CREDENTIALS", dir.File("key.json")}})));
  ASSERT_NE(store, nullptr);
  auto exists = store->ObjectExists("bkt", "k");
  ASSERT_TRUE(exists.ok()) << exists.status().ToString();
  EXPECT_EQ(tokens.exchanges(), 2);
  EXPECT_EQ(stub.unauthorized(), 1);

  StubServer server2;
  TokenStub tokens2(server2, TestKey());
  GcsStub refusing(server2, "no-token-matches");
  server2.Start();
  ark::testing::WriteFile(dir.File("key2.json"),
                          ServiceAccountJson(TestKey(), server2.url() + "/token").dump());
  auto store2 = MustStore(NewGcsObjectStore(
      {{"storageEndpoint", server2.url()}},
      ProviderEnvOf(clock, {{"GOOGLE_APPLICATION_CREDENTIALS", dir.File("key2.json")}})));
  ASSERT_NE(store2, nullptr);
  auto denied = store2->ObjectExists("bkt", "k");
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(refusing.unauthorized(), 2) << "one fresh token, then the error";
  EXPECT_EQ(denied.status().message().find("ya29."), std::string::npos)
      << denied.status().message();
}

TEST(GcsAuth, MissingOrBadCredentialsFailAtStartup) {
  FakeClock clock;
  auto none = NewGcsObjectStore({}, ProviderEnvOf(clock, {}));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(none.status().message().find("GOOGLE_APPLICATION_CREDENTIALS"), std::string::npos);

  ark::testing::TempDir dir;
  ark::testing::WriteFile(dir.File("bad.json"), R"({"type":"service_account","private_key":"x"})");
  auto bad = NewGcsObjectStore(
      {}, ProviderEnvOf(clock, {{"GOOGLE_APPLICATION_CREDENTIALS", dir.File("bad.json")}}));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(dir.File("bad.json") + ": field client_email missing"),
            std::string::npos)
      << bad.status().message();
}

// Rebuilds the V4 canonical request from Google's signing reference and checks the URL's
// signature against the key's public half.
TEST(GcsSignedUrl, V4SignatureVerifiesWithThePublicKey) {
  auto key =
      ParseServiceAccountKey(ServiceAccountJson(TestKey(), "https://t/token").dump(), "k.json");
  ASSERT_TRUE(key.ok());
  FakeClock clock;  // 1'800'000'000 = 2027-01-15T08:00:00Z
  auto url = SignV4Url(*key, "https://storage.googleapis.com", "my-bucket", "backups/b 1/b1.tar.gz",
                       clock.Now(), std::chrono::seconds(600));
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  const std::string path = "/my-bucket/backups/b%201/b1.tar.gz";
  const std::string query =
      "X-Goog-Algorithm=GOOG4-RSA-SHA256"
      "&X-Goog-Credential=ark%40test-project.iam.gserviceaccount.com%2F20270115%2Fauto%2Fstorage%"
      "2Fgoog4_request"
      "&X-Goog-Date=20270115T080000Z&X-Goog-Expires=600&X-Goog-SignedHeaders=host";
  const std::string prefix =
      "https://storage.googleapis.com" + path + "?" + query + "&X-Goog-Signature=";
  ASSERT_EQ(url->substr(0, prefix.size()), prefix);
  std::string signature = ark::testing::HexDecode(url->substr(prefix.size()));
  std::string canonical =
      "GET\n" + path + "\n" + query + "\nhost:storage.googleapis.com\n\nhost\nUNSIGNED-PAYLOAD";
  std::string to_sign =
      "GOOG4-RSA-SHA256\n20270115T080000Z\n20270115/auto/storage/goog4_request\n" +
      Sha256Hex(canonical);
  EXPECT_TRUE(TestKey().Verify(to_sign, signature));
  EXPECT_FALSE(TestRsaKey().Verify(to_sign, signature));

  auto too_long = SignV4Url(*key, "https://storage.googleapis.com", "b", "k", clock.Now(),
                            std::chrono::hours(24 * 8));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.status().code(), Code::kInvalidArgument);
}

TEST(GcsSignedUrl, EmulatorHostIsSignedWhenAKeyIsPresent) {
  StubServer server;
  server.Start();
  ark::testing::TempDir dir;
  ark::testing::WriteFile(dir.File("key.json"),
                          ServiceAccountJson(TestKey(), "https://t/token").dump());
  FakeClock clock;
  std::string host = "127.0.0.1:" + std::to_string(server.port());
  auto store = MustStore(NewGcsObjectStore(
      {}, ProviderEnvOf(clock, {{"STORAGE_EMULATOR_HOST", host},
                                {"GOOGLE_APPLICATION_CREDENTIALS", dir.File("key.json")}})));
  ASSERT_NE(store, nullptr);
  auto url = store->CreateSignedUrl("bkt", "k", std::chrono::minutes(10));
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_EQ(url->rfind("http://" + host + "/bkt/k?X-Goog-Algorithm=GOOG4-RSA-SHA256", 0), 0u)
      << *url;
}

// The stub serves a V4 signed URL only when the signature verifies with the key it trusts:
// the e2e tests rely on this to prove `ark backup logs` went through the key's signature.
TEST(GcsSignedUrl, TheStubServesOnlyValidSignatures) {
  StubServer server;
  GcsStub stub(server, "", &TestKey());
  server.Start();
  stub.Put("bkt", "b1/b1-logs.gz", "log bytes");
  ark::testing::TempDir dir;
  ark::testing::WriteFile(dir.File("key.json"),
                          ServiceAccountJson(TestKey(), "https://t/token").dump());
  ark::testing::WriteFile(dir.File("other.json"),
                          ServiceAccountJson(TestRsaKey(), "https://t/token").dump());
  FakeClock clock(std::chrono::system_clock::now());
  std::string host = "127.0.0.1:" + std::to_string(server.port());
  auto sign = [&](const std::string& key_file, const std::string& object) {
    auto store = MustStore(NewGcsObjectStore(
        {}, ProviderEnvOf(clock, {{"STORAGE_EMULATOR_HOST", host},
                                  {"GOOGLE_APPLICATION_CREDENTIALS", key_file}})));
    auto url = store->CreateSignedUrl("bkt", object, std::chrono::minutes(10));
    EXPECT_TRUE(url.ok()) << url.status().ToString();
    return url.ok() ? *url : "";
  };
  auto fetch = [&](const std::string& url) {
    httplib::Client client("127.0.0.1", server.port());
    auto res = client.Get(url.substr(url.find('/', strlen("http://"))).c_str());
    return res ? std::make_pair(res->status, res->body) : std::make_pair(-1, std::string());
  };
  const std::string good = sign(dir.File("key.json"), "b1/b1-logs.gz");
  std::string tampered = good;
  tampered.replace(tampered.find("X-Goog-Expires=600"), strlen("X-Goog-Expires=600"),
                   "X-Goog-Expires=601");
  struct Case {
    std::string name, url;
    int status;
    std::string body;
  };
  std::vector<Case> cases = {
      {"signed by the key", good, 200, "log bytes"},
      {"signed by another key", sign(dir.File("other.json"), "b1/b1-logs.gz"), 403,
       "SignatureDoesNotMatch"},
      {"query changed after signing", tampered, 403, "SignatureDoesNotMatch"},
      {"no signature", good.substr(0, good.find("&X-Goog-Signature=")), 403, "AccessDenied"},
      {"missing object", sign(dir.File("key.json"), "b1/nope"), 404, "NoSuchKey"},
  };
  for (const auto& c : cases) {
    auto [status, body] = fetch(c.url);
    EXPECT_EQ(status, c.status) << c.name;
    EXPECT_NE(body.find(c.body), std::string::npos) << c.name << ": " << body;
  }
  EXPECT_EQ(stub.signed_downloads(), 1);

  // An expired URL (signed 11 minutes ago with a 10 minute lifetime).
  clock.Advance(-std::chrono::minutes(11));
  auto [status, body] = fetch(sign(dir.File("key.json"), "b1/b1-logs.gz"));
  EXPECT_EQ(status, 403);
  EXPECT_NE(body.find("ExpiredToken"), std::string::npos) << body;
}

TEST(GcpErrors, StatusesMapToCodes) {
  struct Case {
    int status;
    std::string reason;
    Code want;
    bool retryable;
  };
  std::vector<Case> cases = {
      {404, "notFound", Code::kNotFound, false},
      {401, "required", Code::kUnauthenticated, false},
      {403, "forbidden", Code::kPermissionDenied, false},
      {403, "rateLimitExceeded", Code::kUnavailable, true},
      {403, "userRateLimitExceeded", Code::kUnavailable, true},
      {409, "alreadyExists", Code::kAlreadyExists, false},
      {409, "conflict", Code::kConflict, false},
      {412, "conditionNotMet", Code::kFailedPrecondition, false},
      {429, "rateLimitExceeded", Code::kUnavailable, true},
      {500, "backendError", Code::kUnavailable, true},
      {503, "", Code::kUnavailable, true},
      {400, "invalid", Code::kInvalidArgument, false},
  };
  for (const auto& c : cases) {
    http::Response r;
    r.status = c.status;
    r.body = c.reason.empty() ? "<html>oops</html>"
                              : ark::testing::GoogleError(c.status, c.reason, "boom");
    Status s = GoogleErrorStatus(r, "doing x");
    EXPECT_EQ(s.code(), c.want) << c.status << " " << c.reason;
    EXPECT_EQ(IsRetryable(s), c.retryable) << c.status << " " << c.reason;
    EXPECT_EQ(s.http_status(), c.status);
    EXPECT_EQ(s.reason(), c.reason);
    EXPECT_EQ(s.message().rfind("doing x: ", 0), 0u) << s.message();
  }
}

}  // namespace
}  // namespace ark::cloud::gcp
