// S3 transfers through a fault proxy in front of moto (which keeps its objects in memory, so
// the proxy, not a restart, makes the outage): downloads reset mid-body resume with a Range
// request pinned to the ETag they began with; uploads ride through seconds of refused
// connections.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "cloud/aws/aws_provider.h"
#include "cloud/aws/s3_object_store.h"
#include "moto.h"
#include "support/download_faults.h"
#include "test_clients.h"

namespace ark::cloud::aws {
namespace {

using ark::testing::FaultProxy;
using ark::testing::Moto;
using ark::testing::NoSleepClock;
using ark::testing::RecordingClient;

constexpr const char* kBucket = "ark-backups";

class S3ResumeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    moto_ = Moto::Start(&error);
    ASSERT_NE(moto_, nullptr) << error;
    const std::string& url = moto_->url();
    proxy_ = FaultProxy::Start(std::stoi(url.substr(url.rfind(':') + 1)));
    ASSERT_NE(proxy_, nullptr);
    direct_ = NewStore(url, clock_);
    proxied_ = NewStore(proxy_->Url(url), clock_);
    Status created = direct_->CreateBucket(kBucket);
    ASSERT_TRUE(created.ok()) << created.ToString() << "\n" << moto_->Log();
  }

  // The production retry policy, on `clock`.
  std::unique_ptr<S3ObjectStore> NewStore(const std::string& url, const Clock& clock) {
    ProviderConfig config = {{"region", "us-east-1"}, {"s3ForcePathStyle", "true"}, {"s3Url", url}};
    auto options = S3OptionsFromConfig(config, ProviderEnv{});
    EXPECT_TRUE(options.ok()) << options.status().ToString();
    auto client = NewAwsHttpClient(options->tls);
    EXPECT_TRUE(client.ok());
    recorder_ =
        std::make_shared<RecordingClient>(std::shared_ptr<http::Client>(std::move(*client)));
    return std::make_unique<S3ObjectStore>(*options, recorder_, moto_->credentials(), clock);
  }

  Status Put(ObjectStore& store, const std::string& key, const std::string& data) {
    StringSource source(data);
    return store.PutObject(kBucket, key, source, static_cast<int64_t>(data.size()));
  }

  NoSleepClock clock_;
  std::unique_ptr<Moto> moto_;
  std::unique_ptr<FaultProxy> proxy_;
  std::unique_ptr<S3ObjectStore> direct_;
  std::unique_ptr<S3ObjectStore> proxied_;
  std::shared_ptr<RecordingClient> recorder_;  // of the last store made: proxied_
};

TEST_F(S3ResumeTest, DownloadResetMidBodyResumesWithRangeAndSameBytes) {
  const std::string data = ark::testing::RandomBytes(3 << 20);
  ASSERT_TRUE(Put(*direct_, "backups/b1/b1.tar.gz", data).ok());
  ark::testing::ExpectDownloadResumesAfterResets(*proxied_, *proxy_, kBucket,
                                                 "backups/b1/b1.tar.gz", data);
  // The resumed tries asked for the rest, pinned to the first try's ETag.
  const std::vector<http::Headers> sent = recorder_->headers();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_FALSE(sent[0].Get("Range").has_value());
  for (size_t i = 1; i < sent.size(); ++i) {
    const std::string range = sent[i].Get("Range").value_or("");
    EXPECT_EQ(range.rfind("bytes=", 0), 0u) << range;
    EXPECT_NE(range, "bytes=0-");
    EXPECT_TRUE(sent[i].Get("If-Match").has_value());
  }
}

TEST_F(S3ResumeTest, ObjectReplacedBetweenTriesIsDataLoss) {
  ASSERT_TRUE(Put(*direct_, "backups/b1/b1.tar.gz", ark::testing::RandomBytes(3 << 20, 1)).ok());
  ark::testing::ExpectReplacedObjectFailsTheDownload(
      *proxied_, *proxy_, kBucket, "backups/b1/b1.tar.gz", [&] {
        Status replaced =
            Put(*direct_, "backups/b1/b1.tar.gz", ark::testing::RandomBytes(3 << 20, 2));
        EXPECT_TRUE(replaced.ok()) << replaced.ToString();
      });
}

// moto refuses connections for three seconds from the moment the upload has read its first
// part; the parts and the completion are retried through it (real clock: the production
// backoff waits it out).
TEST_F(S3ResumeTest, MultipartUploadRidesThroughSecondsOfRefusedConnections) {
  auto store = NewStore(proxy_->Url(moto_->url()), SystemClock());
  const std::string data = ark::testing::RandomBytes(20 << 20, 3);
  std::thread back;
  class OutageSource final : public ByteSource {
   public:
    OutageSource(const std::string& data, std::function<void()> at_second_part)
        : data_(data), at_second_part_(std::move(at_second_part)) {}
    Result<size_t> Read(char* buf, size_t size) override {
      if (offset_ >= (8u << 20) && at_second_part_) {
        at_second_part_();
        at_second_part_ = nullptr;
      }
      const size_t n = std::min(size, data_.size() - offset_);
      std::memcpy(buf, data_.data() + offset_, n);
      offset_ += n;
      return n;
    }

   private:
    const std::string& data_;
    std::function<void()> at_second_part_;
    size_t offset_ = 0;
  } source(data, [&] {
    proxy_->Refuse();
    back = std::thread([&] {
      std::this_thread::sleep_for(std::chrono::seconds(3));
      proxy_->Pass();
    });
  });
  Status put =
      store->PutObject(kBucket, "backups/b2/b2.tar.gz", source, static_cast<int64_t>(data.size()));
  ASSERT_TRUE(back.joinable()) << "the upload never reached its second part";
  back.join();
  ASSERT_TRUE(put.ok()) << put.ToString();
  StringSink got;
  ASSERT_TRUE(direct_->GetObject(kBucket, "backups/b2/b2.tar.gz", got).ok());
  EXPECT_EQ(Sha256Hex(got.str()), Sha256Hex(data));
}

}  // namespace
}  // namespace ark::cloud::aws
