// Which owners' controllers make their dependents again, and the ServiceAccount merge.
#include "restore/owner_rules.h"

#include <gtest/gtest.h>

#include "restore/service_account_merge.h"

namespace ark::restore {
namespace {

using Json = nlohmann::json;

struct RecreateCase {
  std::string owner_api_version, owner_kind, dependent_gr;
  bool recreated;
};

TEST(RecreatesDependents, KubeControllerManagerMakesTheseAgain) {
  const std::vector<RecreateCase> cases = {
      {"apps/v1", "Deployment", "replicasets.apps", true},
      {"extensions/v1beta1", "Deployment", "replicasets.extensions", true},
      {"apps/v1", "Deployment", "pods", false},
      {"apps/v1", "ReplicaSet", "pods", true},
      {"v1", "ReplicationController", "pods", true},
      {"apps/v1", "StatefulSet", "pods", true},
      {"apps/v1", "StatefulSet", "controllerrevisions.apps", true},
      // A StatefulSet's claims hold data nothing makes again.
      {"apps/v1", "StatefulSet", "persistentvolumeclaims", false},
      {"apps/v1", "DaemonSet", "pods", true},
      {"apps/v1", "DaemonSet", "controllerrevisions.apps", true},
      {"batch/v1", "Job", "pods", true},
      {"batch/v1", "CronJob", "jobs.batch", true},
      {"v1", "Service", "endpointslices.discovery.k8s.io", true},
      {"v1", "Service", "configmaps", false},
      // Custom resources and kinds of other groups: no built-in controller makes their objects.
      {"example.com/v1", "Widget", "configmaps", false},
      {"example.com/v1", "ReplicaSet", "pods", false},
      {"v1", "ReplicaSet", "pods", false},
  };
  for (const RecreateCase& c : cases) {
    OwnerRef owner{GroupOf(c.owner_api_version), c.owner_kind, "o", "u"};
    EXPECT_EQ(RecreatesDependents(owner, c.dependent_gr), c.recreated)
        << c.owner_api_version << " " << c.owner_kind << " -> " << c.dependent_gr;
  }
}

TEST(ControllerReference, OnlyTheEntryWithControllerTrue) {
  Json obj = Json::parse(R"({"metadata":{"ownerReferences":[
      {"apiVersion":"v1","kind":"ConfigMap","name":"a","uid":"1"},
      {"apiVersion":"apps/v1","kind":"ReplicaSet","name":"b","uid":"2","controller":true}]}})");
  const Json* ref = ControllerReference(obj);
  ASSERT_NE(ref, nullptr);
  OwnerRef owner = ParseOwnerRef(*ref);
  EXPECT_EQ(owner.group, "apps");
  EXPECT_EQ(owner.kind, "ReplicaSet");
  EXPECT_EQ(owner.name, "b");
  EXPECT_EQ(owner.uid, "2");
  EXPECT_EQ(ControllerReference(Json::parse(R"({"metadata":{"ownerReferences":[
      {"kind":"ReplicaSet","name":"b","controller":false}]}})")),
            nullptr);
  EXPECT_EQ(ControllerReference(Json::parse(R"({"metadata":{}})")), nullptr);
}

TEST(DeploymentIsPaused, SpecPaused) {
  EXPECT_TRUE(DeploymentIsPaused(Json::parse(R"({"spec":{"paused":true}})")));
  EXPECT_FALSE(DeploymentIsPaused(Json::parse(R"({"spec":{"paused":false}})")));
  EXPECT_FALSE(DeploymentIsPaused(Json::parse(R"({"spec":{}})")));
}

TEST(ServiceAccountMergePatch, AddsWhatTheLiveAccountLacksAndRemovesNothing) {
  const Json desired = Json::parse(R"({"metadata":{"name":"default",
      "labels":{"team":"a","ark-restore":"r1"},"annotations":{"note":"x"}},
      "imagePullSecrets":[{"name":"regcred"},{"name":"shared"}],
      "secrets":[{"name":"deploy-key"}]})");
  const Json live = Json::parse(R"({"metadata":{"name":"default","uid":"u",
      "labels":{"owner":"platform"}},
      "imagePullSecrets":[{"name":"shared"},{"name":"cluster-pull"}],
      "secrets":[{"name":"default-token-new"}]})");
  std::optional<Json> patch = ServiceAccountMergePatch(desired, live);
  ASSERT_TRUE(patch.has_value());
  EXPECT_EQ(*patch, Json::parse(R"({
      "metadata":{"labels":{"team":"a","ark-restore":"r1"},"annotations":{"note":"x"}},
      "imagePullSecrets":[{"name":"shared"},{"name":"cluster-pull"},{"name":"regcred"}],
      "secrets":[{"name":"default-token-new"},{"name":"deploy-key"}]})"));
}

TEST(ServiceAccountMergePatch, NothingWhenTheLiveAccountHasItAll) {
  const Json desired = Json::parse(R"({"metadata":{"name":"default",
      "labels":{"ark-restore":"r1"}},"imagePullSecrets":[{"name":"regcred"}]})");
  const Json live = Json::parse(R"({"metadata":{"name":"default"},
      "imagePullSecrets":[{"name":"regcred"}],"secrets":[{"name":"t"}]})");
  EXPECT_FALSE(ServiceAccountMergePatch(desired, live).has_value());
}

}  // namespace
}  // namespace ark::restore
