// The backup filters as Ark v0.5 defines them (include/exclude namespaces and resources, label
// selectors, the includeClusterResources tri-state), checked on the tarball `ark backup
// download` writes.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

constexpr const char* kObjects = R"(
apiVersion: v1
kind: Namespace
metadata: {name: f-a, labels: {team: a}}
---
apiVersion: v1
kind: Namespace
metadata: {name: f-b, labels: {team: b}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ca, namespace: f-a, labels: {team: a}}
data: {k: v}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cb, namespace: f-b, labels: {team: b}}
data: {k: v}
---
apiVersion: v1
kind: Secret
metadata: {name: sa, namespace: f-a, labels: {team: a}}
stringData: {k: v}
---
apiVersion: v1
kind: Secret
metadata: {name: sb, namespace: f-b, labels: {team: b}}
stringData: {k: v}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: f-reader, labels: {team: a}}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
)";

struct FilterCase {
  std::string name;
  std::vector<std::string> flags;
  std::vector<std::string> present;      // tarball entries that must be there
  std::vector<std::string> absent;       // and that must not
  bool no_other_cluster_scoped = false;  // no cluster-scoped entry but namespaces
};

const std::string kCa = "resources/configmaps/namespaces/f-a/ca.json";
const std::string kCb = "resources/configmaps/namespaces/f-b/cb.json";
const std::string kSa = "resources/secrets/namespaces/f-a/sa.json";
const std::string kSb = "resources/secrets/namespaces/f-b/sb.json";
const std::string kNsA = "resources/namespaces/cluster/f-a.json";
const std::string kNsB = "resources/namespaces/cluster/f-b.json";
const std::string kRole = "resources/clusterroles.rbac.authorization.k8s.io/cluster/f-reader.json";

std::vector<FilterCase> Cases() {
  return {
      {"everything", {}, {kCa, kCb, kSa, kSb, kNsA, kNsB, kRole}, {}},
      {"include-namespaces",
       {"--include-namespaces", "f-a"},
       {kCa, kSa, kNsA},
       {kCb, kSb, kNsB, kRole},
       true},
      {"exclude-namespaces",
       {"--exclude-namespaces", "f-b"},
       {kCa, kSa, kNsA},
       {kCb, kSb, kNsB, kRole},
       true},
      {"exclude-namespaces-with-cluster-resources",
       {"--exclude-namespaces", "f-b", "--include-cluster-resources=true"},
       {kCa, kSa, kRole},
       {kCb, kSb}},
      {"include-namespaces-with-cluster-resources",
       {"--include-namespaces", "f-b", "--include-cluster-resources"},
       {kCb, kSb, kRole},
       {kCa, kSa}},
      {"no-cluster-resources",
       {"--include-cluster-resources=false"},
       {kCa, kCb, kNsA, kNsB},
       {kRole},
       true},
      {"include-resources", {"--include-resources", "configmaps"}, {kCa, kCb}, {kSa, kSb, kRole}},
      {"exclude-resources", {"--exclude-resources", "secrets"}, {kCa, kCb, kRole}, {kSa, kSb}},
      {"selector", {"--selector", "team=a"}, {kCa, kSa, kNsA, kRole}, {kCb, kSb, kNsB}},
      {"selector-and-namespace",
       {"--selector", "team=b", "--include-namespaces", "f-a,f-b"},
       {kCb, kSb, kNsB},
       {kCa, kSa, kNsA, kRole}},
  };
}

class ClusterBackupFilters : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = ArkEnv::Start().release();
    ASSERT_NE(env_, nullptr);
    auto applied = env_->Kubectl({"apply", "-f", "-"}, kObjects);
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
  }
  static void TearDownTestSuite() {
    delete env_;
    env_ = nullptr;
  }
  static ArkEnv* env_;
};
ArkEnv* ClusterBackupFilters::env_ = nullptr;

std::set<std::string> Entries(const std::string& tarball) {
  RunResult listed = Run({"tar", "tzf", tarball});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  std::set<std::string> out;
  std::istringstream lines(listed.out);
  for (std::string line; std::getline(lines, line);) out.insert(line);
  return out;
}

// One cluster, one backup per filter (each backup runs while the previous ones are done).
TEST_F(ClusterBackupFilters, TarballHoldsWhatTheFiltersSelect) {
  ASSERT_NE(env_, nullptr);
  TempDir dir;
  for (const FilterCase& c : Cases()) {
    SCOPED_TRACE(c.name);
    std::vector<std::string> args = {"backup", "create", c.name, "--wait"};
    args.insert(args.end(), c.flags.begin(), c.flags.end());
    auto backup = env_->Ark(args);
    ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << env_->server().Stdout();
    ASSERT_NE(backup.out.find("Backup completed with status: Completed."), std::string::npos)
        << backup.out;
    const std::string file = dir.File(c.name + ".tar.gz");
    auto download = env_->Ark({"backup", "download", c.name, "-o", file});
    ASSERT_EQ(download.exit_code, 0) << download.out << download.err;
    const std::set<std::string> entries = Entries(file);
    for (const std::string& e : c.present) EXPECT_EQ(entries.count(e), 1u) << e;
    for (const std::string& e : c.absent) EXPECT_EQ(entries.count(e), 0u) << e;
    if (c.no_other_cluster_scoped) {
      for (const std::string& e : entries) {
        if (e.find("/cluster/") == std::string::npos) continue;
        EXPECT_EQ(e.rfind("resources/namespaces/cluster/", 0), 0u) << e;
      }
    }
  }
}

}  // namespace
}  // namespace ark::testing
