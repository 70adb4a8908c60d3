// Restores into the cluster the backup came from: under another namespace with
// --namespace-mappings, and over objects that still exist (left alone with a warning each, or
// patched back under the update policy).
#include <gtest/gtest.h>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

using nlohmann::json;

constexpr const char* kApp = R"(
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {app: shop}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop, labels: {app: shop}}
data: {mode: live, currency: EUR}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: cashier, namespace: shop, labels: {app: shop}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, labels: {app: shop}}
spec:
  replicas: 1
  selector: {matchLabels: {app: shop}}
  template:
    metadata: {labels: {app: shop}}
    spec:
      serviceAccountName: cashier
      containers: [{name: web, image: "nginx:1.25"}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop, labels: {app: shop}}
spec:
  type: NodePort
  selector: {app: shop}
  ports: [{name: http, port: 80, targetPort: 80}]
)";

std::string RestoreNamed(const std::string& out) {
  const std::string marker = "Restore request \"";
  size_t at = out.find(marker);
  if (at == std::string::npos) return "";
  at += marker.size();
  return out.substr(at, out.find('"', at) - at);
}

class ClusterRestoreInPlace : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = ArkEnv::Start();
    ASSERT_NE(env_, nullptr);
    auto applied = env_->Kubectl({"apply", "-f", "-"}, kApp);
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
    auto backup = env_->Ark({"backup", "create", "shop", "--include-namespaces", "shop", "--wait"});
    ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << env_->server().Stdout();
    ASSERT_NE(backup.out.find("Completed."), std::string::npos) << backup.out;
  }

  json RestoreStatus(const std::string& name) {
    return env_->Get("restores.ark.heptio.com", name, "heptio-ark").value("status", json::object());
  }

  std::unique_ptr<ArkEnv> env_;
};

TEST_F(ClusterRestoreInPlace, NamespaceMappingsRestoreACopy) {
  auto restore =
      env_->Ark({"restore", "create", "shop", "--namespace-mappings", "shop:shop-copy", "--wait"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err << env_->server().Stdout();
  EXPECT_NE(restore.out.find("Restore completed with status: Completed."), std::string::npos)
      << restore.out;
  json copy = env_->Get("configmaps", "settings", "shop-copy");
  ASSERT_TRUE(copy.is_object()) << "configmap not restored into shop-copy";
  EXPECT_EQ(copy["data"]["mode"], "live");
  json deploy = env_->Get("deployments", "web", "shop-copy");
  ASSERT_TRUE(deploy.is_object());
  EXPECT_EQ(deploy["spec"]["template"]["spec"]["serviceAccountName"], "cashier");
  EXPECT_TRUE(env_->Get("serviceaccounts", "cashier", "shop-copy").is_object());
  json service = env_->Get("services", "web", "shop-copy");
  ASSERT_TRUE(service.is_object());
  // The source's allocated node port is not carried over (it is taken in this very cluster).
  json source_service = env_->Get("services", "web", "shop");
  EXPECT_NE(service["spec"]["ports"][0]["nodePort"],
            source_service["spec"]["ports"][0]["nodePort"]);
  // The original is untouched.
  EXPECT_TRUE(env_->Get("configmaps", "settings", "shop").is_object());
  EXPECT_EQ(RestoreStatus(RestoreNamed(restore.out)).value("errors", -1), 0);
}

TEST_F(ClusterRestoreInPlace, ExistingObjectsAreLeftAloneOrUpdated) {
  auto changed = env_->Kubectl({"patch", "configmap", "settings", "-n", "shop", "--type", "merge",
                                "-p", R"({"data":{"mode":"maintenance"}})"});
  ASSERT_EQ(changed.exit_code, 0) << changed.err;

  auto restore = env_->Ark({"restore", "create", "shop", "--wait"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err << env_->server().Stdout();
  EXPECT_NE(restore.out.find("Restore completed with status: Completed."), std::string::npos)
      << restore.out;
  const std::string name = RestoreNamed(restore.out);
  json status = RestoreStatus(name);
  EXPECT_EQ(status.value("errors", -1), 0) << status.dump();
  EXPECT_GE(status.value("warnings", 0), 1) << status.dump();
  auto describe = env_->Ark({"restore", "describe", name});
  EXPECT_NE(describe.out.find("configmaps \"shop/settings\" already exists and differs from the "
                              "backed-up version"),
            std::string::npos)
      << describe.out;
  EXPECT_EQ(env_->Get("configmaps", "settings", "shop")["data"]["mode"], "maintenance");

  // The update policy patches it back to the backed-up version.
  auto update =
      env_->Kubectl({"create", "-f", "-"}, R"({"apiVersion":"ark.heptio.com/v1","kind":"Restore",
    "metadata":{"name":"shop-update","namespace":"heptio-ark"},
    "spec":{"backupName":"shop","existingResourcePolicy":"update","includedNamespaces":["*"]}})");
  ASSERT_EQ(update.exit_code, 0) << update.err;
  ASSERT_TRUE(PollUntil([&] {
    const std::string phase = env_->Phase("restores", "shop-update");
    return phase == "Completed" || phase == "PartiallyFailed" || phase == "Failed";
  })) << env_->server().Stdout();
  EXPECT_EQ(env_->Phase("restores", "shop-update"), "Completed")
      << RestoreStatus("shop-update").dump();
  EXPECT_EQ(env_->Get("configmaps", "settings", "shop")["data"]["mode"], "live");
}

TEST_F(ClusterRestoreInPlace, ExistingResourcePolicyFlag) {
  auto bad = env_->Ark({"restore", "create", "shop", "--existing-resource-policy", "overwrite"});
  EXPECT_EQ(bad.exit_code, 2);  // a usage error, as every bad flag
  EXPECT_NE(bad.err.find("invalid --existing-resource-policy \"overwrite\": accepted values are "
                         "none"),
            std::string::npos)
      << bad.err;

  auto changed = env_->Kubectl({"patch", "configmap", "settings", "-n", "shop", "--type", "merge",
                                "-p", R"({"data":{"currency":"USD"}})"});
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  auto restore =
      env_->Ark({"restore", "create", "shop", "--existing-resource-policy", "update", "--wait"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err << env_->server().Stdout();
  EXPECT_NE(restore.out.find("Restore completed with status: Completed."), std::string::npos)
      << restore.out;
  EXPECT_EQ(env_->Get("configmaps", "settings", "shop")["data"]["currency"], "EUR");
  json spec = env_->Get("restores.ark.heptio.com", RestoreNamed(restore.out), "heptio-ark")["spec"];
  EXPECT_EQ(spec.value("existingResourcePolicy", ""), "update");
}

// A backup that exists but did not finish has no contents: the CLI says so, with its phase.
TEST_F(ClusterRestoreInPlace, ABackupThatDidNotFinishIsRefusedWithItsPhase) {
  auto failed =
      env_->Kubectl({"create", "-f", "-"}, R"({"apiVersion":"ark.heptio.com/v1","kind":"Backup",
    "metadata":{"name":"broken","namespace":"heptio-ark"},"spec":{"includedNamespaces":["nowhere"]},
    "status":{"phase":"Failed"}})");
  ASSERT_EQ(failed.exit_code, 0) << failed.err;
  auto restore = env_->Ark({"restore", "create", "broken"});
  EXPECT_EQ(restore.exit_code, 1);
  EXPECT_NE(restore.err.find("backup \"broken\" cannot be restored: its phase is Failed"),
            std::string::npos)
      << restore.err;
}

}  // namespace
}  // namespace ark::testing
