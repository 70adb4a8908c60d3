// The dynamic client against kubesim over HTTPS with a bearer token.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "kubesim_fixture.h"

namespace ark::kube {
namespace {

using testing::ConfigMap;
using testing::kConfigMapsGvr;
using testing::kNamespacesGvr;
using testing::KubesimClients;
using testing::Namespace;

const GroupVersionResource kDeployments{"apps", "v1", "deployments"};

nlohmann::json Deployment(const std::string& ns, const std::string& name) {
  return nlohmann::json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": ")" + name +
                               R"(", "namespace": ")" + ns + R"(", "labels": {"app": "web"}},
    "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
      "template": {"metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [{"name": "web", "image": "nginx:1.25", "ports": [{"containerPort": 80}]}]}}}})");
}

TEST(KubesimCrud, CreateGetUpdatePatchDelete) {
  auto k = KubesimClients::Start();
  ASSERT_NE(k, nullptr);
  auto& c = *k->client;
  ASSERT_TRUE(c.Create(kNamespacesGvr, "", Namespace("crud")).ok());

  auto created = c.Create(kConfigMapsGvr, "crud", ConfigMap("crud", "cm", {{"a", "1"}}));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_FALSE((*created)["metadata"]["resourceVersion"].get<std::string>().empty());

  auto again = c.Create(kConfigMapsGvr, "crud", ConfigMap("crud", "cm"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), Code::kAlreadyExists);
  EXPECT_EQ(again.status().http_status(), 409);
  EXPECT_EQ(again.status().reason(), "AlreadyExists");

  // The same without the created object: only the outcome, with the same error detail.
  Status quiet =
      c.CreateWithoutResult(kConfigMapsGvr, "crud", ConfigMap("crud", "cm2", {{"q", "1"}}));
  ASSERT_TRUE(quiet.ok()) << quiet.ToString();
  auto quiet_got = c.Get(kConfigMapsGvr, "crud", "cm2");
  ASSERT_TRUE(quiet_got.ok()) << quiet_got.status().ToString();
  EXPECT_EQ((*quiet_got)["data"]["q"], "1");
  Status quiet_again = c.CreateWithoutResult(kConfigMapsGvr, "crud", ConfigMap("crud", "cm2"));
  EXPECT_EQ(quiet_again.code(), Code::kAlreadyExists);
  EXPECT_EQ(quiet_again.http_status(), 409);
  EXPECT_EQ(quiet_again.reason(), "AlreadyExists");
  EXPECT_NE(quiet_again.message().find("cm2"), std::string::npos) << quiet_again.ToString();

  auto got = c.Get(kConfigMapsGvr, "crud", "cm");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ((*got)["data"]["a"], "1");

  nlohmann::json update = *got;
  update["data"]["a"] = "2";
  auto updated = c.Update(kConfigMapsGvr, "crud", update);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ((*updated)["data"]["a"], "2");
  // The same stale resourceVersion again: a conflict.
  auto stale = c.Update(kConfigMapsGvr, "crud", update);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), Code::kConflict);

  auto merged = c.Patch(kConfigMapsGvr, "crud", "cm", PatchType::kMerge, R"({"data":{"b":"3"}})");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ((*merged)["data"], nlohmann::json({{"a", "2"}, {"b", "3"}}));
  auto json_patched = c.Patch(kConfigMapsGvr, "crud", "cm", PatchType::kJson,
                              R"([{"op":"remove","path":"/data/a"}])");
  ASSERT_TRUE(json_patched.ok()) << json_patched.status().ToString();
  EXPECT_EQ((*json_patched)["data"], nlohmann::json({{"b", "3"}}));
  auto strategic = c.Patch(kConfigMapsGvr, "crud", "cm", PatchType::kStrategicMerge,
                           R"({"metadata":{"labels":{"x":"y"}}})");
  ASSERT_TRUE(strategic.ok()) << strategic.status().ToString();
  EXPECT_EQ((*strategic)["metadata"]["labels"]["x"], "y");

  ASSERT_TRUE(c.Delete(kConfigMapsGvr, "crud", "cm", {.propagation_policy = "Background"}).ok());
  auto gone = c.Get(kConfigMapsGvr, "crud", "cm");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.status().code(), Code::kNotFound);
  EXPECT_EQ(gone.status().http_status(), 404);
  EXPECT_EQ(c.Delete(kConfigMapsGvr, "crud", "cm").code(), Code::kNotFound);
}

TEST(KubesimCrud, StatusSubresourceAndStrategicMergeOfLists) {
  auto k = KubesimClients::Start();
  ASSERT_NE(k, nullptr);
  auto& c = *k->client;
  ASSERT_TRUE(c.Create(kNamespacesGvr, "", Namespace("apps")).ok());
  auto created = c.Create(kDeployments, "apps", Deployment("apps", "web"));
  ASSERT_TRUE(created.ok()) << created.status().ToString();

  nlohmann::json with_status = *created;
  with_status["status"] = {{"replicas", 1}, {"readyReplicas", 1}};
  auto status = c.UpdateStatus(kDeployments, "apps", with_status);
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ((*status)["status"]["readyReplicas"], 1);

  // Strategic merge merges containers by name.
  auto patched = c.Patch(
      kDeployments, "apps", "web", PatchType::kStrategicMerge,
      R"({"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.26"}]}}}})");
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  const auto& containers = (*patched)["spec"]["template"]["spec"]["containers"];
  ASSERT_EQ(containers.size(), 1u);
  EXPECT_EQ(containers[0]["image"], "nginx:1.26");
  EXPECT_EQ(containers[0]["ports"][0]["containerPort"], 80);
}

TEST(KubesimCrud, WrongTokenIsUnauthenticated) {
  auto k = KubesimClients::Start();
  ASSERT_NE(k, nullptr);
  RestConfig config = k->config;
  config.bearer_token = "wrong";
  auto client = NewDynamicClient(config);
  ASSERT_TRUE(client.ok());
  auto got = (*client)->Get(kNamespacesGvr, "", "default");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(got.status().http_status(), 401);
  EXPECT_EQ(got.status().message().find("wrong"), std::string::npos);
}

// kubeconfig `tls-server-name`: the connection goes to the server's address, the certificate
// is checked against the name (kubesim's certificate is for 127.0.0.1, ::1 and localhost).
TEST(KubesimCrud, TlsServerNameIsTheNameTheCertificateIsCheckedAgainst) {
  auto k = KubesimClients::Start();
  ASSERT_NE(k, nullptr);
  ASSERT_EQ(k->config.server.rfind("https://127.0.0.1:", 0), 0u) << k->config.server;
  RestConfig config = k->config;
  config.tls.server_name = "localhost";
  auto client = NewDynamicClient(config);
  ASSERT_TRUE(client.ok());
  auto got = (*client)->Get(kNamespacesGvr, "", "default");
  EXPECT_TRUE(got.ok()) << got.status().ToString();

  config.tls.server_name = "kubernetes.default.svc";  // not a name of the certificate
  client = NewDynamicClient(config);
  ASSERT_TRUE(client.ok());
  got = (*client)->Get(kNamespacesGvr, "", "default");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), Code::kFailedPrecondition) << got.status().ToString();
  EXPECT_NE(got.status().message().find("kubernetes.default.svc"), std::string::npos)
      << got.status().ToString();
}

TEST(KubesimCrud, OneClientFromManyThreads) {
  auto k = KubesimClients::Start();
  ASSERT_NE(k, nullptr);
  auto& c = *k->client;
  ASSERT_TRUE(c.Create(kNamespacesGvr, "", Namespace("threads")).ok());
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        std::string name = "cm-" + std::to_string(t) + "-" + std::to_string(i);
        if (!c.Create(kConfigMapsGvr, "threads", ConfigMap("threads", name)).ok()) continue;
        auto got = c.Get(kConfigMapsGvr, "threads", name);
        if (got.ok() && (*got)["metadata"]["name"] == name) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 160);
}

}  // namespace
}  // namespace ark::kube
