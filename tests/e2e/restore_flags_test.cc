// Every `ark restore create` flag sets its field of the Restore's spec, and every spec field a
// Restore has can be set by a flag: an operator never has to fall back to YAML.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "api/restore.h"
#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

using nlohmann::json;

struct FlagField {
  std::vector<std::string> flag;  // the flag and its value
  const char* field;              // its field in spec
  json value;                     // what the field holds
};

const std::vector<FlagField>& RestoreFlagFields() {
  static const std::vector<FlagField> table = {
      {{"--from-backup", "b1"}, "backupName", "b1"},
      {{"--include-namespaces", "a,b"}, "includedNamespaces", {"a", "b"}},
      {{"--exclude-namespaces", "c"}, "excludedNamespaces", {"c"}},
      {{"--include-resources", "pods,deployments.apps"},
       "includedResources",
       {"pods", "deployments.apps"}},
      {{"--exclude-resources", "events"}, "excludedResources", {"events"}},
      {{"--namespace-mappings", "a:x,b:y"}, "namespaceMapping", {{"a", "x"}, {"b", "y"}}},
      {{"--selector", "app=web"}, "labelSelector", {{"matchLabels", {{"app", "web"}}}}},
      {{"--restore-volumes=false"}, "restorePVs", false},
      {{"--include-cluster-resources=false"}, "includeClusterResources", false},
      {{"--existing-resource-policy", "update"}, "existingResourcePolicy", "update"},
  };
  return table;
}

TEST(RestoreFlagsTest, EveryFlagSetsItsFieldAndEveryFieldHasAFlag) {
  auto env = ArkEnv::Start({.start_server = false});
  ASSERT_NE(env, nullptr);
  std::vector<std::string> args = {"restore", "create", "all-flags", "-o", "json"};
  std::set<std::string> flagged;
  for (const auto& f : RestoreFlagFields()) {
    args.insert(args.end(), f.flag.begin(), f.flag.end());
    flagged.insert(f.field);
  }
  auto r = env->Ark(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json spec = json::parse(r.out)["spec"];
  for (const auto& f : RestoreFlagFields()) {
    EXPECT_EQ(spec.value(f.field, json()), f.value) << f.flag[0] << " -> spec." << f.field;
  }

  // The reverse: a fully populated spec as the resource model writes it. `namespaces` is
  // Ark v0.3's field, read from old Restores and never written, so it has no flag.
  api::RestoreSpec full;
  full.backup_name = "b";
  full.included_namespaces = full.excluded_namespaces = {"x"};
  full.included_resources = full.excluded_resources = {"x"};
  full.namespace_mapping = {{"a", "b"}};
  full.label_selector = api::LabelSelector{};
  full.restore_pvs = full.include_cluster_resources = true;
  json fields = full.ToJson();
  fields["existingResourcePolicy"] = "none";  // read by the restore engine from the spec
  for (const auto& [field, value] : fields.items()) {
    if (field == "namespaces") continue;
    EXPECT_TRUE(flagged.count(field)) << "spec." << field << " has no `ark restore create` flag";
  }
  for (const auto& [field, value] : spec.items()) {
    EXPECT_TRUE(flagged.count(field) || value.is_null() || value.empty())
        << "spec." << field << " is written by a flag the table does not know";
  }

  // Labels are the object's, not the spec's.
  auto labelled = env->Ark(
      {"restore", "create", "l", "--from-backup", "b1", "--labels", "team=a", "-o", "json"});
  ASSERT_EQ(labelled.exit_code, 0) << labelled.err;
  EXPECT_EQ(json::parse(labelled.out)["metadata"]["labels"], (json{{"team", "a"}}));
}

}  // namespace
}  // namespace ark::testing
