// The restore's memory bound (ByteBudget: item bytes read from the spool and not yet created)
// and its cancellation, against kubesim over real HTTP.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "restore/byte_budget.h"
#include "restore_env.h"
#include "support/forwarding_client.h"
#include "util/cancel.h"

namespace ark::restore {
namespace {

using testing::BackupItem;
using testing::Cluster;
using testing::EngineHarness;
using testing::Json;

BackupItem SizedConfigMap(const std::string& ns, const std::string& name, size_t payload) {
  Json cm = {{"apiVersion", "v1"},
             {"kind", "ConfigMap"},
             {"metadata", {{"name", name}, {"namespace", ns}}},
             {"data", {{"payload", std::string(payload, 'p')}}}};
  return {"configmaps", cm};
}

TEST(ByteBudgetTest, ALargeItemWaitsUntilNothingElseIsHeld) {
  ByteBudget budget(100);
  budget.Acquire(60);
  std::atomic<bool> acquired{false};
  // 60 + 150 would not fit: the second item goes only once the first is given back, alone.
  std::thread big([&] {
    budget.Acquire(150);
    acquired = true;
  });
  budget.Release(60);
  big.join();
  EXPECT_TRUE(acquired);
  EXPECT_EQ(budget.peak(), 150);  // never 210
  budget.Release(150);

  budget.Acquire(40);
  budget.Acquire(60);  // fits exactly
  EXPECT_EQ(budget.peak(), 150);
  budget.Release(40);
  budget.Release(60);
}

TEST(ByteBudgetTest, ZeroMeansNoLimit) {
  ByteBudget budget(0);
  budget.Acquire(1 << 20);
  budget.Acquire(1 << 20);
  EXPECT_EQ(budget.peak(), 2 << 20);
}

TEST(BytesInFlightTest, ItemBytesInFlightStayUnderTheCapWhateverTheirSizes) {
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  // What matters is the sizes against the cap, not their scale.
  constexpr int64_t kCap = 300 << 10;
  // Sizes around the cap, and one item larger than it, which must still be restored.
  const size_t sizes[] = {150 << 10, 50 << 10, 250 << 10, 500 << 10, 100 << 10, 200 << 10,
                          300 << 10, 100,      280 << 10, 75 << 10,  100 << 10, 180 << 10};
  std::vector<BackupItem> backup;
  int64_t largest = 0;
  for (size_t i = 0; i < std::size(sizes); ++i) {
    backup.push_back(SizedConfigMap("big", "cm-" + std::to_string(i), sizes[i]));
    largest = std::max(largest, static_cast<int64_t>(backup.back().object.dump().size()));
  }
  ASSERT_GT(largest, kCap);
  EngineOptions options;
  options.workers = 8;
  options.max_bytes_in_flight = kCap;
  EngineHarness harness(*cluster, nullptr, options);
  RestoreRequest request;
  request.name = "r1";
  Result<RestoreOutcome> outcome = harness.Run(request, testing::WriteBackupTarball(backup));
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->phase, Phase::kCompleted) << outcome->errors.ToJson().dump();
  EXPECT_EQ(outcome->counts.created, static_cast<int64_t>(std::size(sizes)));
  EXPECT_EQ(cluster->Names("configmaps", "big").size(),
            std::size(sizes) + 1);  // + kube-root-ca.crt
  // The largest item was held (alone); nothing ever went over max(cap, largest).
  EXPECT_GE(outcome->counts.peak_bytes_in_flight, largest);
  EXPECT_LE(outcome->counts.peak_bytes_in_flight, std::max(kCap, largest));
  const Json restored = cluster->Get("configmaps", "big", "cm-3");
  ASSERT_TRUE(restored.is_object());
  EXPECT_EQ(restored["data"]["payload"].get<std::string>().size(), sizes[3]);
}

// Cancels `token` once the `after`-th ConfigMap has been created.
class CancellingClient : public ark::testing::ForwardingClient {
 public:
  CancellingClient(kube::DynamicClient& real, CancelToken& token, int after)
      : ForwardingClient(real), token_(token), after_(after) {}
  Result<kube::Json> Create(const kube::GroupVersionResource& gvr, std::string_view ns,
                            const kube::Json& object) override {
    auto created = real_.Create(gvr, ns, object);
    if (gvr.resource == "configmaps" && ++creates_ == after_)
      token_.Cancel("the server was stopped");
    return created;
  }

 private:
  CancelToken& token_;
  const int after_;
  std::atomic<int> creates_{0};
};

TEST(BytesInFlightTest, ACancelledRestoreStopsBetweenItemsAndSaysWhy) {
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  std::vector<BackupItem> backup;
  for (int i = 0; i < 20; ++i)
    backup.push_back(SizedConfigMap("app", "cm-" + std::to_string(i), 10));
  CancelToken token;
  CancellingClient client(cluster->client(), token, 3);
  EngineOptions options;
  options.workers = 1;  // the 4th item is queued when the 3rd create cancels
  options.queue_per_worker = 1;
  options.cancel = &token;
  RestoreEngine engine(client, cluster->discovery(), nullptr, options);
  MemorySink log_sink;
  Logger log(log_sink, LogLevel::kInfo, SystemClock());
  RestoreRequest request;
  request.name = "r1";
  StringSource tarball(testing::WriteBackupTarball(backup));
  Result<RestoreOutcome> outcome = engine.Run(request, tarball, BackupInfo{}, log);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), Code::kCancelled);
  EXPECT_EQ(outcome.status().message(), "the server was stopped");
  std::vector<std::string> names = cluster->Names("configmaps", "app");
  names.erase(std::remove(names.begin(), names.end(), "kube-root-ca.crt"), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"cm-0", "cm-1", "cm-2"}));
  EXPECT_NE(log_sink.Text().find("Restore stopped before it finished"), std::string::npos)
      << log_sink.Text();
}

TEST(BytesInFlightTest, ARestoreCancelledBeforeItStartsCreatesNothing) {
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  CancelToken token;
  token.Cancel("the server was stopped");
  EngineOptions options;
  options.cancel = &token;
  EngineHarness harness(*cluster, nullptr, options);
  RestoreRequest request;
  request.name = "r1";
  auto outcome =
      harness.Run(request, testing::WriteBackupTarball({SizedConfigMap("app", "one", 1)}));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), Code::kCancelled);
  EXPECT_TRUE(cluster->Get("configmaps", "app", "one").is_null());
}

}  // namespace
}  // namespace ark::restore
