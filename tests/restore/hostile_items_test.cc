// Backed-up objects that are well-formed JSON but not what Kubernetes writes: a field of the
// wrong type, or a name that differs from the item's path. Each is refused as that item's
// error naming the field; the rest of the restore goes on. The engine runs against kubesim.
#include <gtest/gtest.h>

#include "restore/item_shape.h"
#include "restore_env.h"

namespace ark::restore {
namespace {

using testing::BackupItem;
using testing::Cluster;
using testing::EngineHarness;
using testing::Json;

struct HostileCase {
  std::string label;
  std::string group_resource;
  std::string object;
  std::string error;  // the one error the restore reports, in namespace hx
};

std::vector<HostileCase> Cases() {
  return {
      {"ApiVersionNumber", "configmaps",
       R"({"apiVersion":5,"kind":"ConfigMap","metadata":{"name":"t","namespace":"hx"}})",
       "error restoring configmaps \"hx/t\": apiVersion: expected a string, got number"},
      {"OwnerControllerString", "configmaps",
       R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"t","namespace":"hx",
           "ownerReferences":[{"controller":"yes"}]}})",
       "error restoring configmaps \"hx/t\": metadata.ownerReferences[0].controller: expected a "
       "boolean, got string"},
      {"OwnerKindNumber", "configmaps",
       R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"t","namespace":"hx",
           "ownerReferences":[{"kind":1,"name":"n","controller":true}]}})",
       "error restoring configmaps \"hx/t\": metadata.ownerReferences[0].kind: expected a "
       "string, got number"},
      {"OwnerNotObjects", "configmaps",
       R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"t","namespace":"hx",
           "ownerReferences":[5,"x"]}})",
       "error restoring configmaps \"hx/t\": metadata.ownerReferences[0]: expected an object, "
       "got number"},
      {"PodVolumeNameNumber", "pods",
       R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"t","namespace":"hx"},
           "spec":{"containers":[{"name":"c","image":"i"}],"volumes":[{"name":5}]}})",
       "error restoring pods \"hx/t\": spec.volumes[0].name: expected a string, got number"},
      {"SecretTypeNumber", "secrets",
       R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"t","namespace":"hx"},"type":5})",
       "error restoring secrets \"hx/t\": type: expected a string, got number"},
  };
}

class HostileItemTest : public ::testing::TestWithParam<HostileCase> {};

// The hostile item fails with the field named, a good one next to it is restored, and the
// restore is PartiallyFailed (the engine returns: nothing threw).
TEST_P(HostileItemTest, FailsThatItemNamingTheField) {
  const HostileCase& c = GetParam();
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  const std::vector<BackupItem> items = {
      {c.group_resource, Json::parse(c.object)},
      {"configmaps", Json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
          "metadata":{"name":"good","namespace":"hx"},"data":{"k":"v"}})")},
  };
  for (bool dry_run : {false, true}) {
    SCOPED_TRACE(dry_run ? "dry run" : "restore");
    EngineHarness harness(*cluster);
    RestoreRequest request;
    request.name = dry_run ? "r-dry" : "r";
    request.dry_run = dry_run;
    Result<RestoreOutcome> outcome = harness.Run(request, testing::WriteBackupTarball(items));
    ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
    EXPECT_EQ(outcome->phase, Phase::kPartiallyFailed);
    EXPECT_EQ(outcome->errors.ToJson(), (Json{{"namespaces", {{"hx", {c.error}}}}}));
    EXPECT_EQ(outcome->counts.failed, 1);
  }
  EXPECT_FALSE(cluster->Get("configmaps", "hx", "good").is_null());
  EXPECT_TRUE(cluster->Get(c.group_resource, "hx", "t").is_null());
}

INSTANTIATE_TEST_SUITE_P(Items, HostileItemTest, ::testing::ValuesIn(Cases()),
                         [](const auto& info) { return info.param.label; });

// Ark uses the path everywhere (filters, report, post-check), so an object whose own name
// differs is refused instead of being created under a name the report does not show.
TEST(HostileItem, NameThatDiffersFromItsPathIsRefused) {
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  BackupItem mismatch{"configmaps", Json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
      "metadata":{"name":"othername","namespace":"hx"}})"),
                      "pathname"};
  BackupItem unnamed{"configmaps", Json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
      "metadata":{"namespace":"hx"}})"),
                     "b3"};
  EngineHarness harness(*cluster);
  RestoreRequest request;
  request.name = "r";
  Result<RestoreOutcome> outcome =
      harness.Run(request, testing::WriteBackupTarball({mismatch, unnamed}));
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->phase, Phase::kFailed);
  outcome->errors.Sort();
  EXPECT_EQ(outcome->errors.ToJson(),
            (Json{{"namespaces",
                   {{"hx",
                     {"error restoring configmaps \"hx/b3\": the object has no metadata.name (its "
                      "path in the backup says \"b3\")",
                      "error restoring configmaps \"hx/pathname\": the object is named "
                      "\"othername\", but its path in the backup says \"pathname\""}}}}}));
  EXPECT_EQ(cluster->Names("configmaps", "hx"), std::vector<std::string>{});
}

TEST(ItemShape, AcceptsWhatKubernetesWritesAndNamesTheFirstWrongField) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"configmaps", R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a",
          "labels":{"x":"y"},"annotations":{"k":"v"},
          "ownerReferences":[{"kind":"K","name":"n","controller":false}]},"data":{"a":"b"}})",
       ""},
      {"configmaps", R"({"apiVersion":null,"metadata":null})", ""},  // null is absent
      {"configmaps", R"({"metadata":{"labels":{"x":1}}})",
       "metadata.labels.x: expected a string, got number"},
      {"configmaps", R"({"metadata":[]})", "metadata: expected an object, got array"},
      {"pods", R"({"spec":{"initContainers":[{"volumeMounts":[{"name":true}]}]}})",
       "spec.initContainers[0].volumeMounts[0].name: expected a string, got boolean"},
      {"services", R"({"spec":{"ports":[{"name":"a"},{"name":7}]}})",
       "spec.ports[1].name: expected a string, got number"},
      {"persistentvolumes", R"({"spec":{"csi":{"driver":"d","volumeHandle":3}}})",
       "spec.csi.volumeHandle: expected a string, got number"},
      {"serviceaccounts", R"({"secrets":[{"name":{}}]})",
       "secrets[0].name: expected a string, got object"},
      {"jobs.batch", R"({"spec":{"manualSelector":"true"}})",
       "spec.manualSelector: expected a boolean, got string"},
      {"widgets.example.com", R"({"spec":{"volumes":[{"name":5}]}})", ""},  // not a Pod
  };
  for (const auto& [gr, object, error] : cases) {
    SCOPED_TRACE(gr + " " + object);
    Status s = CheckItemShape(gr, Json::parse(object));
    EXPECT_EQ(s.ok() ? "" : s.message(), error);
  }
}

}  // namespace
}  // namespace ark::restore
