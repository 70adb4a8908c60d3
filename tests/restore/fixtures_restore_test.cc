// The real backups written by Ark v0.3.3, Ark v0.5.1 and Velero v1.1.0 (tests/fixtures)
// restored into kubesim the way the fixtures were made: the full-cluster backup into an empty
// cluster, then namespace nginx-example and PV pv-nginx-logs deleted and backup nginx-ns
// restored. Every object is recreated, already present, or reported with a reason. Volumes
// come from a FAKE in-process block store (fake_block_store.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "fake_block_store.h"
#include "restore_env.h"
#include "restore_fixtures.h"

namespace ark::restore {
namespace {

using testing::Cluster;
using testing::EngineHarness;
using testing::FakeBlockStore;
using testing::Json;

struct FixtureSet {
  std::string name;
  std::string dir;            // backups' folder in the fixtures
  std::string metadata_file;  // "ark-backup.json" / "velero-backup.json"
  bool velero_snapshots;      // snapshots in <backup>-volumesnapshots.json.gz
  int64_t full_items, full_skipped;
  std::string full_snapshot;
  int64_t ns_items, ns_unchanged, ns_skipped;
  std::string ns_snapshot;
};

void PrintTo(const FixtureSet& set, std::ostream* os) { *os << set.name; }

BackupInfo Info(const FixtureSet& set, const std::string& backup) {
  const std::string dir = set.dir + "/" + backup + "/";
  Result<BackupInfo> info =
      BackupInfoFromMetadata(testing::ReadFixtureJson(dir + set.metadata_file));
  EXPECT_TRUE(info.ok()) << info.status().ToString();
  if (!info.ok()) return {};
  if (set.velero_snapshots) {
    auto snaps = VolumeSnapshotsFromVelero(
        testing::ReadFixtureJson(dir + backup + "-volumesnapshots.json.gz"));
    EXPECT_TRUE(snaps.ok()) << snaps.status().ToString();
    if (snaps.ok()) info->volume_snapshots = *snaps;
  }
  return *info;
}

std::string Tarball(const FixtureSet& set, const std::string& backup) {
  return testing::ReadFixture(set.dir + "/" + backup + "/" + backup + ".tar.gz");
}

// Every object is accounted for and none fails. (The APIServices of the source's API server,
// "v1." among them, which kubesim refuses by name, are skipped as local APIServices.)
void ExpectNoFailures(const RestoreOutcome& outcome) {
  const Counts& c = outcome.counts;
  EXPECT_EQ(c.created + c.updated + c.unchanged + c.conflicts + c.skipped + c.failed, c.selected);
  EXPECT_EQ(c.failed, 0);
  EXPECT_TRUE(outcome.errors.empty()) << outcome.errors.ToJson();
  EXPECT_TRUE(outcome.warnings.empty()) << outcome.warnings.ToJson();
}

class FixtureRestoreTest : public ::testing::TestWithParam<FixtureSet> {};

TEST_P(FixtureRestoreTest, FullClusterThenNamespaceAsTheFixturesWereMade) {
  const FixtureSet& set = GetParam();
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  FakeBlockStore store;
  EngineHarness harness(*cluster, &store);
  RestoreRequest request;
  request.name = "full-cluster-20261129000000";

  // Dry run first: a plan entry, with a reason where it is not a plain create, per object.
  request.dry_run = true;
  Result<RestoreOutcome> plan =
      harness.Run(request, Tarball(set, "full-cluster"), Info(set, "full-cluster"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->counts.selected, set.full_items);
  EXPECT_EQ(static_cast<int64_t>(plan->plan.size()),
            plan->counts.selected + plan->counts.namespaces_created);
  int owned_pods = 0;
  for (const PlanEntry& e : plan->plan) {
    if (e.action == PlanAction::kSkip || e.action == PlanAction::kFail) {
      EXPECT_FALSE(e.reason.empty()) << e.group_resource << " " << e.name;
    }
    if (e.group_resource == "pods" && e.ns == "nginx-example" && e.action == PlanAction::kSkip &&
        e.reason ==
            "recreated by its controller ReplicaSet \"nginx-deployment-744b5f7549\", which "
            "this restore brings back") {
      ++owned_pods;
    }
  }
  EXPECT_EQ(owned_pods, 2);
  EXPECT_TRUE(cluster->Get("namespaces", "", "nginx-example").is_null());
  EXPECT_TRUE(store.created().empty());

  // The full-cluster backup into the empty cluster.
  request.dry_run = false;
  Result<RestoreOutcome> full =
      harness.Run(request, Tarball(set, "full-cluster"), Info(set, "full-cluster"));
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  EXPECT_EQ(full->counts.archive_items, set.full_items);
  EXPECT_EQ(full->counts.selected, set.full_items);
  EXPECT_EQ(full->counts.skipped, set.full_skipped);
  ExpectNoFailures(*full);

  Json config = cluster->Get("configmaps", "nginx-example", "nginx-config");
  EXPECT_EQ(config["data"]["log-level"], "info");
  EXPECT_EQ(config["metadata"]["labels"],
            Json({{"app", "nginx"}, {"ark-restore", "full-cluster-20261129000000"}}));
  EXPECT_EQ(cluster->Get("secrets", "nginx-example", "nginx-secret")["data"]["username"],
            "YWRtaW4=");
  EXPECT_EQ(cluster->Get("configmaps", "other-ns", "other-config")["data"]["color"], "blue");
  EXPECT_EQ(cluster->Get("widgets.example.com", "nginx-example", "my-widget")["spec"],
            Json::parse(R"({"color":"blue","size":3,"tags":["web","frontend"]})"));
  Json deploy = cluster->Get("deployments.apps", "nginx-example", "nginx-deployment");
  EXPECT_EQ(deploy["spec"]["replicas"], 2);
  EXPECT_EQ(deploy["spec"]["template"]["spec"]["serviceAccountName"], "nginx-sa");
  Json service = cluster->Get("services", "nginx-example", "my-nginx");
  EXPECT_EQ(service["spec"]["type"], "LoadBalancer");
  EXPECT_EQ(service["spec"]["ports"][0]["port"], 80);
  Json pv = cluster->Get("persistentvolumes", "", "pv-nginx-logs");
  EXPECT_EQ(pv["spec"]["awsElasticBlockStore"]["volumeID"], "vol-restored-1");
  EXPECT_EQ(pv["spec"]["persistentVolumeReclaimPolicy"], "Retain");
  ASSERT_EQ(store.created().size(), 1u);
  EXPECT_EQ(store.created()[0].snapshot_id, set.full_snapshot);
  EXPECT_EQ(store.created()[0].volume_type, "gp2");
  EXPECT_EQ(store.created()[0].az, "us-east-1a");  // Ark v0.3.3 recorded none: the PV's zone label
  EXPECT_EQ(
      cluster->Get("persistentvolumeclaims", "nginx-example", "nginx-logs")["spec"]["volumeName"],
      "pv-nginx-logs");

  // As the fixtures were made: delete the namespace and the PV, then restore nginx-ns.
  ASSERT_TRUE(cluster->client().Delete({"", "v1", "namespaces"}, "", "nginx-example").ok());
  ASSERT_TRUE(cluster->client().Delete({"", "v1", "persistentvolumes"}, "", "pv-nginx-logs").ok());
  for (int i = 0; i < 500 && !cluster->Get("namespaces", "", "nginx-example").is_null(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polls namespace deletion
  }
  ASSERT_TRUE(cluster->Get("namespaces", "", "nginx-example").is_null());
  request.name = "nginx-ns-20261129000100";
  Result<RestoreOutcome> ns = harness.Run(request, Tarball(set, "nginx-ns"), Info(set, "nginx-ns"));
  ASSERT_TRUE(ns.ok()) << ns.status().ToString();
  EXPECT_EQ(ns->counts.archive_items, set.ns_items);
  EXPECT_EQ(ns->counts.selected, set.ns_items);
  // Namespace, PV, PVC, ConfigMap, ServiceAccount nginx-sa, Secret, Service, Deployment, Widget.
  EXPECT_EQ(ns->counts.created, 9);
  EXPECT_EQ(ns->counts.unchanged, set.ns_unchanged);
  EXPECT_EQ(ns->counts.skipped, set.ns_skipped);
  ExpectNoFailures(*ns);
  Json ns_labels = cluster->Get("namespaces", "", "nginx-example")["metadata"]["labels"];
  EXPECT_EQ(ns_labels["app"], "nginx");
  EXPECT_EQ(ns_labels["ark-restore"], "nginx-ns-20261129000100");
  EXPECT_FALSE(cluster->Get("services", "nginx-example", "my-nginx").is_null());  // Ark: an error
  EXPECT_EQ(cluster->Get("widgets.example.com", "nginx-example", "my-widget")["spec"]["size"], 3);
  EXPECT_FALSE(cluster->Get("serviceaccounts", "nginx-example", "default").is_null());
  ASSERT_EQ(store.created().size(), 2u);
  EXPECT_EQ(store.created()[1].snapshot_id, set.ns_snapshot);
  EXPECT_EQ(cluster->Get("persistentvolumes", "",
                         "pv-nginx-logs")["spec"]["awsElasticBlockStore"]["volumeID"],
            "vol-restored-2");
}

// Skipped in every set: 2 pods and the ReplicaSet (their owners' controllers make them again
// from the restored Deployment) and the service-account
// token secrets; the Ark sets also hold 6 events (core and events.k8s.io) and their own
// Backup/Restore objects.
INSTANTIATE_TEST_SUITE_P(
    Fixtures, FixtureRestoreTest,
    // Skipped in the full-cluster backups: the 39 APIServices of the source's API server,
    // and ark's Config (Ark's backups hold it; Velero's location is a BackupStorageLocation).
    ::testing::Values(FixtureSet{"ArkV051", "ark-v0.5.1", "ark-backup.json", false, 235, 61,
                                 "snap-7a5b1e216ba18ddc4", 21, 1, 11, "snap-bc5f8c1c011137962"},
                      FixtureSet{"ArkV033", "ark-v0.3.3", "ark-backup.json", false, 235, 61,
                                 "snap-61319f64a506005d6", 198, 139, 50, "snap-ca7e64184449326b5"},
                      FixtureSet{"VeleroV110", "velero-v1.1.0/backups", "velero-backup.json", true,
                                 239, 57, "snap-dfdf44d73ad973c0f", 18, 1, 8,
                                 "snap-c4dd76679441a8a04"}),
    [](const ::testing::TestParamInfo<FixtureSet>& info) { return info.param.name; });

}  // namespace
}  // namespace ark::restore
