#include "archive/tar_paths.h"

#include <gtest/gtest.h>

namespace ark::archive {
namespace {

TEST(ItemPath, CoreAndGroupedResources) {
  EXPECT_EQ(ItemPath("pods", "nginx-example", "web-1"),
            "resources/pods/namespaces/nginx-example/web-1.json");
  EXPECT_EQ(ItemPath("persistentvolumes", "", "pv-nginx-logs"),
            "resources/persistentvolumes/cluster/pv-nginx-logs.json");
  EXPECT_EQ(ItemPath("apiservices.apiregistration.k8s.io", "", "v1."),
            "resources/apiservices.apiregistration.k8s.io/cluster/v1..json");
}

struct ParseCase {
  std::string path;
  bool is_item;
  std::string group_resource, ns, name;
};

TEST(ParseItemPath, EveryLayoutArkAndVeleroWrote) {
  const ParseCase cases[] = {
      // Ark v0.5+ and Velero.
      {"resources/deployments.apps/namespaces/nginx-example/nginx-deployment.json", true,
       "deployments.apps", "nginx-example", "nginx-deployment"},
      {"resources/namespaces/cluster/nginx-example.json", true, "namespaces", "", "nginx-example"},
      {"resources/apiservices.apiregistration.k8s.io/cluster/v1..json", true,
       "apiservices.apiregistration.k8s.io", "", "v1."},
      {"resources/clusterroles.rbac.authorization.k8s.io/cluster/system:node.json", true,
       "clusterroles.rbac.authorization.k8s.io", "", "system:node"},
      {"resources/configmaps/namespaces/cluster/x.json", true, "configmaps", "cluster", "x"},
      // Ark v0.3/v0.4.
      {"namespaces/nginx-example/pods/web-1.json", true, "pods", "nginx-example", "web-1"},
      {"cluster/persistentvolumes/pv-1.json", true, "persistentvolumes", "", "pv-1"},
      // Not items of the default layout.
      {"metadata/version", false, "", "", ""},
      {"resources/deployments.apps/v1-preferredversion/namespaces/ns/d.json", false, "", "", ""},
      {"resources/persistentvolumes/v1-preferredversion/cluster/pv.json", false, "", "", ""},
  };
  for (const ParseCase& c : cases) {
    SCOPED_TRACE(c.path);
    auto r = ParseItemPath(c.path);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->has_value(), c.is_item);
    if (!c.is_item) continue;
    EXPECT_EQ((*r)->group_resource, c.group_resource);
    EXPECT_EQ((*r)->ns, c.ns);
    EXPECT_EQ((*r)->name, c.name);
    EXPECT_EQ(ParseItemPath(ItemPath(c.group_resource, c.ns, c.name)).value()->name, c.name);
  }
}

TEST(ParseItemPath, RejectsPathsNoArkWrote) {
  const std::string bad[] = {
      "other/pods/x.json",
      "resources/pods/namespaces/ns/x.yaml",
      "resources/pods/namespaces/ns/.json",
      "resources/pods/cluster",
      "resources/pods/namespaces/ns",
      "resources/pods//cluster/x.json",
      "namespaces/ns/pods/x/y.json",
      "cluster/pods/a/b.json",
      "resources/pods/something/x.json",
  };
  for (const std::string& p : bad) {
    auto r = ParseItemPath(p);
    ASSERT_FALSE(r.ok()) << p;
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << p;
    EXPECT_NE(r.status().message().find(p), std::string::npos) << r.status().ToString();
  }
}

}  // namespace
}  // namespace ark::archive
