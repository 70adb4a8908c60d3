#include "backup/backup_request.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ark::backup {
namespace {

using ::testing::HasSubstr;

TEST(BackupRequestTest, ReadsTheSpecFields) {
  auto request = ParseBackupRequest(nlohmann::json::parse(R"({
    "metadata": {"name": "nginx-ns", "namespace": "heptio-ark"},
    "spec": {"includedNamespaces": ["nginx-example"], "excludedNamespaces": null,
             "includedResources": ["po", "deployments.apps"], "excludedResources": ["secrets"],
             "labelSelector": {"matchLabels": {"app": "nginx"}}, "snapshotVolumes": false,
             "ttl": "24h0m0s", "includeClusterResources": null, "hooks": {"resources": null}}})"));
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  EXPECT_EQ(request->name, "nginx-ns");
  EXPECT_EQ(request->namespace_, "heptio-ark");
  EXPECT_EQ(request->included_namespaces, std::vector<std::string>{"nginx-example"});
  EXPECT_TRUE(request->excluded_namespaces.empty());
  EXPECT_EQ(request->included_resources, (std::vector<std::string>{"po", "deployments.apps"}));
  EXPECT_EQ(request->excluded_resources, std::vector<std::string>{"secrets"});
  EXPECT_EQ(request->label_selector["matchLabels"]["app"], "nginx");
  EXPECT_EQ(request->snapshot_volumes, false);
  EXPECT_FALSE(request->include_cluster_resources.has_value());
}

TEST(BackupRequestTest, MissingSpecMeansDefaults) {
  auto request = ParseBackupRequest(nlohmann::json::parse(R"({"metadata": {"name": "b"}})"));
  ASSERT_TRUE(request.ok());
  EXPECT_TRUE(request->included_namespaces.empty());
  EXPECT_TRUE(request->label_selector.is_null());
  EXPECT_FALSE(request->snapshot_volumes.has_value());
}

TEST(BackupRequestTest, WrongTypesNameTheField) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"spec": {"includedNamespaces": "a"}})", "spec.includedNamespaces"},
      {R"({"spec": {"excludedResources": [1]}})", "spec.excludedResources"},
      {R"({"spec": {"snapshotVolumes": "yes"}})", "spec.snapshotVolumes"},
      {R"({"spec": {"includeClusterResources": 1}})", "spec.includeClusterResources"},
      {R"({"spec": {"labelSelector": "app=nginx"}})", "spec.labelSelector"},
      {R"({"spec": []})", "spec"},
      {R"({"metadata": {"name": 3}})", "metadata.name"},
      {R"([])", "backup"},
  };
  for (const auto& [text, field] : cases) {
    SCOPED_TRACE(text);
    auto request = ParseBackupRequest(nlohmann::json::parse(text));
    ASSERT_FALSE(request.ok());
    EXPECT_EQ(request.status().code(), Code::kInvalidArgument);
    EXPECT_THAT(request.status().message(), HasSubstr(field));
  }
}

}  // namespace
}  // namespace ark::backup
