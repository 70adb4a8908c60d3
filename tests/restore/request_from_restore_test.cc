#include "restore/request_from_restore.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace ark::restore {
namespace {

using nlohmann::json;

Result<RestoreRequest> FromSpec(const json& spec) {
  json object = {{"apiVersion", "ark.heptio.com/v1"},
                 {"kind", "Restore"},
                 {"metadata", {{"name", "r1"}, {"namespace", "heptio-ark"}}},
                 {"spec", spec}};
  auto restore = api::Restore::FromJson(object);
  if (!restore.ok()) return restore.status();
  return RequestFromRestore(*restore);
}

TEST(RequestFromRestoreTest, EveryFieldOfTheSpecReachesTheRequest) {
  auto r = FromSpec({{"backupName", "b1"},
                     {"includedNamespaces", {"a", "b"}},
                     {"excludedNamespaces", {"c"}},
                     {"includedResources", {"deployments.apps"}},
                     {"excludedResources", {"secrets"}},
                     {"labelSelector", {{"matchLabels", {{"app", "nginx"}}}}},
                     {"namespaceMapping", {{"a", "a2"}}},
                     {"includeClusterResources", false},
                     {"restorePVs", true},
                     {"existingResourcePolicy", "update"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->name, "r1");
  EXPECT_EQ(r->included_namespaces, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r->excluded_namespaces, (std::vector<std::string>{"c"}));
  EXPECT_EQ(r->included_resources, (std::vector<std::string>{"deployments.apps"}));
  EXPECT_EQ(r->excluded_resources, (std::vector<std::string>{"secrets"}));
  EXPECT_EQ(r->label_selector.ToString(), "app=nginx");
  EXPECT_EQ(r->namespace_mapping, (std::map<std::string, std::string>{{"a", "a2"}}));
  EXPECT_EQ(r->include_cluster_resources, std::optional<bool>(false));
  EXPECT_EQ(r->restore_pvs, std::optional<bool>(true));
  EXPECT_EQ(r->existing_resource_policy, ExistingResourcePolicy::kUpdate);
  EXPECT_TRUE(r->resource_priorities.empty());  // the server's Config sets them
  EXPECT_FALSE(r->dry_run);
}

TEST(RequestFromRestoreTest, AnEmptySpecRestoresEverythingAndLeavesExistingObjects) {
  auto r = FromSpec({{"backupName", "b1"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->included_namespaces.empty());
  EXPECT_TRUE(r->label_selector.ToString().empty());
  EXPECT_EQ(r->include_cluster_resources, std::nullopt);
  EXPECT_EQ(r->restore_pvs, std::nullopt);
  EXPECT_EQ(r->existing_resource_policy, ExistingResourcePolicy::kNone);
  auto none = FromSpec({{"backupName", "b1"}, {"existingResourcePolicy", "none"}});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->existing_resource_policy, ExistingResourcePolicy::kNone);
}

TEST(RequestFromRestoreTest, ArkV03NamespacesAreIncludedNamespaces) {
  auto r = FromSpec({{"backupName", "b1"}, {"namespaces", {"old"}}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->included_namespaces, (std::vector<std::string>{"old"}));
}

TEST(RequestFromRestoreTest, AnUnknownPolicyNamesTheFieldAndTheAcceptedValues) {
  auto r = FromSpec({{"backupName", "b1"}, {"existingResourcePolicy", "replace"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "spec.existingResourcePolicy: \"replace\" is not one of the accepted values none, "
            "update");
}

}  // namespace
}  // namespace ark::restore
