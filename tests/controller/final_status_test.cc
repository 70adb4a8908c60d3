// A final status is written until it lands: through conflicts and a short API outage, not
// past a deleted object, and never forever.
#include "controller/final_status.h"

#include <gtest/gtest.h>

#include <atomic>

#include "controller/ark_objects.h"
#include "kube/rest_config.h"
#include "support/kubesim.h"
#include "support/process.h"
#include "util/fake_clock.h"

namespace ark::controller {
namespace {

using nlohmann::json;

// Forwards to a real client; the first `failing_updates` updates answer `failure`.
class FlakyUpdates final : public kube::DynamicClient {
 public:
  explicit FlakyUpdates(kube::DynamicClient& real) : real_(real) {}
  std::atomic<int> failing_updates{0};
  Status failure = Unavailable("injected: the API server is restarting");
  std::atomic<int> updates{0};

  Result<kube::Json> Get(const kube::GroupVersionResource& gvr, std::string_view ns,
                         std::string_view name) override {
    return real_.Get(gvr, ns, name);
  }
  Status ListRaw(const kube::GroupVersionResource& gvr, std::string_view ns,
                 const kube::ListOptions& options,
                 const std::function<Status(kube::RawListPage&)>& on_page) override {
    return real_.ListRaw(gvr, ns, options, on_page);
  }
  Result<kube::Json> Create(const kube::GroupVersionResource& gvr, std::string_view ns,
                            const kube::Json& object) override {
    return real_.Create(gvr, ns, object);
  }
  Result<kube::Json> Update(const kube::GroupVersionResource& gvr, std::string_view ns,
                            const kube::Json& object) override {
    ++updates;
    if (failing_updates > 0) {
      --failing_updates;
      return failure;
    }
    return real_.Update(gvr, ns, object);
  }
  Result<kube::Json> UpdateStatus(const kube::GroupVersionResource& gvr, std::string_view ns,
                                  const kube::Json& object) override {
    return real_.UpdateStatus(gvr, ns, object);
  }
  Result<kube::Json> Patch(const kube::GroupVersionResource& gvr, std::string_view ns,
                           std::string_view name, kube::PatchType type,
                           std::string_view patch) override {
    return real_.Patch(gvr, ns, name, type, patch);
  }
  Status Delete(const kube::GroupVersionResource& gvr, std::string_view ns, std::string_view name,
                const kube::DeleteOptions& options) override {
    return real_.Delete(gvr, ns, name, options);
  }
  Status Watch(const kube::GroupVersionResource& gvr, std::string_view ns,
               const kube::WatchOptions& options,
               const std::function<bool(kube::WatchEvent&)>& on_event) override {
    return real_.Watch(gvr, ns, options, on_event);
  }

 private:
  kube::DynamicClient& real_;
};

class FinalStatusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = ark::testing::Kubesim::Start();
    ASSERT_NE(sim_, nullptr);
    auto applied = ark::testing::Run({"kubectl", "--kubeconfig", sim_->kubeconfig(), "apply", "-f",
                                      std::string(ARK_SOURCE_DIR) + "/examples/common/00-prereqs.yaml"});
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
    kube::LoadOptions options;
    options.kubeconfig = sim_->kubeconfig();
    auto config = kube::LoadRestConfig(options);
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    auto client = kube::NewDynamicClient(*config);
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    real_ = std::move(*client);
    flaky_ = std::make_unique<FlakyUpdates>(*real_);
    json backup = {{"apiVersion", "ark.heptio.com/v1"}, {"kind", "Backup"},
                   {"metadata", {{"name", "b"}, {"namespace", "heptio-ark"}}},
                   {"status", {{"phase", "InProgress"}}}};
    ASSERT_TRUE(real_->Create(BackupsGvr(), "heptio-ark", backup).ok());
  }

  std::string StoredPhase() {
    auto b = real_->Get(BackupsGvr(), "heptio-ark", "b");
    return b.ok() ? (*b)["status"].value("phase", "") : "<gone>";
  }

  std::unique_ptr<ark::testing::Kubesim> sim_;
  std::unique_ptr<kube::DynamicClient> real_;
  std::unique_ptr<FlakyUpdates> flaky_;
  FakeClock clock_;
};

TEST_F(FinalStatusTest, LandsThroughAShortOutage) {
  flaky_->failing_updates = 6;
  Status st = WriteFinalStatus(*flaky_, BackupsGvr(), "heptio-ark", "b",
                               {{"phase", "Completed"}, {"errors", 0}}, clock_);
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(StoredPhase(), "Completed");
  EXPECT_EQ(flaky_->updates, 7);
  EXPECT_GT(clock_.slept_ms(), 0) << "retries must back off";
}

TEST_F(FinalStatusTest, GivesUpAfterTheDeadlineWithTheLastError) {
  flaky_->failing_updates = 1'000'000;
  Status st = WriteFinalStatus(*flaky_, BackupsGvr(), "heptio-ark", "b", {{"phase", "Completed"}},
                               clock_, std::chrono::minutes(2));
  EXPECT_EQ(st.code(), Code::kUnavailable) << st.ToString();
  EXPECT_EQ(StoredPhase(), "InProgress");
  EXPECT_LE(clock_.slept_ms(), 120'000);
  EXPECT_GT(clock_.slept_ms(), 60'000);
}

TEST_F(FinalStatusTest, RefusalsAreNotRetried) {
  flaky_->failing_updates = 1;
  flaky_->failure = InvalidArgument("injected: status.errors must be an integer");
  Status st = WriteFinalStatus(*flaky_, BackupsGvr(), "heptio-ark", "b", {{"phase", "Completed"}}, clock_);
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_EQ(flaky_->updates, 1);
}

TEST_F(FinalStatusTest, ADeletedObjectHasNothingLeftToRecord) {
  ASSERT_TRUE(real_->Delete(BackupsGvr(), "heptio-ark", "b").ok());
  EXPECT_TRUE(WriteFinalStatus(*flaky_, BackupsGvr(), "heptio-ark", "b", {{"phase", "Completed"}}, clock_).ok());
  EXPECT_EQ(flaky_->updates, 0);
}

}  // namespace
}  // namespace ark::controller
