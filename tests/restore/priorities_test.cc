#include "restore/priorities.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace ark::restore {
namespace {

TEST(OrderGroupResources, PrioritiesFirstThenAlphabetical) {
  const std::vector<std::string> backup = {
      "services",   "deployments.apps",    "pods",
      "namespaces", "widgets.example.com", "customresourcedefinitions.apiextensions.k8s.io"};
  EXPECT_EQ(
      OrderGroupResources({"customresourcedefinitions.apiextensions.k8s.io", "namespaces",
                           "secrets", "pods", "services", "pods"},
                          backup),
      (std::vector<std::string>{"customresourcedefinitions.apiextensions.k8s.io", "namespaces",
                                "pods", "services", "deployments.apps", "widgets.example.com"}));
}

TEST(OrderGroupResources, EmptyPrioritiesIsAlphabetical) {
  EXPECT_EQ(OrderGroupResources({}, {"b", "a", "c"}), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(DefaultResourcePriorities, IsVeleroHighList) {
  const auto& p = DefaultResourcePriorities();
  ASSERT_EQ(p.size(), 23u);
  EXPECT_EQ(p.front(), "customresourcedefinitions");
  EXPECT_EQ(p[1], "namespaces");
  EXPECT_EQ(p[7], "persistentvolumes");
  EXPECT_EQ(p[8], "persistentvolumeclaims");
  EXPECT_EQ(p.back(), "services");
}

size_t PositionOf(const std::vector<std::string>& list, const std::string& gr) {
  return static_cast<size_t>(std::find(list.begin(), list.end(), gr) - list.begin());
}

// A real API server refuses a Pod whose ServiceAccount does not exist yet, binds a claim only
// to an existing PV, and checks RBAC bindings against existing roles.
TEST(DefaultResourcePriorities, PutsWhatOthersDependOnFirst) {
  const auto& p = DefaultResourcePriorities();
  EXPECT_LT(PositionOf(p, "serviceaccounts"), PositionOf(p, "pods"));
  EXPECT_LT(PositionOf(p, "secrets"), PositionOf(p, "pods"));
  EXPECT_LT(PositionOf(p, "configmaps"), PositionOf(p, "pods"));
  EXPECT_LT(PositionOf(p, "persistentvolumes"), PositionOf(p, "persistentvolumeclaims"));
  EXPECT_LT(PositionOf(p, "roles"), PositionOf(p, "rolebindings"));
  EXPECT_LT(PositionOf(p, "clusterroles"), PositionOf(p, "clusterrolebindings"));
}

// Ark v0.5's default (namespaces, persistentvolumes, persistentvolumeclaims, secrets,
// configmaps) keeps its relative order, so Configs written for it restore as before.
TEST(DefaultResourcePriorities, KeepsArkV05OrderRelative) {
  const auto& p = DefaultResourcePriorities();
  const std::vector<std::string> ark_v05 = {"namespaces", "persistentvolumes",
                                            "persistentvolumeclaims", "secrets", "configmaps"};
  for (size_t i = 0; i + 1 < ark_v05.size(); ++i) {
    EXPECT_LT(PositionOf(p, ark_v05[i]), PositionOf(p, ark_v05[i + 1])) << ark_v05[i];
    EXPECT_LT(PositionOf(p, ark_v05[i + 1]), p.size()) << ark_v05[i + 1];
  }
}

TEST(NonRestorableReason, Table) {
  struct Case {
    std::string gr;
    bool restorable;
  } cases[] = {{"nodes", false},
               {"events", false},
               {"events.events.k8s.io", false},
               {"backups.ark.heptio.com", false},
               {"restores.velero.io", false},
               {"configs.ark.heptio.com", false},
               {"downloadrequests.ark.heptio.com", false},
               {"deletebackuprequests.ark.heptio.com", false},
               {"backupverifications.ark.heptio.com", false},
               {"schedules.ark.heptio.com", true},
               {"pods", true},
               {"customresourcedefinitions.apiextensions.k8s.io", true}};
  for (const Case& c : cases) {
    EXPECT_EQ(!NonRestorableReason(c.gr).has_value(), c.restorable) << c.gr;
  }
}

}  // namespace
}  // namespace ark::restore
