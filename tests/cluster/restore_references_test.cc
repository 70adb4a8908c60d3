// A namespace restored as a copy (--namespace-mappings) keeps what points inside it pointing
// inside the copy, and brings back what the cluster's controllers would not make again:
// objects owned by an object that no built-in controller recreates them from (linked to the
// restored owner, so the garbage collector keeps them), the ReplicaSet of a paused Deployment,
// the pull secrets of the "default" ServiceAccount the cluster makes in every new namespace,
// and RoleBinding subjects in the mapped namespace.
#include <gtest/gtest.h>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

using nlohmann::json;

constexpr const char* kApp = R"(
apiVersion: v1
kind: Namespace
metadata: {name: refs}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: parent, namespace: refs}
data: {role: owner}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: robot, namespace: refs}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: robot-view, namespace: refs}
subjects: [{kind: ServiceAccount, name: robot, namespace: refs}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: refs}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.25"}]
)";

std::string RestoreNamed(const std::string& out) {
  const std::string marker = "Restore request \"";
  size_t at = out.find(marker);
  if (at == std::string::npos) return "";
  at += marker.size();
  return out.substr(at, out.find('"', at) - at);
}

std::string Uid(const json& obj) { return obj.is_object() ? obj["metadata"].value("uid", "") : ""; }

std::string OwnerUid(const json& obj) {
  if (!obj.is_object()) return "";
  const json refs = obj["metadata"].value("ownerReferences", json::array());
  return refs.size() == 1 ? refs[0].value("uid", "") : "";
}

TEST(ClusterRestoreReferences, NamespaceCopyKeepsItsReferencesInsideTheCopy) {
  auto env = ArkEnv::Start();
  ASSERT_NE(env, nullptr);
  const bool real = env->cluster().real();
  auto applied = env->Kubectl({"apply", "-f", "-"}, kApp);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;

  // A ConfigMap controlled by another ConfigMap: no controller makes it again.
  const std::string parent_uid = Uid(env->Get("configmaps", "parent", "refs"));
  ASSERT_FALSE(parent_uid.empty());
  auto child = env->Kubectl({"create", "-f", "-"}, R"({"apiVersion":"v1","kind":"ConfigMap",
      "metadata":{"name":"child","namespace":"refs","ownerReferences":[{"apiVersion":"v1",
        "kind":"ConfigMap","name":"parent","uid":")" + parent_uid +
                                                       R"(","controller":true}]},
      "data":{"role":"owned"}})");
  ASSERT_EQ(child.exit_code, 0) << child.err;
  auto pull = env->Kubectl({"patch", "serviceaccount", "default", "-n", "refs", "--type", "merge",
                            "-p", R"({"imagePullSecrets":[{"name":"regcred"}]})"});
  ASSERT_EQ(pull.exit_code, 0) << pull.err;
  if (real) {
    // Paused once its ReplicaSet exists: the Deployment controller makes none for it after.
    json rs;
    ASSERT_TRUE(PollUntil([&] {
      rs = json::parse(env->Kubectl({"get", "replicasets", "-n", "refs", "-o", "json"}).out,
                       nullptr, false);
      return rs.is_object() && rs["items"].size() == 1;
    })) << "no ReplicaSet for deployment refs/web";
    auto paused = env->Kubectl({"rollout", "pause", "deployment/web", "-n", "refs"});
    ASSERT_EQ(paused.exit_code, 0) << paused.err;
  }

  auto backup = env->Ark({"backup", "create", "refs", "--include-namespaces", "refs", "--wait"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << env->server().Stdout();
  ASSERT_NE(backup.out.find("Completed."), std::string::npos) << backup.out;
  auto restore =
      env->Ark({"restore", "create", "refs", "--namespace-mappings", "refs:refs-copy", "--wait"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err << env->server().Stdout();
  EXPECT_NE(restore.out.find("Restore completed with status: Completed."), std::string::npos)
      << restore.out;
  const std::string name = RestoreNamed(restore.out);

  // The owned ConfigMap is there, owned by the copy's parent (never by the source's uid).
  json copied_child = env->Get("configmaps", "child", "refs-copy");
  ASSERT_TRUE(copied_child.is_object()) << "configmap refs-copy/child not restored";
  EXPECT_EQ(OwnerUid(copied_child), Uid(env->Get("configmaps", "parent", "refs-copy")));
  EXPECT_NE(OwnerUid(copied_child), parent_uid);

  // The "default" account the cluster made for refs-copy has the backed-up pull secret.
  json account = env->Get("serviceaccounts", "default", "refs-copy");
  ASSERT_TRUE(account.is_object());
  EXPECT_EQ(account.value("imagePullSecrets", json::array()),
            json::parse(R"([{"name":"regcred"}])"));

  // The binding grants the copy's robot, not the source's.
  json binding = env->Get("rolebindings", "robot-view", "refs-copy");
  ASSERT_TRUE(binding.is_object());
  EXPECT_EQ(binding["subjects"],
            json::parse(R"([{"kind":"ServiceAccount","name":"robot","namespace":"refs-copy"}])"));

  if (real) {
    // The paused Deployment's ReplicaSet came back under the restored Deployment; its Pods
    // were left to it, and the log says so.
    json rs = json::parse(env->Kubectl({"get", "replicasets", "-n", "refs-copy", "-o", "json"}).out,
                          nullptr, false);
    ASSERT_TRUE(rs.is_object() && rs["items"].size() == 1) << rs.dump();
    EXPECT_EQ(OwnerUid(rs["items"][0]), Uid(env->Get("deployments", "web", "refs-copy")));
    auto logs = env->Ark({"restore", "logs", name});
    ASSERT_EQ(logs.exit_code, 0) << logs.err;
    EXPECT_NE(logs.out.find("recreated by its controller ReplicaSet"), std::string::npos)
        << logs.out;
  }
  auto describe = env->Ark({"restore", "describe", name});
  EXPECT_EQ(describe.out.find("serviceaccounts \"refs-copy/default\" already exists"),
            std::string::npos)
      << describe.out;
}

}  // namespace
}  // namespace ark::testing
