// Blob downloads through a fault proxy in front of azurite: a transfer reset mid-body resumes
// with x-ms-range pinned to the ETag it began with (If-Match), and a blob replaced meanwhile
// fails the download instead of splicing two versions.
#include <gtest/gtest.h>

#include "azurite.h"
#include "cloud/azure/blob_object_store.h"
#include "support/download_faults.h"
#include "util/fake_clock.h"

namespace ark::cloud::azure {
namespace {

using ark::testing::Azurite;
using ark::testing::FaultProxy;

class BlobResumeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    azurite_ = Azurite::Start(&error);
    ASSERT_NE(azurite_, nullptr) << error;
    const std::string& endpoint = azurite_->endpoint();  // http://127.0.0.1:PORT/account
    const size_t colon = endpoint.rfind(':');
    proxy_ = FaultProxy::Start(std::stoi(endpoint.substr(colon + 1)));
    ASSERT_NE(proxy_, nullptr);
    auto client = http::NewCurlClient({});
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    std::shared_ptr<http::Client> shared(std::move(*client));
    BlobOptions options;
    options.endpoint = endpoint;
    direct_ = std::make_unique<BlobObjectStore>(options, shared, Azurite::Account(), clock_);
    options.endpoint = proxy_->Url(endpoint);
    proxied_ = std::make_unique<BlobObjectStore>(options, shared, Azurite::Account(), clock_);
    ASSERT_TRUE(direct_->CreateContainer("ark").ok());
  }

  Status Put(const std::string& key, const std::string& data) {
    StringSource source(data);
    return direct_->PutObject("ark", key, source, static_cast<int64_t>(data.size()));
  }

  FakeClock clock_;  // the production retry policy, without its waits
  std::unique_ptr<Azurite> azurite_;
  std::unique_ptr<FaultProxy> proxy_;
  std::unique_ptr<BlobObjectStore> direct_;
  std::unique_ptr<BlobObjectStore> proxied_;
};

TEST_F(BlobResumeTest, DownloadResetMidBodyResumesWithRangeAndSameBytes) {
  const std::string data = ark::testing::RandomBytes(3 << 20);
  ASSERT_TRUE(Put("backups/b1/b1.tar.gz", data).ok());
  ark::testing::ExpectDownloadResumesAfterResets(*proxied_, *proxy_, "ark", "backups/b1/b1.tar.gz",
                                                 data);
}

TEST_F(BlobResumeTest, BlobReplacedBetweenTriesIsDataLoss) {
  ASSERT_TRUE(Put("backups/b1/b1.tar.gz", ark::testing::RandomBytes(3 << 20, 1)).ok());
  ark::testing::ExpectReplacedObjectFailsTheDownload(
      *proxied_, *proxy_, "ark", "backups/b1/b1.tar.gz", [&] {
        Status replaced = Put("backups/b1/b1.tar.gz", ark::testing::RandomBytes(3 << 20, 2));
        EXPECT_TRUE(replaced.ok()) << replaced.ToString();
      });
}

}  // namespace
}  // namespace ark::cloud::azure
