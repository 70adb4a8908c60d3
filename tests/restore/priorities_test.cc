#include <gtest/gtest.h>

#include "restore/priorities.h"

namespace ark::restore {
namespace {

TEST(OrderGroupResources, PrioritiesFirstThenAlphabetical) {
  const std::vector<std::string> backup = {"services",  "deployments.apps", "pods",
                                           "namespaces", "widgets.example.com",
                                           "customresourcedefinitions.apiextensions.k8s.io"};
  EXPECT_EQ(OrderGroupResources({"customresourcedefinitions.apiextensions.k8s.io", "namespaces",
                                 "secrets", "pods", "services", "pods"},
                                backup),
            (std::vector<std::string>{"customresourcedefinitions.apiextensions.k8s.io",
                                      "namespaces", "pods", "services", "deployments.apps",
                                      "widgets.example.com"}));
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

TEST(NonRestorableReason, Table) {
  struct Case {
    std::string gr;
    bool restorable;
  } cases[] = {{"nodes", false},
               {"events", false},
               {"events.events.k8s.io", false},
               {"backups.ark.heptio.com", false},
               {"restores.velero.io", false},
               {"configs.ark.heptio.com", true},
               {"pods", true},
               {"customresourcedefinitions.apiextensions.k8s.io", true}};
  for (const Case& c : cases) {
    EXPECT_EQ(!NonRestorableReason(c.gr).has_value(), c.restorable) << c.gr;
  }
}

}  // namespace
}  // namespace ark::restore
