// Dry run against kubesim: the plan lists what would happen and the cluster is left untouched.
#include <gtest/gtest.h>

#include "fake_block_store.h"
#include "restore_env.h"

namespace ark::restore {
namespace {

using testing::BackupItem;
using testing::Cluster;
using testing::EngineHarness;
using testing::FakeBlockStore;
using testing::Json;

BackupItem Item(const std::string& gr, const std::string& json) { return {gr, Json::parse(json)}; }

// Everything a test can see of the cluster's state, to compare before and after.
Json Snapshot(Cluster& c) {
  Json state;
  for (const char* gr : {"namespaces", "configmaps", "persistentvolumes", "pods",
                         "customresourcedefinitions.apiextensions.k8s.io"}) {
    state[gr] = c.Names(gr);
  }
  state["differs"] = c.Get("configmaps", "app", "differs");
  return state;
}

TEST(DryRun, PlansEveryObjectAndWritesNothing) {
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  cluster->Create(
      "namespaces",
      Json::parse(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"app"}})"));
  cluster->Create("configmaps", Json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
      "metadata":{"name":"differs","namespace":"app"},"data":{"k":"live"}})"));
  cluster->Create("configmaps", Json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
      "metadata":{"name":"same","namespace":"app"},"data":{"k":"v"}})"));
  const Json before = Snapshot(*cluster);

  const std::vector<BackupItem> backup = {
      Item(
          "configmaps",
          R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"differs","namespace":"app","uid":"x"},"data":{"k":"backed-up"}})"),
      Item(
          "configmaps",
          R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"same","namespace":"app"},"data":{"k":"v"}})"),
      Item(
          "configmaps",
          R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"new","namespace":"app"},"data":{"k":"n"}})"),
      Item(
          "configmaps",
          R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","namespace":"fresh"},"data":{}})"),
      Item("pods", R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"app",
          "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-rs",
                              "uid":"rs-uid","controller":true}]},
          "spec":{"containers":[{"name":"c","image":"i"}]}})"),
      Item("replicasets.apps", R"({"apiVersion":"apps/v1","kind":"ReplicaSet",
          "metadata":{"name":"web-rs","namespace":"app","uid":"rs-uid"},
          "spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},
            "spec":{"containers":[{"name":"c","image":"i"}]}}}})"),
      // Its owner is in neither the backup nor the cluster: restored (without the reference).
      Item("pods", R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"lone-1","namespace":"app",
          "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"gone",
                              "uid":"gone-uid","controller":true}]},
          "spec":{"containers":[{"name":"c","image":"i"}]}})"),
      Item("events",
           R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"e1","namespace":"app"}})"),
      Item("persistentvolumes",
           R"({"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"pv1"},
          "spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],
          "awsElasticBlockStore":{"volumeID":"aws://us-east-1a/vol-old"}}})"),
      Item("customresourcedefinitions.apiextensions.k8s.io",
           R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
            "metadata":{"name":"widgets.example.com"},
            "spec":{"group":"example.com","scope":"Namespaced",
              "names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList"},
              "versions":[{"name":"v1","served":true,"storage":true,
                "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}})"),
      Item(
          "widgets.example.com",
          R"({"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","namespace":"app"},"spec":{"size":3}})"),
      Item(
          "gizmos.example.com",
          R"({"apiVersion":"example.com/v1","kind":"Gizmo","metadata":{"name":"g1","namespace":"app"}})"),
  };
  BackupInfo info;
  info.volume_snapshots.push_back({"pv1", "snap-1", "gp2", "us-east-1a", std::nullopt});
  FakeBlockStore store;
  EngineHarness harness(*cluster, &store);
  RestoreRequest request;
  request.name = "dry";
  request.dry_run = true;
  Result<RestoreOutcome> outcome = harness.Run(request, testing::WriteBackupTarball(backup), info);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();

  using A = PlanAction;
  const std::vector<PlanEntry> want = {
      {"configmaps", "app", "differs", A::kConflict,
       "configmaps \"app/differs\" already exists and differs from the backed-up version"},
      {"configmaps", "app", "new", A::kCreate, ""},
      {"configmaps", "app", "same", A::kUnchanged, "already exists and is identical"},
      {"configmaps", "fresh", "x", A::kCreate, ""},
      {"customresourcedefinitions.apiextensions.k8s.io", "", "widgets.example.com", A::kCreate, ""},
      {"events", "app", "e1", A::kSkip, "events are not restored"},
      {"gizmos.example.com", "app", "g1", A::kSkip,
       "the cluster does not serve resource \"gizmos.example.com\" at any version"},
      {"namespaces", "", "fresh", A::kCreate, "namespace created for the restored objects"},
      {"persistentvolumes", "", "pv1", A::kCreate, "volume from snapshot snap-1"},
      {"pods", "app", "lone-1", A::kCreate, ""},
      {"pods", "app", "web-1", A::kSkip,
       "recreated by its controller ReplicaSet \"web-rs\", which this restore brings back"},
      {"replicasets.apps", "app", "web-rs", A::kCreate, ""},
      {"widgets.example.com", "app", "w1", A::kCreate,
       "served once CustomResourceDefinition \"widgets.example.com\" is restored"},
  };
  EXPECT_EQ(outcome->plan, want) << ::testing::PrintToString(outcome->plan.size());
  for (size_t i = 0; i < std::min(want.size(), outcome->plan.size()); ++i) {
    EXPECT_EQ(outcome->plan[i], want[i])
        << "plan[" << i << "] = " << outcome->plan[i].group_resource << " " << outcome->plan[i].ns
        << "/" << outcome->plan[i].name << " " << PlanActionName(outcome->plan[i].action) << " "
        << outcome->plan[i].reason;
  }
  // Nothing fails: the unserved resource is a warning, a conflict is a warning.
  EXPECT_EQ(outcome->phase, Phase::kCompleted);
  EXPECT_EQ(outcome->counts.created, 7);
  EXPECT_EQ(outcome->counts.namespaces_created, 1);

  EXPECT_EQ(Snapshot(*cluster), before);
  EXPECT_TRUE(store.created().empty());
}

}  // namespace
}  // namespace ark::restore
