// Blob object store tests against azurite, which verifies SharedKey and SAS signatures.
#include "cloud/azure/blob_object_store.h"

#include <gtest/gtest.h>

#include <atomic>

#include "azurite.h"
#include "cloud/builtin_providers.h"
#include "cloud/provider_registry.h"
#include "util/fake_clock.h"

namespace ark::cloud::azure {
namespace {

using ark::testing::Azurite;

class BlobTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // A failure to start is reported by every test's SetUp (never a skip).
    azurite_ = Azurite::Start(&start_error_).release();
  }
  static void TearDownTestSuite() {
    delete azurite_;
    azurite_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(azurite_, nullptr) << start_error_;
    auto client = http::NewCurlClient({});
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    client_ = std::shared_ptr<http::Client>(std::move(*client));
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    container_ = "c-";
    for (char c : std::string(info->name())) {
      if (std::isalnum(static_cast<unsigned char>(c)))
        container_ += static_cast<char>(std::tolower(c));
    }
    container_ = container_.substr(0, 60);
    store_ = NewStore(Azurite::Account());
    Status created = store_->CreateContainer(container_);
    ASSERT_TRUE(created.ok()) << created.ToString();
  }

  std::unique_ptr<BlobObjectStore> NewStore(StorageAccount account, BlobOptions options = {},
                                            const Clock& clock = SystemClock()) {
    options.endpoint = azurite_->endpoint();
    options.retry.initial = std::chrono::milliseconds(1);
    return std::make_unique<BlobObjectStore>(options, client_, std::move(account), clock);
  }

  Status Put(BlobObjectStore& store, const std::string& key, const std::string& data) {
    StringSource src(data);
    return store.PutObject(container_, key, src, static_cast<int64_t>(data.size()));
  }
  Result<std::string> Get(BlobObjectStore& store, const std::string& key) {
    StringSink sink;
    ARK_RETURN_IF_ERROR(store.GetObject(container_, key, sink));
    return sink.Take();
  }

  static Azurite* azurite_;
  static std::string start_error_;
  std::shared_ptr<http::Client> client_;
  std::string container_;
  std::unique_ptr<BlobObjectStore> store_;
};

Azurite* BlobTest::azurite_ = nullptr;
std::string BlobTest::start_error_;

TEST_F(BlobTest, PutGetExistsDelete) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"backups/b1/ark-backup.json", "{\"kind\":\"Backup\"}"},
      {"empty", ""},
      {"with space/and+plus=eq&amp;%25", "odd key"},
      {"unicode/näme", std::string("\0\1\2binary", 9)},
  };
  for (const auto& [key, data] : cases) {
    SCOPED_TRACE(key);
    ASSERT_TRUE(Put(*store_, key, data).ok());
    auto got = Get(*store_, key);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(*got, data);
    auto exists = store_->ObjectExists(container_, key);
    ASSERT_TRUE(exists.ok()) << exists.status().ToString();
    EXPECT_TRUE(*exists);
    ASSERT_TRUE(store_->DeleteObject(container_, key).ok());
    exists = store_->ObjectExists(container_, key);
    ASSERT_TRUE(exists.ok());
    EXPECT_FALSE(*exists);
  }
}

TEST_F(BlobTest, MissingBlobIsNotFoundAndDeletingItSucceeds) {
  auto got = Get(*store_, "nope");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), Code::kNotFound);
  EXPECT_NE(got.status().message().find("nope"), std::string::npos) << got.status().ToString();
  EXPECT_TRUE(store_->DeleteObject(container_, "nope").ok());
  StringSink sink;
  Status s = store_->GetObject("no-such-container", "x", sink);
  EXPECT_EQ(s.code(), Code::kNotFound) << s.ToString();
}

TEST_F(BlobTest, OverwriteReplacesTheObject) {
  ASSERT_TRUE(Put(*store_, "k", "first version").ok());
  ASSERT_TRUE(Put(*store_, "k", "second").ok());
  EXPECT_EQ(*Get(*store_, "k"), "second");
}

TEST_F(BlobTest, LargeObjectGoesAsParallelBlocks) {
  BlobOptions options;
  options.single_put_limit = 100 * 1024;
  options.block_size = 64 * 1024;
  options.parallel_blocks = 3;
  auto store = NewStore(Azurite::Account(), options);
  std::string data;
  for (int i = 0; data.size() < 1'000'000; ++i) data += std::to_string(i * 7919) + ",";
  ASSERT_TRUE(Put(*store, "big/tarball.tar.gz", data).ok());
  auto got = Get(*store, "big/tarball.tar.gz");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->size(), data.size());
  EXPECT_TRUE(*got == data);
  // Exactly at the limit: one Put Blob.
  ASSERT_TRUE(Put(*store, "edge", data.substr(0, 100 * 1024)).ok());
  EXPECT_EQ(*Get(*store, "edge"), data.substr(0, 100 * 1024));
}

// A source that fails midway: the blob must not appear.
class FailingSource final : public ByteSource {
 public:
  Result<size_t> Read(char* buf, size_t size) override {
    if (sent_ >= 300 * 1024) return Status(Code::kDataLoss, "disk read error");
    size_t n = std::min<size_t>(size, 1024);
    std::fill(buf, buf + n, 'x');
    sent_ += n;
    return n;
  }

 private:
  size_t sent_ = 0;
};

TEST_F(BlobTest, FailedBlockUploadLeavesNoBlob) {
  BlobOptions options;
  options.single_put_limit = 100 * 1024;
  options.block_size = 64 * 1024;
  auto store = NewStore(Azurite::Account(), options);
  FailingSource src;
  Status s = store->PutObject(container_, "partial", src, -1);
  EXPECT_EQ(s.code(), Code::kDataLoss) << s.ToString();
  EXPECT_FALSE(*store->ObjectExists(container_, "partial"));
}

TEST_F(BlobTest, ListsEveryPageAndCommonPrefixes) {
  BlobOptions options;
  options.list_page_size = 2;  // forces marker paging
  auto store = NewStore(Azurite::Account(), options);
  std::vector<std::string> keys = {"backups/a/ark-backup.json",
                                   "backups/a/a.tar.gz",
                                   "backups/b/ark-backup.json",
                                   "backups/c/x",
                                   "backups/top",
                                   "restores/r1/log.gz",
                                   "zzz"};
  for (const auto& k : keys) ASSERT_TRUE(Put(*store, k, k).ok());

  auto all = store->ListObjects(container_, "");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  std::vector<std::string> sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(*all, sorted);

  auto under = store->ListObjects(container_, "backups/a/");
  ASSERT_TRUE(under.ok());
  EXPECT_EQ(*under, (std::vector<std::string>{"backups/a/a.tar.gz", "backups/a/ark-backup.json"}));

  auto prefixes = store->ListCommonPrefixes(container_, "backups/", "/");
  ASSERT_TRUE(prefixes.ok()) << prefixes.status().ToString();
  EXPECT_EQ(*prefixes, (std::vector<std::string>{"backups/a/", "backups/b/", "backups/c/"}));
  auto top = store->ListCommonPrefixes(container_, "", "/");
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(*top, (std::vector<std::string>{"backups/", "restores/"}));
  auto none = store->ListObjects(container_, "nothing/");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(BlobTest, WrongKeyIsRejectedWithoutLeakingIt) {
  std::string wrong_key = Azurite::Account().key;
  wrong_key[0] ^= 1;
  auto store = NewStore({Azurite::kAccount, wrong_key});
  ASSERT_TRUE(Put(*store_, "k", "v").ok());
  const std::string encoded_wrong = Base64Encode(wrong_key);
  std::vector<Status> failures;
  failures.push_back(Put(*store, "k2", "v"));
  failures.push_back(Get(*store, "k").status());
  failures.push_back(store->ListObjects(container_, "").status());
  failures.push_back(store->DeleteObject(container_, "k"));
  for (const Status& s : failures) {
    // The service says AuthenticationFailed (-> Unauthenticated); azurite says
    // AuthorizationFailure (-> PermissionDenied). Either way a 403 and no data.
    EXPECT_EQ(s.http_status(), 403) << s.ToString();
    EXPECT_TRUE(s.code() == Code::kUnauthenticated || s.code() == Code::kPermissionDenied)
        << s.ToString();
    EXPECT_EQ(s.ToString().find(encoded_wrong), std::string::npos);
    EXPECT_EQ(s.ToString().find("SharedKey"), std::string::npos) << s.ToString();
    EXPECT_NE(s.ToString().find("check AZURE_STORAGE_"), std::string::npos) << s.ToString();
  }
  auto exists = store->ObjectExists(container_, "k");
  EXPECT_FALSE(exists.ok());
  // Nothing was changed by the rejected calls.
  EXPECT_EQ(*Get(*store_, "k"), "v");
  EXPECT_FALSE(*store_->ObjectExists(container_, "k2"));
}

TEST_F(BlobTest, SignedUrlReadsWithoutCredentialsUntilItExpires) {
  ASSERT_TRUE(Put(*store_, "backups/b1/b1-logs.gz", "log lines").ok());
  auto url = store_->CreateSignedUrl(container_, "backups/b1/b1-logs.gz", std::chrono::minutes(10));
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_NE(url->find("sp=r"), std::string::npos);
  EXPECT_NE(url->find("sig="), std::string::npos);

  http::Request get;
  get.url = *url;
  auto resp = client_->Send(get);
  ASSERT_TRUE(resp.ok()) << resp.status().ToString();
  EXPECT_EQ(resp->status, 200) << resp->body;
  EXPECT_EQ(resp->body, "log lines");

  // Read-only: the same SAS cannot write.
  http::Request put;
  put.method = "PUT";
  put.url = *url;
  put.headers.Set("x-ms-blob-type", "BlockBlob");
  put.body = "overwritten";
  resp = client_->Send(put);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->status, 403);

  // A tampered signature or another blob's path fails.
  std::string tampered = *url;
  tampered.replace(tampered.find("sp=r"), 4, "sp=w");
  get.url = tampered;
  resp = client_->Send(get);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->status, 403);
  ASSERT_TRUE(Put(*store_, "other", "secret").ok());
  get.url = azurite_->endpoint() + "/" + container_ + "/other" + url->substr(url->find('?'));
  resp = client_->Send(get);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->status, 403);

  // Signed by a clock an hour behind with a ten-minute ttl: already expired.
  FakeClock past(SystemClock().Now() - std::chrono::hours(1));
  auto old = NewStore(Azurite::Account(), {}, past);
  auto expired =
      old->CreateSignedUrl(container_, "backups/b1/b1-logs.gz", std::chrono::minutes(10));
  ASSERT_TRUE(expired.ok());
  get.url = *expired;
  resp = client_->Send(get);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->status, 403);

  EXPECT_FALSE(store_->CreateSignedUrl(container_, "x", std::chrono::seconds(0)).ok());

  // Keys that need percent-encoding sign their decoded name.
  ASSERT_TRUE(Put(*store_, "odd dir/näme+1", "odd").ok());
  auto odd = store_->CreateSignedUrl(container_, "odd dir/näme+1", std::chrono::minutes(1));
  ASSERT_TRUE(odd.ok());
  get.url = *odd;
  resp = client_->Send(get);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->status, 200) << resp->body;
  EXPECT_EQ(resp->body, "odd");
}

TEST_F(BlobTest, ConcurrentCallsShareTheStore) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        std::string key = "t" + std::to_string(t) + "/" + std::to_string(i);
        if (!Put(*store_, key, key).ok()) ++failures;
        auto got = Get(*store_, key);
        if (!got.ok() || *got != key) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store_->ListObjects(container_, "")->size(), 40u);
}

// A sink that refuses data: GetObject returns its error.
class FullSink final : public ByteSink {
 public:
  Status Write(std::string_view) override { return Status(Code::kResourceExhausted, "disk full"); }
};

TEST_F(BlobTest, SinkErrorStopsTheDownload) {
  ASSERT_TRUE(Put(*store_, "k", std::string(200'000, 'a')).ok());
  FullSink sink;
  Status s = store_->GetObject(container_, "k", sink);
  EXPECT_EQ(s.code(), Code::kResourceExhausted) << s.ToString();
}

TEST_F(BlobTest, RegistryBuildsTheStoreFromTheEnvironment) {
  ProviderRegistry registry;
  RegisterBuiltinProviders(registry);
  std::map<std::string, std::string> vars = {{"AZURE_STORAGE_ACCOUNT_ID", Azurite::kAccount},
                                             {"AZURE_STORAGE_KEY", Azurite::kKey}};
  ProviderEnv env;
  env.getenv = [&](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
  auto store =
      registry.NewObjectStore("azure", {{"storageEndpoint", azurite_->endpoint() + "/"}}, env);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  StringSource src("via registry");
  ASSERT_TRUE((*store)->PutObject(container_, "r", src, 12).ok());
  EXPECT_EQ(*Get(*store_, "r"), "via registry");

  // The endpoint from AZURE_STORAGE_ENDPOINT when the Config has none.
  vars["AZURE_STORAGE_ENDPOINT"] = azurite_->endpoint();
  store = registry.NewObjectStore("azure", {}, env);
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE(*(*store)->ObjectExists(container_, "r"));
}

}  // namespace
}  // namespace ark::cloud::azure
