// A final status is written until it lands: through conflicts and a short API outage, not
// past a deleted object, and never forever.
#include "controller/final_status.h"

#include <gtest/gtest.h>

#include <atomic>

#include "api/resources.h"
#include "kubesim_client.h"
#include "support/forwarding_client.h"
#include "support/kubesim.h"
#include "util/fake_clock.h"
#include "util/time_format.h"

namespace ark::controller {
namespace {

using nlohmann::json;

// Forwards to a real client; the first `failing_updates` updates answer `failure`.
class FlakyUpdates final : public ark::testing::ForwardingClient {
 public:
  using ForwardingClient::ForwardingClient;
  std::atomic<int> failing_updates{0};
  Status failure = Unavailable("injected: the API server is restarting");
  std::atomic<int> updates{0};

  Result<kube::Json> Update(const kube::GroupVersionResource& gvr, std::string_view ns,
                            const kube::Json& object) override {
    ++updates;
    if (failing_updates > 0) {
      --failing_updates;
      return failure;
    }
    return real_.Update(gvr, ns, object);
  }
};

class FinalStatusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    KubesimClient env = StartKubesimClient();
    ASSERT_NE(env.client, nullptr);
    sim_ = std::move(env.sim);
    real_ = std::move(env.client);
    flaky_ = std::make_unique<FlakyUpdates>(*real_);
    json backup = {{"apiVersion", "ark.heptio.com/v1"},
                   {"kind", "Backup"},
                   {"metadata", {{"name", "b"}, {"namespace", "heptio-ark"}}},
                   {"status", {{"phase", "InProgress"}}}};
    ASSERT_TRUE(real_->Create(api::BackupsGvr(), "heptio-ark", backup).ok());
  }

  std::string StoredPhase() {
    auto b = real_->Get(api::BackupsGvr(), "heptio-ark", "b");
    return b.ok() ? (*b)["status"].value("phase", "") : "<gone>";
  }

  std::unique_ptr<ark::testing::Kubesim> sim_;
  std::unique_ptr<kube::DynamicClient> real_;
  std::unique_ptr<FlakyUpdates> flaky_;
  FakeClock clock_;
};

TEST_F(FinalStatusTest, LandsThroughAShortOutage) {
  flaky_->failing_updates = 6;
  Status st = WriteFinalStatus(*flaky_, api::BackupsGvr(), "heptio-ark", "b",
                               {{"phase", "Completed"}, {"errors", 0}}, clock_);
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(StoredPhase(), "Completed");
  EXPECT_EQ(flaky_->updates, 7);
  EXPECT_GT(clock_.slept_ms(), 0) << "retries must back off";
}

TEST_F(FinalStatusTest, GivesUpAfterTheDeadlineWithTheLastError) {
  flaky_->failing_updates = 1'000'000;
  Status st = WriteFinalStatus(*flaky_, api::BackupsGvr(), "heptio-ark", "b",
                               {{"phase", "Completed"}}, clock_, std::chrono::minutes(2));
  EXPECT_EQ(st.code(), Code::kUnavailable) << st.ToString();
  EXPECT_EQ(StoredPhase(), "InProgress");
  EXPECT_LE(clock_.slept_ms(), 120'000);
  EXPECT_GT(clock_.slept_ms(), 60'000);
}

TEST_F(FinalStatusTest, RefusalsAreNotRetried) {
  flaky_->failing_updates = 1;
  flaky_->failure = InvalidArgument("injected: status.errors must be an integer");
  Status st = WriteFinalStatus(*flaky_, api::BackupsGvr(), "heptio-ark", "b",
                               {{"phase", "Completed"}}, clock_);
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_EQ(flaky_->updates, 1);
}

TEST_F(FinalStatusTest, ADeletedObjectHasNothingLeftToRecord) {
  ASSERT_TRUE(real_->Delete(api::BackupsGvr(), "heptio-ark", "b").ok());
  EXPECT_TRUE(WriteFinalStatus(*flaky_, api::BackupsGvr(), "heptio-ark", "b",
                               {{"phase", "Completed"}}, clock_)
                  .ok());
  EXPECT_EQ(flaky_->updates, 0);
}

TEST(FailedStatusOfTest, ABackupOrARestoreThatFailedRecordsWhyAndWhen) {
  const Clock::TimePoint when = *ParseRfc3339("2024-03-01T10:00:00Z");
  const json expected = {{"phase", "Failed"},
                         {"failureReason", "the server was stopped before the backup finished"},
                         {"completionTimestamp", "2024-03-01T10:00:00Z"}};
  for (const auto& gvr : {api::BackupsGvr(), api::RestoresGvr()}) {
    EXPECT_EQ(FailedStatusOf(gvr, "the server was stopped before the backup finished", when),
              expected)
        << gvr.resource;
  }
}

}  // namespace
}  // namespace ark::controller
