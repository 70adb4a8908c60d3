// Discovery and kubectl-style name resolution against kubesim serving the discovery
// documents of a real Kubernetes 1.26 API server.
#include <gtest/gtest.h>

#include "kubesim_fixture.h"

namespace ark::kube {
namespace {

using testing::KubesimClients;

struct ResolveCase {
  std::string input;
  std::string group_resource;  // "" = not found
  std::string version;
};

TEST(KubesimDiscovery, ResolvesNamesAsKubectlDoes) {
  auto k = KubesimClients::Start();
  ASSERT_NE(k, nullptr);
  const std::vector<ResolveCase> cases = {
      {"pods", "pods", "v1"},
      {"pod", "pods", "v1"},
      {"po", "pods", "v1"},
      {"Pod", "pods", "v1"},
      {"PODS", "pods", "v1"},
      {"pods.v1", "pods", "v1"},
      {"deploy", "deployments.apps", "v1"},
      {"deployment", "deployments.apps", "v1"},
      {"deployments.apps", "deployments.apps", "v1"},
      {"deployments.v1.apps", "deployments.apps", "v1"},
      {"storageclasses.storage.k8s.io", "storageclasses.storage.k8s.io", "v1"},
      {"sc", "storageclasses.storage.k8s.io", "v1"},
      {"svc", "services", "v1"},
      {"cm", "configmaps", "v1"},
      {"ns", "namespaces", "v1"},
      {"pv", "persistentvolumes", "v1"},
      {"pvc", "persistentvolumeclaims", "v1"},
      {"events", "events", "v1"},  // the core group wins over events.k8s.io
      {"events.events.k8s.io", "events.events.k8s.io", "v1"},
      {"ev", "events", "v1"},
      {"crd", "customresourcedefinitions.apiextensions.k8s.io", "v1"},
      {"hpa", "horizontalpodautoscalers.autoscaling", "v2"},
      {"horizontalpodautoscalers.v1.autoscaling", "horizontalpodautoscalers.autoscaling", "v1"},
      {"cj", "cronjobs.batch", "v1"},
      {"ing", "ingresses.networking.k8s.io", "v1"},
      {"clusterrolebindings", "clusterrolebindings.rbac.authorization.k8s.io", "v1"},
      {"nosuchthing", "", ""},
      {"deployments.nosuch.group", "", ""},
  };
  for (const auto& c : cases) {
    auto r = k->discovery->Resolve(c.input);
    if (c.group_resource.empty()) {
      ASSERT_FALSE(r.ok()) << c.input;
      EXPECT_EQ(r.status().code(), Code::kNotFound);
      EXPECT_NE(r.status().message().find(c.input), std::string::npos);
      continue;
    }
    ASSERT_TRUE(r.ok()) << c.input << ": " << r.status().ToString();
    EXPECT_EQ(r->GroupResource(), c.group_resource) << c.input;
    EXPECT_EQ(r->version, c.version) << c.input;
  }
}

TEST(KubesimDiscovery, PreferredResourcesCarryVerbsScopeKindAndSubresources) {
  auto k = KubesimClients::Start();
  ASSERT_NE(k, nullptr);
  auto preferred = k->discovery->PreferredResources();
  ASSERT_TRUE(preferred.ok()) << preferred.status().ToString();
  ASSERT_FALSE(preferred->empty());
  EXPECT_EQ(preferred->front().group, "");  // the core group first
  const ApiResource* pods = nullptr;
  const ApiResource* nodes = nullptr;
  for (const auto& r : *preferred) {
    EXPECT_EQ(r.name.find('/'), std::string::npos) << r.name;
    if (r.GroupResource() == "pods") pods = &r;
    if (r.GroupResource() == "nodes") nodes = &r;
  }
  ASSERT_NE(pods, nullptr);
  ASSERT_NE(nodes, nullptr);
  EXPECT_TRUE(pods->namespaced);
  EXPECT_FALSE(nodes->namespaced);
  EXPECT_EQ(pods->kind, "Pod");
  EXPECT_EQ(pods->singular_name, "pod");
  EXPECT_TRUE(pods->HasVerb("list"));
  EXPECT_TRUE(pods->HasVerb("watch"));
  EXPECT_NE(std::find(pods->subresources.begin(), pods->subresources.end(), "status"),
            pods->subresources.end());
  EXPECT_EQ(pods->short_names, std::vector<std::string>{"po"});

  // AllResources holds the non-preferred versions too.
  auto all = k->discovery->AllResources();
  ASSERT_TRUE(all.ok());
  int hpa_versions = 0;
  for (const auto& r : *all)
    hpa_versions += r.GroupResource() == "horizontalpodautoscalers.autoscaling";
  EXPECT_EQ(hpa_versions, 2);
}

TEST(KubesimDiscovery, CustomResourcesAppearAfterInvalidate) {
  auto k = KubesimClients::Start();
  ASSERT_NE(k, nullptr);
  ASSERT_EQ(k->discovery->Resolve("backups").status().code(), Code::kNotFound);
  auto crd = nlohmann::json::parse(R"({
    "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
    "metadata": {"name": "backups.ark.heptio.com"},
    "spec": {"group": "ark.heptio.com", "scope": "Namespaced",
      "names": {"plural": "backups", "singular": "backup", "kind": "Backup", "listKind": "BackupList", "shortNames": ["bk"]},
      "versions": [{"name": "v1", "served": true, "storage": true,
        "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]}})");
  auto created =
      k->client->Create({"apiextensions.k8s.io", "v1", "customresourcedefinitions"}, "", crd);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  // Cached until invalidated.
  ASSERT_EQ(k->discovery->Resolve("backups").status().code(), Code::kNotFound);
  k->discovery->Invalidate();
  for (std::string name : {"backups", "backup", "bk", "Backup", "backups.ark.heptio.com",
                           "backups.v1.ark.heptio.com"}) {
    auto r = k->discovery->Resolve(name);
    ASSERT_TRUE(r.ok()) << name << ": " << r.status().ToString();
    EXPECT_EQ(r->GroupResource(), "backups.ark.heptio.com");
    EXPECT_EQ(r->kind, "Backup");
    EXPECT_TRUE(r->namespaced);
  }
}

}  // namespace
}  // namespace ark::kube
