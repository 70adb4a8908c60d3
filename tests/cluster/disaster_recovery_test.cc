// Disaster recovery as the job the project exists for: a whole cluster (a realistic corpus
// plus every common kind) is backed up with no filters, a fresh cluster's `ark server` syncs
// the backup from the shared store, and the restore brings every object back, bound, with
// tokens, and still there a minute later. On real clusters also across versions (1.21 to 1.26).
#include <gtest/gtest.h>

#include <iostream>
#include <thread>

#include "cluster/workload.h"
#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

using nlohmann::json;

constexpr int kCorpusObjects = 1500;
constexpr int kCorpusNamespaces = 15;

// Warnings a restore into a fresh cluster may give: objects that cluster already has (its
// defaults, system RBAC, flow-control objects) and APIs it no longer serves.
bool ExpectedWarning(const std::string& message) {
  return message.find("already exists") != std::string::npos ||
         message.find("does not serve resource") != std::string::npos;
}

std::vector<std::string> Messages(const json& group) {
  std::vector<std::string> out;
  if (!group.is_object()) return out;
  for (const char* key : {"ark", "cluster"}) {
    for (const json& m : group.value(key, json::array())) out.push_back(m.get<std::string>());
  }
  const json namespaces = group.value("namespaces", json::object());
  for (const auto& [ns, list] : namespaces.items()) {
    for (const json& m : list) out.push_back(ns + ": " + m.get<std::string>());
  }
  return out;
}

void RecoverIntoFreshCluster(const std::string& source_version) {
  TempDir dir;
  const std::string store = dir.File("store");
  std::shared_ptr<TestCluster> source = TestCluster::Start({.slot = 0, .version = source_version});
  ASSERT_NE(source, nullptr);
  auto origin = ArkEnv::Start({.store_path = store, .cluster = source});
  ASSERT_NE(origin, nullptr);
  Workload workload = LoadWorkload(*origin, dir, kCorpusObjects, kCorpusNamespaces);
  ASSERT_FALSE(workload.namespaces.empty());
  const auto before = Snapshot(*origin, workload);
  ASSERT_GT(before.size(), 1500u);

  auto backup = origin->Ark({"backup", "create", "dr", "--wait"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << origin->server().Stdout();
  ASSERT_NE(backup.out.find("Backup completed with status: Completed."), std::string::npos)
      << backup.out << origin->server().Stdout();

  // The fresh cluster shares the store; its server syncs the backup in.
  std::shared_ptr<TestCluster> fresh = TestCluster::Start({.slot = 1});
  ASSERT_NE(fresh, nullptr);
  const bool across_versions = fresh->version() != source->version();
  auto target = ArkEnv::Start({.store_path = store, .cluster = fresh});
  ASSERT_NE(target, nullptr);
  ASSERT_TRUE(PollUntil([&] { return target->Phase("backups", "dr") == "Completed"; }))
      << "backup dr was not synced into the fresh cluster\n"
      << target->server().Stdout();

  auto restore = target->Ark({"restore", "create", "dr", "--wait"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err << target->server().Stdout();
  EXPECT_NE(restore.out.find("Restore completed with status: Completed."), std::string::npos)
      << restore.out;
  auto restores =
      target->Kubectl({"get", "restores.ark.heptio.com", "-n", "heptio-ark", "-o", "json"});
  json list = json::parse(restores.out, nullptr, false);
  ASSERT_TRUE(list.is_object() && list["items"].size() == 1) << restores.out << restores.err;
  const std::string restore_name = list["items"][0]["metadata"]["name"];
  const json status = list["items"][0]["status"];
  EXPECT_EQ(status.value("phase", ""), "Completed");
  EXPECT_EQ(status.value("errors", -1), 0);

  // Discovery still answers for every group: the source's own APIServices (a 1.21 server's
  // batch/v1beta1, policy/v1beta1, ...) were not restored over the target's.
  auto discovery = target->Kubectl({"api-resources", "-o", "name"});
  EXPECT_EQ(discovery.exit_code, 0) << discovery.err;
  EXPECT_EQ(discovery.err.find("could not find the requested resource"), std::string::npos)
      << discovery.err;

  auto describe = target->Ark({"restore", "describe", restore_name});
  ASSERT_EQ(describe.exit_code, 0) << describe.err;
  EXPECT_NE(describe.out.find("Restore order:  customresourcedefinitions"), std::string::npos)
      << describe.out;
  // Warnings only for what the fresh cluster already had (the uploaded results file).
  RunResult results =
      Run({"gzip", "-dc", store + "/ark/dr/restore-" + restore_name + "-results.gz"});
  ASSERT_EQ(results.exit_code, 0) << results.err;
  const json messages = json::parse(results.out, nullptr, false);
  ASSERT_TRUE(messages.is_object()) << results.out;
  EXPECT_TRUE(Messages(messages["errors"]).empty()) << messages.dump(2);
  const std::vector<std::string> warnings = Messages(messages["warnings"]);
  for (const std::string& warning : warnings) EXPECT_TRUE(ExpectedWarning(warning)) << warning;

  const auto after = Snapshot(*target, workload);
  std::vector<std::string> diffs = Differences(before, after, across_versions);
  std::cout << "[ SUMMARY  ] " << source->version() << " -> " << fresh->version() << ": "
            << before.size() << " objects compared, " << warnings.size()
            << " restore warnings (objects the fresh cluster already had)\n";
  EXPECT_TRUE(diffs.empty()) << diffs.size() << " differences, first ones:\n"
                             << ::testing::PrintToString(std::vector<std::string>(
                                    diffs.begin(),
                                    diffs.begin() + std::min<size_t>(diffs.size(), 40)));

  if (fresh->real()) {
    std::vector<std::string> unsettled;
    EXPECT_TRUE(PollUntil(
        [&] {
          unsettled = UnsettledObjects(*target, workload);
          return unsettled.empty();
        },
        std::chrono::seconds(120)))
        << ::testing::PrintToString(unsettled);
    // And it stays so: nothing the target's controllers dislike disappears a minute later.
    std::this_thread::sleep_for(std::chrono::seconds(60));
    const auto later = Snapshot(*target, workload);
    std::vector<std::string> gone = Differences(before, later, across_versions);
    EXPECT_TRUE(gone.empty()) << ::testing::PrintToString(gone);
    EXPECT_TRUE(UnsettledObjects(*target, workload).empty());
  }
}

TEST(ClusterDisasterRecovery, WholeClusterIntoAFreshCluster) { RecoverIntoFreshCluster(""); }

// A cluster upgrade by migration: backed up on Kubernetes 1.21, restored into a fresh 1.26
// (on kubesim, which has one version, the same as above).
TEST(ClusterDisasterRecovery, FromKubernetes121IntoAFresh126) { RecoverIntoFreshCluster("1.21"); }

}  // namespace
}  // namespace ark::testing
