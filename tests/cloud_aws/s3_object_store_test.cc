// S3ObjectStore against moto_server with signature checking on (see moto.h).
#include "cloud/aws/s3_object_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "cloud/aws/aws_provider.h"
#include "cloud/aws/xml.h"
#include "moto.h"
#include "support/provider_env.h"
#include "test_clients.h"

namespace ark::cloud::aws {
namespace {

using ark::testing::Moto;
using ark::testing::NoSleepClock;
using ark::testing::RecordingClient;

constexpr const char* kBucket = "ark-backups";

std::string Pattern(size_t size, unsigned seed) {
  std::string s(size, '\0');
  unsigned x = seed * 2654435761u + 1;
  for (size_t i = 0; i < size; ++i) {
    x = x * 1103515245u + 12345u;
    s[i] = static_cast<char>(x >> 16);
  }
  return s;
}

// A source that hands out `data` in small reads, then fails (when `fail_at` is reached).
class ChunkedSource final : public ByteSource {
 public:
  ChunkedSource(std::string data, size_t fail_at = std::string::npos)
      : data_(std::move(data)), fail_at_(fail_at) {}
  Result<size_t> Read(char* buf, size_t size) override {
    if (offset_ >= fail_at_) return DataLoss("disk read error at byte " + std::to_string(offset_));
    size_t n = std::min({size, data_.size() - offset_, size_t{300'000}});
    if (fail_at_ != std::string::npos) n = std::min(n, fail_at_ - offset_);
    std::memcpy(buf, data_.data() + offset_, n);
    offset_ += n;
    return n;
  }

 private:
  std::string data_;
  size_t fail_at_;
  size_t offset_ = 0;
};

class S3ObjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    moto_ = Moto::Start(&error);
    ASSERT_NE(moto_, nullptr) << error;
    store_ = NewStore(moto_->credentials());
    Status created = store_->CreateBucket(kBucket);
    ASSERT_TRUE(created.ok()) << created.ToString() << "\n" << moto_->Log();
  }

  ProviderConfig Config() const {
    return {{"region", "us-east-1"}, {"s3ForcePathStyle", "true"}, {"s3Url", moto_->url()}};
  }

  std::unique_ptr<S3ObjectStore> NewStore(Credentials credentials,
                                          std::function<void(S3Options&)> tweak = {}) {
    auto options = S3OptionsFromConfig(Config(), ProviderEnv{});
    EXPECT_TRUE(options.ok()) << options.status().ToString();
    options->retry = BackoffPolicy{.max_attempts = 3, .initial = std::chrono::milliseconds(5)};
    if (tweak) tweak(*options);
    auto client = NewAwsHttpClient(options->tls);
    EXPECT_TRUE(client.ok());
    recorder_ =
        std::make_shared<RecordingClient>(std::shared_ptr<http::Client>(std::move(*client)));
    return std::make_unique<S3ObjectStore>(*options, recorder_, std::move(credentials), clock_);
  }

  Result<std::string> Get(ObjectStore& store, const std::string& key) {
    StringSink sink;
    ARK_RETURN_IF_ERROR(store.GetObject(kBucket, key, sink));
    return sink.Take();
  }

  Status Put(ObjectStore& store, const std::string& key, const std::string& data,
             bool known_size = true) {
    ChunkedSource source(data);
    return store.PutObject(kBucket, key, source,
                           known_size ? static_cast<int64_t>(data.size()) : -1);
  }

  // The multipart uploads begun and neither completed nor aborted.
  int PendingUploads() {
    SignedTransport s3(
        std::make_shared<RecordingClient>(std::shared_ptr<http::Client>(*NewAwsHttpClient({}))),
        moto_->credentials(), SigningScope{"us-east-1", "s3"}, clock_, {});
    AwsRequest req;
    req.url = moto_->url() + "/" + kBucket + "?uploads=";
    req.payload_hash = std::string(kEmptyPayloadHash);
    req.headers.Set("x-amz-content-sha256", req.payload_hash);
    auto resp = s3.Call("ListMultipartUploads", req);
    EXPECT_TRUE(resp.ok()) << resp.status().ToString();
    if (!resp.ok()) return -1;
    auto doc = ParseXml(resp->body, "uploads");
    return doc.ok() ? static_cast<int>(doc->Children("Upload").size()) : -1;
  }

  NoSleepClock clock_;
  std::unique_ptr<Moto> moto_;
  std::shared_ptr<RecordingClient> recorder_;
  std::unique_ptr<S3ObjectStore> store_;
};

TEST_F(S3ObjectStoreTest, PutGetExistsDeleteThroughTheProviderFactory) {
  // The factory path: credentials from the environment, endpoint from AWS_ENDPOINT_URL_S3.
  std::map<std::string, std::string> vars = {
      {"AWS_ACCESS_KEY_ID", moto_->credentials().access_key_id},
      {"AWS_SECRET_ACCESS_KEY", moto_->credentials().secret_access_key},
      {"AWS_ENDPOINT_URL_S3", moto_->url()}};
  ProviderEnv env = ark::testing::ProviderEnvOf(clock_, vars);
  auto made = NewS3ObjectStore({{"region", "us-east-1"}, {"s3ForcePathStyle", "true"}}, env);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  ObjectStore& store = **made;

  const std::string key = "backups/b1/b1.tar.gz";
  const std::string data = Pattern(100'000, 1);
  ASSERT_TRUE(Put(store, key, data).ok());
  EXPECT_EQ(*Get(store, key), data);
  EXPECT_TRUE(*store.ObjectExists(kBucket, key));
  ASSERT_TRUE(Put(store, "backups/b1/empty.json", "").ok());
  EXPECT_EQ(*Get(store, "backups/b1/empty.json"), "");
  // Keys with spaces and non-ASCII characters are encoded and signed correctly.
  Status odd = Put(store, "backups/odd name/ü+&=.json", "{}");
  ASSERT_TRUE(odd.ok()) << odd.ToString();
  EXPECT_EQ(*Get(store, "backups/odd name/ü+&=.json"), "{}");

  ASSERT_TRUE(store.DeleteObject(kBucket, key).ok());
  EXPECT_FALSE(*store.ObjectExists(kBucket, key));
  auto missing = Get(store, key);
  EXPECT_EQ(missing.status().code(), Code::kNotFound) << missing.status().ToString();
  EXPECT_EQ(missing.status().reason(), "NoSuchKey");
  EXPECT_EQ(missing.status().http_status(), 404);
  EXPECT_TRUE(store.DeleteObject(kBucket, key).ok()) << "deleting a missing object succeeds";

  StringSink sink;
  Status get_no_bucket = store.GetObject("no-such-bucket", "k", sink);
  EXPECT_EQ(get_no_bucket.code(), Code::kNotFound);
  EXPECT_EQ(get_no_bucket.reason(), "NoSuchBucket");
}

TEST_F(S3ObjectStoreTest, SinglePutSignsThePayloadHash) {
  ASSERT_TRUE(Put(*store_, "a", "hello").ok());
  auto headers = recorder_->headers();
  ASSERT_FALSE(headers.empty());
  EXPECT_EQ(headers.back().Get("x-amz-content-sha256").value_or(""),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
}

TEST_F(S3ObjectStoreTest, ListsEveryPageWithPrefixesAndDelimiter) {
  store_ = NewStore(moto_->credentials(), [](S3Options& o) { o.list_page_size = 7; });
  std::vector<std::string> keys;
  for (int b = 0; b < 12; ++b) {
    for (const char* file : {"ark-backup.json", "data.tar.gz", "logs.gz"}) {
      keys.push_back("backups/b" + std::to_string(100 + b) + "/" + file);
    }
  }
  keys.push_back("restores/r1/log.gz");
  keys.push_back("top-level.txt");
  for (const auto& key : keys) ASSERT_TRUE(Put(*store_, key, key).ok()) << key;

  auto all = store_->ListObjects(kBucket, "");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  std::vector<std::string> sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(*all, sorted);

  auto b105 = store_->ListObjects(kBucket, "backups/b105/");
  ASSERT_TRUE(b105.ok()) << b105.status().ToString();
  EXPECT_EQ(*b105, (std::vector<std::string>{"backups/b105/ark-backup.json",
                                             "backups/b105/data.tar.gz", "backups/b105/logs.gz"}));

  auto backups = store_->ListCommonPrefixes(kBucket, "backups/", "/");
  ASSERT_TRUE(backups.ok()) << backups.status().ToString();
  ASSERT_EQ(backups->size(), 12u);
  EXPECT_EQ(backups->front(), "backups/b100/");
  EXPECT_EQ(backups->back(), "backups/b111/");

  auto top = store_->ListCommonPrefixes(kBucket, "", "/");
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(*top, (std::vector<std::string>{"backups/", "restores/"}));

  int list_calls = 0;
  for (const auto& r : recorder_->requests())
    list_calls += r.find("list-type=2") != std::string::npos;
  EXPECT_GE(list_calls, 6 + 1 + 2 + 1) << "38 keys at 7 per page take 6 pages";

  // Batch delete of everything, then nothing is left.
  ASSERT_TRUE(store_->DeleteObjects(kBucket, *all).ok());
  auto after = store_->ListObjects(kBucket, "");
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->empty());
  EXPECT_TRUE(store_->DeleteObjects(kBucket, {"never/existed"}).ok());
}

TEST_F(S3ObjectStoreTest, LargeObjectsGoUpInParallelParts) {
  store_ = NewStore(moto_->credentials(), [](S3Options& o) {
    o.multipart_threshold = 6 << 20;
    o.part_size = 5 << 20;  // S3's smallest part
    o.part_concurrency = 3;
  });
  const std::string data = Pattern((5 << 20) * 3 + 12345, 7);  // 4 parts
  for (bool known_size : {true, false}) {
    SCOPED_TRACE(known_size ? "known size" : "unknown size");
    const std::string key = known_size ? "big/known" : "big/unknown";
    Status put = Put(*store_, key, data, known_size);
    ASSERT_TRUE(put.ok()) << put.ToString();
    auto info = store_->HeadObject(kBucket, key);
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    EXPECT_EQ(info->size, static_cast<int64_t>(data.size()));
    EXPECT_NE(info->etag.find("-4"), std::string::npos) << "a 4-part upload: " << info->etag;
    auto got = Get(*store_, key);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_TRUE(*got == data) << "content differs";
  }
  EXPECT_GE(recorder_->max_in_flight(), 2) << "parts were not sent in parallel";
  EXPECT_EQ(PendingUploads(), 0);

  // Unknown size that fits in one part: a single PUT.
  ASSERT_TRUE(Put(*store_, "small/unknown", "tiny", false).ok());
  EXPECT_EQ(store_->HeadObject(kBucket, "small/unknown")->etag.find("-"), std::string::npos);
}

TEST_F(S3ObjectStoreTest, FailedMultipartUploadLeavesNothingBehind) {
  store_ = NewStore(moto_->credentials(), [](S3Options& o) {
    o.multipart_threshold = 5 << 20;
    o.part_size = 5 << 20;
  });
  const std::string data = Pattern(12 << 20, 3);
  ChunkedSource failing(data, (7 << 20));
  Status put = store_->PutObject(kBucket, "broken", failing, static_cast<int64_t>(data.size()));
  EXPECT_EQ(put.code(), Code::kDataLoss) << put.ToString();
  EXPECT_NE(put.message().find("disk read error"), std::string::npos) << put.ToString();
  EXPECT_FALSE(*store_->ObjectExists(kBucket, "broken"));
  EXPECT_EQ(PendingUploads(), 0) << "the upload was not aborted";

  // A body shorter than the size the caller gave is an error too, and leaves nothing.
  ChunkedSource short_body(Pattern(100, 1));
  put = store_->PutObject(kBucket, "short", short_body, 200);
  EXPECT_EQ(put.code(), Code::kInvalidArgument) << put.ToString();
  EXPECT_FALSE(*store_->ObjectExists(kBucket, "short"));
}

// moto_fix/sitecustomize.py makes moto verify query-string signatures (moto itself cannot):
// the URL must address the object, need no credentials, and carry a signature of the user's
// key that moto accepts; a changed signature or a URL signed with another secret is refused.
// The signature is also pinned by the S3 documentation's vector in sigv4_test.cc.
TEST_F(S3ObjectStoreTest, PresignedUrlFetchesTheObjectWithoutCredentials) {
  const std::string data = "log line 1\nlog line 2\n";
  ASSERT_TRUE(Put(*store_, "backups/b1/b1-logs.gz", data).ok());
  auto url = store_->CreateSignedUrl(kBucket, "backups/b1/b1-logs.gz", std::chrono::minutes(10));
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_EQ(url->rfind(moto_->url() + "/" + kBucket + "/backups/b1/b1-logs.gz?", 0), 0u) << *url;
  for (const char* param : {"X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Expires=600",
                            "X-Amz-SignedHeaders=host", "X-Amz-Signature="}) {
    EXPECT_NE(url->find(param), std::string::npos) << param << " missing from " << *url;
  }
  EXPECT_NE(url->find("X-Amz-Credential=" + moto_->credentials().access_key_id + "%2F"),
            std::string::npos);
  EXPECT_EQ(url->find(moto_->credentials().secret_access_key), std::string::npos);

  auto plain = http::NewCurlClient({});
  ASSERT_TRUE(plain.ok());
  auto fetch = [&](const std::string& u) {
    http::Request get;
    get.url = u;
    auto resp = (*plain)->Send(get);
    EXPECT_TRUE(resp.ok()) << resp.status().ToString();
    EXPECT_FALSE(get.headers.Get("Authorization").has_value());
    return resp.ok() ? *resp : http::Response{};
  };
  auto resp = fetch(*url);
  EXPECT_EQ(resp.status, 200) << resp.body << moto_->Log();
  EXPECT_EQ(resp.body, data);

  // One hex digit of the signature changed.
  std::string tampered = *url;
  size_t sig = tampered.find("X-Amz-Signature=") + strlen("X-Amz-Signature=");
  tampered[sig] = tampered[sig] == '0' ? '1' : '0';
  resp = fetch(tampered);
  EXPECT_EQ(resp.status, 403) << resp.body;
  EXPECT_NE(resp.body.find("SignatureDoesNotMatch"), std::string::npos) << resp.body;
  // Signed with the right key id but another secret.
  Credentials forged = moto_->credentials();
  forged.secret_access_key = "not-the-secret";
  auto other =
      NewStore(forged)->CreateSignedUrl(kBucket, "backups/b1/b1-logs.gz", std::chrono::minutes(10));
  ASSERT_TRUE(other.ok());
  resp = fetch(*other);
  EXPECT_EQ(resp.status, 403) << resp.body;
  EXPECT_NE(resp.body.find("SignatureDoesNotMatch"), std::string::npos) << resp.body;
  // Another object than the one signed for.
  std::string moved = *url;
  moved.replace(moved.find("b1-logs.gz"), strlen("b1-logs.gz"), "b1-logz.gz");
  EXPECT_EQ(fetch(moved).status, 403);

  EXPECT_EQ(store_->CreateSignedUrl(kBucket, "k", std::chrono::hours(24 * 8)).status().code(),
            Code::kInvalidArgument);
}

TEST_F(S3ObjectStoreTest, KmsKeyIdSendsServerSideEncryptionHeaders) {
  store_ = NewStore(moto_->credentials(), [](S3Options& o) { o.kms_key_id = "alias/ark-backups"; });
  ASSERT_TRUE(Put(*store_, "encrypted", "secret data").ok());
  auto headers = recorder_->headers();
  ASSERT_FALSE(headers.empty());
  EXPECT_EQ(headers.back().Get("x-amz-server-side-encryption").value_or(""), "aws:kms");
  EXPECT_EQ(headers.back().Get("x-amz-server-side-encryption-aws-kms-key-id").value_or(""),
            "alias/ark-backups");
  auto info = store_->HeadObject(kBucket, "encrypted");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->server_side_encryption, "aws:kms");
  EXPECT_EQ(*Get(*store_, "encrypted"), "secret data");
}

TEST_F(S3ObjectStoreTest, WrongSecretOrKeyIsUnauthenticatedAndNeverShowsTheSecret) {
  Credentials wrong = moto_->credentials();
  wrong.secret_access_key = "WRONGsecretWRONGsecretWRONGsecret0123456";
  auto store = NewStore(wrong);
  StringSink sink;
  // HEAD has no body to carry SignatureDoesNotMatch (S3 answers a bare 403 there), so the
  // existence check asks again with a GET whose answer names it.
  Status head = store->ObjectExists(kBucket, "x").status();
  EXPECT_NE(head.ToString().find("SignatureDoesNotMatch"), std::string::npos) << head.ToString();
  std::vector<Status> failures = {Put(*store, "x", "data"), store->GetObject(kBucket, "x", sink),
                                  store->ListObjects(kBucket, "backups/").status(),
                                  store->DeleteObject(kBucket, "x"), head};
  for (const Status& s : failures) {
    EXPECT_EQ(s.code(), Code::kUnauthenticated) << s.ToString();
    for (const std::string& secret :
         {wrong.secret_access_key, moto_->credentials().secret_access_key}) {
      EXPECT_EQ(s.ToString().find(secret), std::string::npos) << s.ToString();
    }
  }
  EXPECT_EQ(failures[0].reason(), "SignatureDoesNotMatch") << failures[0].ToString();
  EXPECT_EQ(failures[0].http_status(), 403);
  // The message says which credentials were refused.
  EXPECT_NE(failures[0].message().find("[credentials from moto]"), std::string::npos)
      << failures[0].ToString();

  Credentials unknown{"AKIAUNKNOWNKEY000000", "whatever-secret-value", "", "test"};
  Status s = Put(*NewStore(unknown), "x", "data");
  EXPECT_EQ(s.code(), Code::kUnauthenticated) << s.ToString();
  EXPECT_EQ(s.reason(), "InvalidAccessKeyId");
  EXPECT_EQ(s.ToString().find("whatever-secret-value"), std::string::npos);
}

TEST_F(S3ObjectStoreTest, RetriesSlowDownAndServerErrorsButNotClientErrors) {
  // The first two attempts of every request are answered here with throttling and a 500.
  std::map<std::string, int> attempts;
  std::mutex mu;
  recorder_->set_fault([&](const http::Request& req, int) -> std::optional<Result<http::Response>> {
    std::lock_guard<std::mutex> lock(mu);
    int n = attempts[req.method + req.url]++;
    if (n == 0) {
      return Result<http::Response>(http::Response{503,
                                                   {},
                                                   "<Error><Code>SlowDown</Code><Message>Please "
                                                   "reduce your request rate.</Message></Error>"});
    }
    if (n == 1) return Result<http::Response>(Unavailable("connection reset by peer"));
    return std::nullopt;
  });
  ASSERT_TRUE(Put(*store_, "retried", "payload").ok());
  EXPECT_EQ(*Get(*store_, "retried"), "payload");
  EXPECT_GT(clock_.slept_ms(), 0) << "backoff waited on the injected clock";

  // A 403 is final: one attempt.
  int forbidden = 0;
  recorder_->set_fault([&](const http::Request&, int) -> std::optional<Result<http::Response>> {
    ++forbidden;
    return Result<http::Response>(http::Response{
        403, {}, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"});
  });
  Status denied = Put(*store_, "denied", "x");
  EXPECT_EQ(denied.code(), Code::kPermissionDenied) << denied.ToString();
  EXPECT_EQ(denied.reason(), "AccessDenied");
  EXPECT_EQ(forbidden, 1);

  // Retries give up after max_attempts (3) with the last error.
  int unavailable = 0;
  recorder_->set_fault([&](const http::Request&, int) -> std::optional<Result<http::Response>> {
    ++unavailable;
    return Result<http::Response>(http::Response{500, {}, ""});
  });
  Status gave_up = Put(*store_, "down", "x");
  EXPECT_EQ(gave_up.code(), Code::kUnavailable) << gave_up.ToString();
  EXPECT_EQ(unavailable, 3);
}

// A private endpoint with its own CA: Config caCert (a file or PEM text) makes it trusted; over
// TLS the parts of a multipart upload go as UNSIGNED-PAYLOAD.
TEST(S3OverTls, CaCertTrustsAPrivateEndpoint) {
  ark::testing::TempDir dir;
  const std::string cert = dir.File("cert.pem"), key = dir.File("key.pem");
  auto made = ark::testing::Run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                 "-keyout", key, "-out", cert, "-subj", "/CN=127.0.0.1", "-addext",
                                 "subjectAltName=IP:127.0.0.1", "-days", "1"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  std::string error;
  auto moto = Moto::Start(&error, cert, key);
  ASSERT_NE(moto, nullptr) << error;
  ASSERT_EQ(moto->url().rfind("https://", 0), 0u);

  NoSleepClock clock;
  std::shared_ptr<RecordingClient> recorder;
  auto new_store = [&](const std::string& ca) {
    ProviderConfig config = {
        {"region", "us-east-1"}, {"s3ForcePathStyle", "true"}, {"s3Url", moto->url()}};
    if (!ca.empty()) config["caCert"] = ca;
    auto options = S3OptionsFromConfig(config, ProviderEnv{});
    EXPECT_TRUE(options.ok()) << options.status().ToString();
    options->multipart_threshold = 5 << 20;
    options->part_size = 5 << 20;
    recorder = std::make_shared<RecordingClient>(
        std::shared_ptr<http::Client>(*NewAwsHttpClient(options->tls)));
    return std::make_unique<S3ObjectStore>(*options, recorder, moto->credentials(), clock);
  };

  auto untrusted = new_store("");
  Status refused = untrusted->CreateBucket(kBucket);
  EXPECT_EQ(refused.code(), Code::kFailedPrecondition) << refused.ToString();

  auto by_file = new_store(cert);
  ASSERT_TRUE(by_file->CreateBucket(kBucket).ok());
  const std::string data = Pattern((5 << 20) * 2 + 100, 9);
  ChunkedSource source(data);
  Status put = by_file->PutObject(kBucket, "tls/big", source, static_cast<int64_t>(data.size()));
  ASSERT_TRUE(put.ok()) << put.ToString();
  int unsigned_parts = 0;
  for (const auto& h : recorder->headers()) {
    unsigned_parts += h.Get("x-amz-content-sha256").value_or("") == "UNSIGNED-PAYLOAD";
  }
  EXPECT_EQ(unsigned_parts, 3);

  auto by_pem = new_store(ark::testing::ReadFile(cert));
  StringSink sink;
  Status got = by_pem->GetObject(kBucket, "tls/big", sink);
  ASSERT_TRUE(got.ok()) << got.ToString();
  EXPECT_TRUE(sink.str() == data);
}

}  // namespace
}  // namespace ark::cloud::aws
