// Backups of the fixtures' workload (workload.h) in a real kubesim process over loopback HTTP,
// checked entry by entry.
#include "backup/backup_engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "backup/fake_block_store.h"
#include "backup/faulty_client.h"
#include "backup/test_env.h"

namespace ark::testing {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

const char* const kVersion = "metadata/version";
const char* const kNginxConfig = "resources/configmaps/namespaces/nginx-example/nginx-config.json";
const char* const kOtherConfig = "resources/configmaps/namespaces/other-ns/other-config.json";
// Every namespace holds a kube-root-ca.crt ConfigMap, as on a real cluster.
const char* const kNginxRootCa =
    "resources/configmaps/namespaces/nginx-example/kube-root-ca.crt.json";
const char* const kOtherRootCa = "resources/configmaps/namespaces/other-ns/kube-root-ca.crt.json";
const char* const kDeployment =
    "resources/deployments.apps/namespaces/nginx-example/nginx-deployment.json";
const char* const kEvent = "resources/events/namespaces/nginx-example/nginx-deployment.1.json";
const char* const kNsNginx = "resources/namespaces/cluster/nginx-example.json";
const char* const kNsOther = "resources/namespaces/cluster/other-ns.json";
const char* const kNsArk = "resources/namespaces/cluster/heptio-ark.json";
const char* const kPvc =
    "resources/persistentvolumeclaims/namespaces/nginx-example/nginx-logs.json";
const char* const kOtherPvc =
    "resources/persistentvolumeclaims/namespaces/other-ns/other-claim.json";
const char* const kPv = "resources/persistentvolumes/cluster/pv-nginx-logs.json";
const char* const kPodA =
    "resources/pods/namespaces/nginx-example/nginx-deployment-744b5f7549-87s8c.json";
const char* const kPodB =
    "resources/pods/namespaces/nginx-example/nginx-deployment-744b5f7549-cgp82.json";
const char* const kOtherPod = "resources/pods/namespaces/other-ns/other-pod.json";
const char* const kReplicaSet =
    "resources/replicasets.apps/namespaces/nginx-example/nginx-deployment-744b5f7549.json";
const char* const kSecret = "resources/secrets/namespaces/nginx-example/nginx-secret.json";
const char* const kSaNginx = "resources/serviceaccounts/namespaces/nginx-example/nginx-sa.json";
const char* const kSaDefault = "resources/serviceaccounts/namespaces/nginx-example/default.json";
const char* const kService = "resources/services/namespaces/nginx-example/my-nginx.json";
const char* const kWidget = "resources/widgets.example.com/namespaces/nginx-example/my-widget.json";
const char* const kCrdWidgets =
    "resources/customresourcedefinitions.apiextensions.k8s.io/cluster/widgets.example.com.json";
const char* const kCrdBackups =
    "resources/customresourcedefinitions.apiextensions.k8s.io/cluster/backups.ark.heptio.com.json";

class BackupEngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { env_ = BackupTestEnv::Start().release(); }
  static void TearDownTestSuite() {
    delete env_;
    env_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(env_, nullptr) << "kubesim environment failed to start"; }

  static BackupTestEnv* env_;
};
BackupTestEnv* BackupEngineTest::env_ = nullptr;

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

struct SelectionCase {
  std::string name;
  std::string spec;
  std::vector<std::string> expected;  // every entry, any order
};

TEST_F(BackupEngineTest, SelectsExactlyTheExpectedEntries) {
  const std::vector<SelectionCase> cases = {
      {"label selector app=nginx over every namespace (as ark-v0.5.1/nginx-selector)",
       R"({"labelSelector":{"matchLabels":{"app":"nginx"}}})",
       {kVersion, kNginxConfig, kDeployment, kNsNginx, kPvc, kPv, kPodA, kPodB, kReplicaSet,
        kSecret, kSaNginx, kService, kWidget}},
      {"one namespace pulls its claim's volume in (as ark-v0.5.1/nginx-ns)",
       R"({"includedNamespaces":["nginx-example"]})",
       {kVersion, kNginxConfig, kNginxRootCa, kDeployment, kEvent, kNsNginx, kPvc, kPv, kPodA,
        kPodB, kReplicaSet, kSecret, kSaDefault, kSaNginx, kService, kWidget}},
      {"one namespace without cluster resources keeps the namespace, drops the volume",
       R"({"includedNamespaces":["nginx-example"],"includeClusterResources":false})",
       {kVersion, kNginxConfig, kNginxRootCa, kDeployment, kEvent, kNsNginx, kPvc, kPodA, kPodB,
        kReplicaSet, kSecret, kSaDefault, kSaNginx, kService, kWidget}},
      {"short resource names; excluded resources are not pulled in by actions",
       R"({"includedNamespaces":["nginx-example"],"includedResources":["po","pvc"]})",
       {kVersion, kPodA, kPodB, kPvc}},
      {"cluster resources forced on for one namespace",
       R"({"includedNamespaces":["other-ns"],"includeClusterResources":true,
           "includedResources":["configmaps","pv","crd","namespaces"]})",
       {kVersion, kOtherConfig, kOtherRootCa, kPv, kCrdWidgets, kCrdBackups, kNsOther}},
      {"excluded resources by short name with a matchExpressions selector",
       R"({"includedNamespaces":["nginx-example"],"excludedResources":["po","rs","pvc"],
           "labelSelector":{"matchExpressions":[{"key":"app","operator":"In","values":["nginx"]}]}})",
       {kVersion, kNginxConfig, kDeployment, kNsNginx, kSecret, kSaNginx, kService, kWidget}},
      {"items added by actions ignore the label selector",
       R"({"labelSelector":{"matchLabels":{"tier":"frontend"}}})",
       {kVersion, kPodA, kPvc, kPv}},
      {"every namespace but the excluded ones; cluster-scoped resources skipped, namespaces kept",
       R"({"excludedNamespaces":["nginx-example","heptio-ark","default","kube-system","kube-public",
           "kube-node-lease"],"includedResources":["cm","pods","pvc","namespaces","pv"]})",
       {kVersion, kOtherConfig, kOtherRootCa, kOtherPod, kOtherPvc, kNsOther}},
      {"the ark.heptio.com group is never backed up",
       R"({"includedNamespaces":["heptio-ark"],"includedResources":["backups.ark.heptio.com","namespaces"]})",
       {kVersion, kNsArk}},
      {"an include list of unknown names matches nothing",
       R"({"includedResources":["nosuchthings"]})",
       {kVersion}},
  };
  for (const SelectionCase& c : cases) {
    SCOPED_TRACE(c.name);
    backup::BackupEngine engine(env_->client(), env_->discovery(), nullptr, nullptr, {});
    TestBackup run = RunBackup(engine, c.spec);
    ASSERT_TRUE(run.outcome.ok()) << run.outcome.status().ToString();
    EXPECT_THAT(run.Sorted(), ElementsAreArray(Sorted(c.expected)));
    ASSERT_FALSE(run.entries.empty());
    EXPECT_EQ(run.entries.front(), kVersion);
    EXPECT_EQ(run.outcome->items_backed_up, static_cast<int64_t>(c.expected.size()) - 1);
    EXPECT_EQ(backup::BackupPhaseName(run.outcome->phase), "Completed")
        << ::testing::PrintToString(run.outcome->errors);
  }
}

TEST_F(BackupEngineTest, SameEntriesWithOneWorkerAndManyAndTinyPages) {
  const std::string spec = R"({"includedNamespaces":["nginx-example","other-ns"]})";
  backup::BackupOptions one;
  one.workers = 1;
  backup::BackupOptions many;
  many.workers = 8;
  many.page_size = 1;
  many.max_queued_bytes = 1;
  backup::BackupEngine a(env_->client(), env_->discovery(), nullptr, nullptr, one);
  backup::BackupEngine b(env_->client(), env_->discovery(), nullptr, nullptr, many);
  TestBackup ra = RunBackup(a, spec);
  TestBackup rb = RunBackup(b, spec);
  ASSERT_TRUE(ra.outcome.ok() && rb.outcome.ok());
  EXPECT_EQ(ra.Sorted(), rb.Sorted());
  EXPECT_EQ(ra.contents, rb.contents);
  EXPECT_GT(ra.entries.size(), 15u);
}

// Entries are the server's compact text, status dropped, apiVersion and kind stamped first.
TEST_F(BackupEngineTest, ItemsAreCompactJsonWithoutStatus) {
  backup::BackupEngine engine(env_->client(), env_->discovery(), nullptr, nullptr, {});
  TestBackup run = RunBackup(engine, R"({"includedNamespaces":["nginx-example"]})");
  ASSERT_TRUE(run.outcome.ok());
  EXPECT_EQ(run.contents.at(kVersion), "1\n");
  for (const char* path : {kPodA, kPvc, kPv, kWidget, kSecret}) {
    SCOPED_TRACE(path);
    const std::string& text = run.contents.at(path);
    nlohmann::json item = nlohmann::json::parse(text);
    EXPECT_FALSE(item.contains("status"));
    EXPECT_EQ(text.size(), item.dump().size()) << "not compact";
    EXPECT_EQ(text.rfind("{\"apiVersion\":", 0), 0u) << text;
    EXPECT_TRUE(item.contains("kind")) << text;
  }
  auto pod =
      env_->client().Get({"", "v1", "pods"}, "nginx-example", "nginx-deployment-744b5f7549-87s8c");
  ASSERT_TRUE(pod.ok());
  ASSERT_TRUE(pod->contains("status"));
  pod->erase("status");
  EXPECT_EQ(nlohmann::json::parse(run.contents.at(kPodA)), *pod)
      << "everything but status kept as read";
  EXPECT_EQ(nlohmann::json::parse(run.contents.at(kSecret))["data"]["password"],
            "czNjcjN0LXZhbHVl");
}

TEST_F(BackupEngineTest, SnapshotsTheVolumeOfABackedUpPv) {
  FakeBlockStore store;
  backup::BackupEngine engine(env_->client(), env_->discovery(), &store, nullptr, {});
  TestBackup run = RunBackup(engine, R"({"includedNamespaces":["nginx-example"]})");
  ASSERT_TRUE(run.outcome.ok());
  EXPECT_EQ(run.outcome->phase, backup::BackupPhase::kCompleted);
  EXPECT_EQ(run.outcome->volume_backups,
            nlohmann::json::parse(R"({"pv-nginx-logs":{"snapshotID":"snap-1","type":"gp2",
                                      "availabilityZone":"us-east-1a"}})"));
  auto calls = store.snapshots();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].volume_id, "vol-0a1b2c3d4e5f");
  EXPECT_EQ(calls[0].az, "us-east-1a");
  EXPECT_EQ(calls[0].tags,
            (std::map<std::string, std::string>{{"ark.heptio.com/backup", "b"},
                                                {"ark.heptio.com/pv", "pv-nginx-logs"}}));
  EXPECT_TRUE(run.contents.count(kPv));
}

TEST_F(BackupEngineTest, SnapshotRecordsIopsAndIsTakenOnceWhenThePvIsAlsoListed) {
  FakeBlockStore store;
  store.volume_type = "io1";
  store.iops = 1000;
  backup::BackupEngine engine(env_->client(), env_->discovery(), &store, nullptr, {});
  // The PV is both listed (cluster resources on) and pulled in by the claim.
  TestBackup run = RunBackup(engine, R"({"labelSelector":{"matchLabels":{"app":"nginx"}}})");
  ASSERT_TRUE(run.outcome.ok());
  EXPECT_EQ(store.snapshots().size(), 1u);
  EXPECT_EQ(run.outcome->volume_backups["pv-nginx-logs"],
            nlohmann::json::parse(R"({"snapshotID":"snap-1","type":"io1",
                                      "availabilityZone":"us-east-1a","iops":1000})"));
}

TEST_F(BackupEngineTest, SnapshotVolumesFalseTakesNoSnapshot) {
  FakeBlockStore store;
  backup::BackupEngine engine(env_->client(), env_->discovery(), &store, nullptr, {});
  TestBackup run =
      RunBackup(engine, R"({"includedNamespaces":["nginx-example"],"snapshotVolumes":false})");
  ASSERT_TRUE(run.outcome.ok());
  EXPECT_TRUE(store.snapshots().empty());
  EXPECT_EQ(run.outcome->volume_backups, nlohmann::json::object());
  EXPECT_TRUE(run.contents.count(kPv));
}

TEST_F(BackupEngineTest, FailedSnapshotFailsThatItemOnly) {
  FakeBlockStore store;
  store.fail_snapshots.insert("vol-0a1b2c3d4e5f");
  backup::BackupEngine engine(env_->client(), env_->discovery(), &store, nullptr, {});
  TestBackup run = RunBackup(engine, R"({"includedNamespaces":["nginx-example"]})");
  ASSERT_TRUE(run.outcome.ok());
  EXPECT_EQ(run.outcome->phase, backup::BackupPhase::kPartiallyFailed);
  EXPECT_EQ(run.outcome->items_failed, 1);
  ASSERT_EQ(run.outcome->errors.size(), 1u);
  EXPECT_THAT(run.outcome->errors[0], HasSubstr("persistentvolumes pv-nginx-logs"));
  EXPECT_THAT(run.outcome->errors[0], HasSubstr("vol-0a1b2c3d4e5f"));
  EXPECT_FALSE(run.contents.count(kPv));
  EXPECT_TRUE(run.contents.count(kPvc));
  EXPECT_TRUE(run.contents.count(kPodA));
}

// A list that fails, or whose page has an item cut short, fails that resource with an error
// naming it: the backup is PartiallyFailed, not Completed with items missing.
TEST_F(BackupEngineTest, FailedListIsAnErrorNotSilence) {
  const struct {
    const char* fault;
    std::set<std::string> FaultyClient::*list;
    const char* error;
  } cases[] = {
      {"the LIST fails", &FaultyClient::fail_list, "injected LIST failure"},
      {"an item is cut short", &FaultyClient::cut_list, "a list item is not well-formed JSON"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.fault);
    FaultyClient faulty(env_->client());
    faulty.*c.list = {"configmaps"};
    backup::BackupEngine engine(faulty, env_->discovery(), nullptr, nullptr, {});
    TestBackup run = RunBackup(engine, R"({"includedNamespaces":["nginx-example"]})");
    ASSERT_TRUE(run.outcome.ok());
    EXPECT_EQ(run.outcome->phase, backup::BackupPhase::kPartiallyFailed);
    EXPECT_EQ(run.outcome->resources_failed, 1);
    ASSERT_EQ(run.outcome->errors.size(), 1u);
    EXPECT_THAT(run.outcome->errors[0],
                HasSubstr("listing configmaps in namespace \"nginx-example\""));
    EXPECT_THAT(run.outcome->errors[0], HasSubstr(c.error));
    EXPECT_FALSE(run.contents.count(kNginxConfig));
    EXPECT_TRUE(run.contents.count(kDeployment));
  }
}

// Items that are not the API server's compact text (pretty-printed here) are re-encoded:
// the entries are the same as from compact pages.
TEST_F(BackupEngineTest, PrettyPrintedListItemsMakeTheSameEntries) {
  const std::string spec = R"({"includedNamespaces":["nginx-example"]})";
  FaultyClient faulty(env_->client());
  faulty.pretty_list = {"configmaps", "pods", "persistentvolumeclaims"};
  backup::BackupEngine compact(env_->client(), env_->discovery(), nullptr, nullptr, {});
  backup::BackupEngine pretty(faulty, env_->discovery(), nullptr, nullptr, {});
  TestBackup a = RunBackup(compact, spec);
  TestBackup b = RunBackup(pretty, spec);
  ASSERT_TRUE(a.outcome.ok() && b.outcome.ok());
  EXPECT_EQ(b.outcome->phase, backup::BackupPhase::kCompleted)
      << ::testing::PrintToString(b.outcome->errors);
  EXPECT_EQ(a.Sorted(), b.Sorted());
  for (const char* path : {kNginxConfig, kPodA, kPodB, kPvc, kPv}) {
    SCOPED_TRACE(path);
    ASSERT_TRUE(b.contents.count(path));
    EXPECT_EQ(nlohmann::json::parse(b.contents.at(path)),
              nlohmann::json::parse(a.contents.at(path)));
    EXPECT_EQ(b.contents.at(path).size(), nlohmann::json::parse(b.contents.at(path)).dump().size())
        << "not compact";
  }
}

TEST_F(BackupEngineTest, FailedGetOfAnAddedItemFailsIt) {
  FaultyClient faulty(env_->client());
  faulty.fail_get = {"persistentvolumes"};
  backup::BackupEngine engine(faulty, env_->discovery(), nullptr, nullptr, {});
  TestBackup run = RunBackup(engine, R"({"labelSelector":{"matchLabels":{"tier":"frontend"}}})");
  ASSERT_TRUE(run.outcome.ok());
  EXPECT_EQ(run.outcome->phase, backup::BackupPhase::kPartiallyFailed);
  EXPECT_EQ(run.outcome->items_failed, 1);
  EXPECT_THAT(run.Sorted(), ElementsAreArray(Sorted({kVersion, kPodA, kPvc})));
}

TEST_F(BackupEngineTest, MissingClaimOfAPodIsAWarning) {
  backup::BackupEngine engine(env_->client(), env_->discovery(), nullptr, nullptr, {});
  TestBackup run = RunBackup(engine, R"({"includedNamespaces":["other-ns"]})");
  ASSERT_TRUE(run.outcome.ok());
  EXPECT_EQ(run.outcome->phase, backup::BackupPhase::kCompleted);
  ASSERT_EQ(run.outcome->warnings.size(), 1u);
  EXPECT_THAT(run.outcome->warnings[0], HasSubstr("persistentvolumeclaims other-ns/missing-claim"));
  EXPECT_TRUE(run.contents.count(kOtherPod));
  EXPECT_TRUE(run.contents.count(kOtherPvc)) << "an unbound claim is backed up without error";
}

TEST_F(BackupEngineTest, InvalidRequestsFailValidationAndWriteNothing) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"includedNamespaces":["*","a"]})", "namespaces: "},
      {R"({"excludedNamespaces":["*"]})", "namespaces: "},
      {R"({"includedResources":["pods"],"excludedResources":["pods"]})", "resources: "},
      {R"({"snapshotVolumes":true})", "Server is not configured for PV snapshots"},
  };
  for (const auto& [spec, message] : cases) {
    SCOPED_TRACE(spec);
    backup::BackupEngine engine(env_->client(), env_->discovery(), nullptr, nullptr, {});
    TestBackup run = RunBackup(engine, spec);
    ASSERT_TRUE(run.outcome.ok()) << run.outcome.status().ToString();
    EXPECT_EQ(run.outcome->phase, backup::BackupPhase::kFailedValidation);
    ASSERT_FALSE(run.outcome->validation_errors.empty());
    EXPECT_THAT(run.outcome->validation_errors[0], HasSubstr(message));
    EXPECT_TRUE(run.entries.empty());
  }
}

TEST_F(BackupEngineTest, ReportsProgressAndLogsEachItem) {
  backup::BackupEngine engine(env_->client(), env_->discovery(), nullptr, nullptr, {});
  std::vector<backup::BackupProgress> seen;
  TestBackup run = RunBackup(engine, R"({"includedNamespaces":["nginx-example"]})",
                             [&](const backup::BackupProgress& p) { seen.push_back(p); });
  ASSERT_TRUE(run.outcome.ok());
  ASSERT_FALSE(seen.empty());
  for (size_t i = 1; i < seen.size(); ++i) {
    EXPECT_GE(seen[i].items_done, seen[i - 1].items_done);
    EXPECT_GE(seen[i].items_total_estimate, seen[i].items_done);
  }
  EXPECT_EQ(seen.back().items_done, run.outcome->items_backed_up);
  EXPECT_EQ(seen.back().items_total_estimate, run.outcome->items_backed_up);

  bool item_line = false;
  for (const std::string& line : run.log_lines) {
    EXPECT_THAT(line, HasSubstr("backup=heptio-ark/b"));
    if (line.find("msg=\"Backing up item\"") != std::string::npos &&
        line.find("resource=pods namespace=nginx-example name=nginx-deployment-744b5f7549-87s8c") !=
            std::string::npos) {
      item_line = true;
    }
  }
  EXPECT_TRUE(item_line) << ::testing::PrintToString(run.log_lines);
  EXPECT_THAT(run.log_lines.front(), HasSubstr("msg=\"Starting backup\""));
  EXPECT_THAT(run.log_lines.back(), HasSubstr("msg=\"Backup completed successfully\""));
}

TEST_F(BackupEngineTest, ProgressTotalComesFromTheFirstPage) {
  // One pod a page: the first page's remainingItemCount brings the other pod into the total,
  // so no report says 1/1 (the list of every namespace's pods would also count other-ns's).
  backup::BackupOptions options;
  options.page_size = 1;
  backup::BackupEngine engine(env_->client(), env_->discovery(), nullptr, nullptr, options);
  std::vector<backup::BackupProgress> seen;
  TestBackup run =
      RunBackup(engine, R"({"includedNamespaces":["nginx-example"],"includedResources":["pods"]})",
                [&](const backup::BackupProgress& p) { seen.push_back(p); });
  ASSERT_TRUE(run.outcome.ok());
  ASSERT_EQ(run.outcome->items_backed_up, 2);
  ASSERT_FALSE(seen.empty());
  for (const backup::BackupProgress& p : seen) {
    EXPECT_GE(p.items_total_estimate, 2) << "at " << p.items_done << " items done";
  }
  EXPECT_EQ(seen.back().items_total_estimate, 2);
}

// A tarball writer whose sink breaks after `ok_adds` entries.
class BrokenTarball final : public archive::TarballWriter {
 public:
  explicit BrokenTarball(int ok_adds) : ok_adds_(ok_adds) {}
  Status Add(std::string_view path, std::string_view) override {
    if (entries_ >= ok_adds_) return Unavailable("disk full");
    ++entries_;
    return Status::Ok();
  }
  archive::TarBatch NewBatch() const override { return archive::TarBatch(SystemClock()); }
  Status AddBatch(const archive::TarBatch& batch) override {
    // Entry by entry, as a sink filling up part way through a write.
    for (int64_t i = 0; i < batch.entries(); ++i) {
      if (entries_ >= ok_adds_) return Unavailable("disk full");
      ++entries_;
    }
    return Status::Ok();
  }
  Status Close() override { return Status::Ok(); }
  int64_t entries() const override { return entries_; }
  int64_t uncompressed_bytes() const override { return 0; }

 private:
  int ok_adds_;
  int64_t entries_ = 0;
};

TEST_F(BackupEngineTest, TarballWriterFailureFailsTheBackup) {
  for (int ok_adds : {0, 3}) {
    SCOPED_TRACE(ok_adds);
    backup::BackupOptions options;
    options.page_size = 2;
    backup::BackupEngine engine(env_->client(), env_->discovery(), nullptr, nullptr, options);
    BrokenTarball tar(ok_adds);
    MemorySink sink;
    backup::BackupRequest request;
    request.name = "b";
    request.namespace_ = "heptio-ark";
    auto outcome = engine.Run(request, tar, Logger(sink, LogLevel::kInfo));
    ASSERT_FALSE(outcome.ok());
    EXPECT_THAT(outcome.status().ToString(), HasSubstr("disk full"));
    EXPECT_EQ(tar.entries(), ok_adds);
  }
}

}  // namespace
}  // namespace ark::testing
