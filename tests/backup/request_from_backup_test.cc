#include "backup/request_from_backup.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace ark::backup {
namespace {

using nlohmann::json;
using std::chrono::seconds;
using ::testing::HasSubstr;

// The Backup object `object` read as the server reads it: api::Backup::FromJson, then the
// builder.
Result<BackupRequest> FromObject(const json& object) {
  auto backup = api::Backup::FromJson(object);
  if (!backup.ok()) return backup.status();
  return RequestFromBackup(*backup);
}

Result<BackupRequest> FromSpec(const json& spec) {
  return FromObject({{"apiVersion", "ark.heptio.com/v1"},
                     {"kind", "Backup"},
                     {"metadata", {{"name", "nginx-ns"}, {"namespace", "heptio-ark"}}},
                     {"spec", spec}});
}

// An exec hook as one comparable line.
std::string Show(const ExecHookSpec& h) {
  std::string out = "[" + h.container + "]";
  for (const std::string& a : h.command) out += " " + a;
  return out + " " + h.on_error + " " +
         std::to_string(std::chrono::duration_cast<seconds>(h.timeout).count()) + "s";
}

std::vector<std::string> Show(const std::vector<ExecHookSpec>& hooks) {
  std::vector<std::string> out;
  for (const ExecHookSpec& h : hooks) out.push_back(Show(h));
  return out;
}

TEST(RequestFromBackupTest, EveryFieldOfTheSpecReachesTheRequest) {
  auto r = FromSpec(json::parse(R"({
    "includedNamespaces": ["nginx-example"], "excludedNamespaces": ["kube-system"],
    "includedResources": ["po", "deployments.apps"], "excludedResources": ["secrets"],
    "labelSelector": {"matchLabels": {"app": "nginx"},
                      "matchExpressions": [{"key": "tier", "operator": "In",
                                            "values": ["web", "api"]}]},
    "snapshotVolumes": false, "ttl": "24h0m0s", "includeClusterResources": true,
    "hooks": {"resources": [{
      "name": "freeze", "includedNamespaces": ["a"], "excludedNamespaces": ["b"],
      "includedResources": ["pods"], "excludedResources": ["deployments"],
      "labelSelector": {"matchLabels": {"role": "db"}},
      "hooks": [{"exec": {"container": "db", "command": ["sync"], "onError": "Continue",
                          "timeout": "10s"}}],
      "pre": [{"exec": {"command": ["fsfreeze", "--freeze"]}}, {}],
      "post": [{"exec": {"container": "db", "command": ["fsfreeze", "--unfreeze"],
                         "onError": "Fail", "timeout": "1m"}}]}]}})"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->name, "nginx-ns");
  EXPECT_EQ(r->namespace_, "heptio-ark");
  EXPECT_EQ(r->included_namespaces, std::vector<std::string>{"nginx-example"});
  EXPECT_EQ(r->excluded_namespaces, std::vector<std::string>{"kube-system"});
  EXPECT_EQ(r->included_resources, (std::vector<std::string>{"po", "deployments.apps"}));
  EXPECT_EQ(r->excluded_resources, std::vector<std::string>{"secrets"});
  EXPECT_EQ(r->label_selector.ToString(), "app=nginx,tier in (api,web)");
  EXPECT_EQ(r->snapshot_volumes, std::optional<bool>(false));
  EXPECT_EQ(r->include_cluster_resources, std::optional<bool>(true));

  ASSERT_EQ(r->hooks.size(), 1u);
  const ResourceHookSpec& hook = r->hooks[0];
  EXPECT_EQ(hook.name, "freeze");
  EXPECT_EQ(hook.included_namespaces, std::vector<std::string>{"a"});
  EXPECT_EQ(hook.excluded_namespaces, std::vector<std::string>{"b"});
  EXPECT_EQ(hook.included_resources, std::vector<std::string>{"pods"});
  EXPECT_EQ(hook.excluded_resources, std::vector<std::string>{"deployments"});
  EXPECT_EQ(hook.label_selector, json::parse(R"({"matchLabels": {"role": "db"}})"));
  // v0.5's `hooks` list runs before the item as `pre` does, ahead of it; an entry without
  // `exec` runs nothing.
  EXPECT_EQ(Show(hook.pre),
            (std::vector<std::string>{"[db] sync Continue 10s", "[] fsfreeze --freeze  0s"}));
  EXPECT_EQ(Show(hook.post), (std::vector<std::string>{"[db] fsfreeze --unfreeze Fail 60s"}));
}

TEST(RequestFromBackupTest, AnEmptySpecBacksUpEverythingWithDefaults) {
  for (const json& object :
       {json{{"kind", "Backup"}, {"metadata", {{"name", "b"}}}},
        json{{"kind", "Backup"}, {"metadata", {{"name", "b"}}}, {"spec", nullptr}},
        json{{"kind", "Backup"}, {"metadata", {{"name", "b"}}}, {"spec", json::object()}}}) {
    SCOPED_TRACE(object.dump());
    auto r = FromObject(object);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->name, "b");
    EXPECT_EQ(r->namespace_, "");
    EXPECT_TRUE(r->included_namespaces.empty());
    EXPECT_TRUE(r->excluded_namespaces.empty());
    EXPECT_TRUE(r->included_resources.empty());
    EXPECT_TRUE(r->excluded_resources.empty());
    EXPECT_TRUE(r->label_selector.empty());
    EXPECT_EQ(r->snapshot_volumes, std::nullopt);
    EXPECT_EQ(r->include_cluster_resources, std::nullopt);
    EXPECT_TRUE(r->hooks.empty());
  }
}

TEST(RequestFromBackupTest, NullFieldsTakeTheirDefaults) {
  auto r = FromSpec(json::parse(R"({"includedNamespaces": null, "labelSelector": null,
                                    "snapshotVolumes": null, "includeClusterResources": null,
                                    "hooks": {"resources": null}})"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->included_namespaces.empty());
  EXPECT_TRUE(r->label_selector.empty());
  EXPECT_EQ(r->snapshot_volumes, std::nullopt);
  EXPECT_EQ(r->include_cluster_resources, std::nullopt);
  EXPECT_TRUE(r->hooks.empty());
}

TEST(RequestFromBackupTest, ALabelKubernetesDoesNotAllowNamesTheSelector) {
  auto r = FromSpec({{"labelSelector", {{"matchLabels", {{"bad key!", "x"}}}}}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("spec.labelSelector: "));
  EXPECT_THAT(r.status().message(), HasSubstr("bad key!"));
}

// Wrong JSON types are refused by api::Backup::FromJson, naming the object and the field.
TEST(RequestFromBackupTest, WrongTypesNameTheField) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"spec": {"includedNamespaces": "a"}})",
       R"(Backup "heptio-ark/b": spec.includedNamespaces: expected a list of strings)"},
      {R"({"spec": {"excludedResources": [1]}})", "spec.excludedResources"},
      {R"({"spec": {"snapshotVolumes": "yes"}})", "spec.snapshotVolumes"},
      {R"({"spec": {"includeClusterResources": 1}})", "spec.includeClusterResources"},
      {R"({"spec": {"labelSelector": "app=nginx"}})", "spec.labelSelector"},
      {R"({"spec": {"labelSelector": {"matchExpressions": [{"key": "a", "operator": "Near"}]}}})",
       "spec.labelSelector.matchExpressions[0].operator"},
      {R"({"spec": {"hooks": {"resources": [{"pre": [{"exec": {"timeout": "1d"}}]}]}}})",
       "spec.hooks.resources[0].pre[0].exec.timeout"},
      {R"({"spec": []})", "spec: expected an object"},
      {R"({"metadata": {"namespace": "heptio-ark", "name": 3}})", "metadata.name"},
  };
  for (const auto& [text, field] : cases) {
    SCOPED_TRACE(text);
    json object = json::parse(text);
    object["kind"] = "Backup";
    if (!object.contains("metadata"))
      object["metadata"] = {{"name", "b"}, {"namespace", "heptio-ark"}};
    auto r = FromObject(object);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
    EXPECT_THAT(r.status().message(), HasSubstr(field));
  }
}

TEST(RequestFromBackupTest, AnObjectOfAnotherKindIsNotABackup) {
  for (const json& object : {json::array(), json{{"kind", "Restore"}}}) {
    SCOPED_TRACE(object.dump());
    auto r = FromObject(object);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
    EXPECT_THAT(r.status().message(), HasSubstr("expected a Backup object"));
  }
}

}  // namespace
}  // namespace ark::backup
