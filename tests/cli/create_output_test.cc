// What `ark backup|restore|schedule create -o json|yaml` prints (and would submit): the object
// Ark's own CLI writes, every spec field present as its Go types serialize them (lists [],
// unset optionals null), now built through the resource model (api::NewBackup and friends).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"

namespace ark::cli {
namespace {

using nlohmann::json;

// A new object of each kind with every flag left at its default.
const json kBackupSpec = json::parse(R"({
  "excludedNamespaces": [], "excludedResources": [], "hooks": {"resources": []},
  "includeClusterResources": null, "includedNamespaces": ["*"], "includedResources": [],
  "labelSelector": null, "snapshotVolumes": null, "ttl": "720h0m0s"})");

json NewBackup(const std::string& name) {
  return {{"apiVersion", "ark.heptio.com/v1"},
          {"kind", "Backup"},
          {"metadata", {{"name", name}, {"namespace", "heptio-ark"}}},
          {"spec", kBackupSpec},
          {"status", {{"phase", ""}, {"version", 0}}}};
}

json NewRestore(const std::string& name, const std::string& backup) {
  json spec = json::parse(R"({
    "excludedNamespaces": [], "excludedResources": [], "includeClusterResources": null,
    "includedNamespaces": ["*"], "includedResources": [], "labelSelector": null,
    "namespaceMapping": {}, "restorePVs": null})");
  spec["backupName"] = backup;
  return {{"apiVersion", "ark.heptio.com/v1"},
          {"kind", "Restore"},
          {"metadata", {{"name", name}, {"namespace", "heptio-ark"}}},
          {"spec", spec},
          {"status", {{"phase", ""}}}};
}

json NewSchedule(const std::string& name, const std::string& cron) {
  return {{"apiVersion", "ark.heptio.com/v1"},
          {"kind", "Schedule"},
          {"metadata", {{"name", name}, {"namespace", "heptio-ark"}}},
          {"spec", {{"schedule", cron}, {"template", kBackupSpec}}},
          {"status", {{"phase", ""}}}};
}

// `base` with `changes` written over it, member by member (a JSON merge patch without
// deletions: no case sets a field to null that the default has otherwise).
json With(json base, const json& changes) {
  base.merge_patch(changes);
  return base;
}

struct CreateCase {
  std::vector<std::string> args;
  json expected;
};

int RunArk(std::vector<std::string> args, std::string* out, std::string* err) {
  std::ostringstream o, e;
  const int code = Run(args, o, e);
  *out = o.str();
  *err = e.str();
  return code;
}

TEST(CreateOutputTest, JsonIsTheObjectArksCliWrites) {
  const CreateCase cases[] = {
      {{"backup", "create", "b1"}, NewBackup("b1")},
      {{"backup", "create", "b2", "--include-namespaces", "123,nginx-example", "--labels",
        "version=1.0,enabled=true", "--selector", "app=nginx", "--ttl", "2h0m0s",
        "--exclude-resources", "events"},
       With(NewBackup("b2"), {{"metadata", {{"labels", {{"enabled", "true"}, {"version", "1.0"}}}}},
                              {"spec",
                               {{"excludedResources", {"events"}},
                                {"includedNamespaces", {"123", "nginx-example"}},
                                {"labelSelector", {{"matchLabels", {{"app", "nginx"}}}}},
                                {"ttl", "2h0m0s"}}}})},
      // A zero TTL stays written ("0s"); --verify is the one field Ark's specs lack, so it is
      // there only when set.
      {{"backup", "create", "b3", "--snapshot-volumes", "--include-cluster-resources=false",
        "--verify", "--ttl", "0", "--include-resources", "pods,deployments.apps",
        "--exclude-namespaces", "kube-system"},
       With(NewBackup("b3"), {{"spec",
                               {{"excludedNamespaces", {"kube-system"}},
                                {"includeClusterResources", false},
                                {"includedResources", {"pods", "deployments.apps"}},
                                {"snapshotVolumes", true},
                                {"ttl", "0s"},
                                {"verify", true}}}})},
      {{"backup", "create", "b4", "--snapshot-volumes=false", "--include-cluster-resources",
        "--selector", "app in (a,b),!legacy,tier!=x", "--ttl", "90m"},
       With(NewBackup("b4"), json::parse(R"({"spec": {
         "includeClusterResources": true, "snapshotVolumes": false, "ttl": "1h30m0s",
         "labelSelector": {"matchExpressions": [
           {"key": "app", "operator": "In", "values": ["a", "b"]},
           {"key": "legacy", "operator": "DoesNotExist"},
           {"key": "tier", "operator": "NotIn", "values": ["x"]}]}}})"))},
      // An empty namespace list is written as given ([]), not as the default.
      {{"backup", "create", "b5", "--include-namespaces", "", "--ttl", "24h"},
       With(NewBackup("b5"),
            {{"spec", {{"includedNamespaces", json::array()}, {"ttl", "24h0m0s"}}}})},
      {{"restore", "create", "r1", "--from-backup", "b1"}, NewRestore("r1", "b1")},
      {{"restore", "create", "r2", "--from-backup", "rt-backup", "--namespace-mappings", "123:456",
        "--labels", "on=yes", "--restore-volumes=false", "--include-cluster-resources=true",
        "--existing-resource-policy", "update"},
       With(NewRestore("r2", "rt-backup"), {{"metadata", {{"labels", {{"on", "yes"}}}}},
                                            {"spec",
                                             {{"existingResourcePolicy", "update"},
                                              {"includeClusterResources", true},
                                              {"namespaceMapping", {{"123", "456"}}},
                                              {"restorePVs", false}}}})},
      {{"restore", "create", "r3", "--from-backup", "b1", "--include-namespaces", "a,b",
        "--exclude-namespaces", "c", "--include-resources", "pods", "--exclude-resources", "events",
        "--selector", "app=web", "--restore-volumes", "--existing-resource-policy", "none"},
       With(NewRestore("r3", "b1"), {{"spec",
                                      {{"excludedNamespaces", {"c"}},
                                       {"excludedResources", {"events"}},
                                       {"existingResourcePolicy", "none"},
                                       {"includedNamespaces", {"a", "b"}},
                                       {"includedResources", {"pods"}},
                                       {"labelSelector", {{"matchLabels", {{"app", "web"}}}}},
                                       {"restorePVs", true}}}})},
      {{"restore", "create", "r4", "--from-backup", "b1", "--include-namespaces", ""},
       With(NewRestore("r4", "b1"), {{"spec", {{"includedNamespaces", json::array()}}}})},
      {{"schedule", "create", "s1", "--schedule", "0 7 * * *", "--include-namespaces", "007",
        "--labels", "n=null"},
       With(NewSchedule("s1", "0 7 * * *"),
            {{"metadata", {{"labels", {{"n", "null"}}}}},
             {"spec", {{"template", {{"includedNamespaces", {"007"}}}}}}})},
      {{"schedule", "create", "s2", "--schedule", "@daily", "--selector", "app=x",
        "--snapshot-volumes=false", "--verify", "--ttl", "1h"},
       With(NewSchedule("s2", "@daily"), {{"spec",
                                           {{"template",
                                             {{"labelSelector", {{"matchLabels", {{"app", "x"}}}}},
                                              {"snapshotVolumes", false},
                                              {"ttl", "1h0m0s"},
                                              {"verify", true}}}}}})},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = c.args;
    args.insert(args.end(), {"-o", "json"});
    std::string out, err;
    ASSERT_EQ(RunArk(args, &out, &err), 0) << c.args[2] << ": " << err;
    // json's == tells null from absent, so a field that moved between the two fails here.
    EXPECT_EQ(json::parse(out), c.expected) << c.args[2] << "\n" << out;
  }
}

TEST(CreateOutputTest, YamlPrintsNullsAsKubectlDoes) {
  std::string out, err;
  ASSERT_EQ(RunArk({"restore", "create", "r2", "--from-backup", "rt-backup", "--namespace-mappings",
                    "123:456", "--labels", "on=yes", "--restore-volumes=false",
                    "--include-cluster-resources=true", "--existing-resource-policy", "update",
                    "-o", "yaml"},
                   &out, &err),
            0)
      << err;
  EXPECT_EQ(out,
            "apiVersion: ark.heptio.com/v1\n"
            "kind: Restore\n"
            "metadata:\n"
            "  labels:\n"
            "    \"on\": \"yes\"\n"
            "  name: r2\n"
            "  namespace: heptio-ark\n"
            "spec:\n"
            "  backupName: rt-backup\n"
            "  excludedNamespaces:\n"
            "    []\n"
            "  excludedResources:\n"
            "    []\n"
            "  existingResourcePolicy: update\n"
            "  includeClusterResources: true\n"
            "  includedNamespaces:\n"
            "    - \"*\"\n"
            "  includedResources:\n"
            "    []\n"
            "  labelSelector: null\n"
            "  namespaceMapping:\n"
            "    \"123\": \"456\"\n"
            "  restorePVs: false\n"
            "status:\n"
            "  phase: \"\"\n");
}

TEST(CreateOutputTest, BadFlagsAreUsageErrorsNamingTheFlag) {
  struct BadCase {
    std::vector<std::string> args;
    const char* message;
  };
  const BadCase cases[] = {
      {{"backup", "create", "b", "--ttl", "-5h"},
       "invalid --ttl \"-5h\": a backup's time to live must be positive"},
      {{"schedule", "create", "s", "--schedule", "@daily", "--selector", "a in (b"}, "--selector"},
      {{"restore", "create", "--from-backup", "b", "--existing-resource-policy", "merge"},
       "invalid --existing-resource-policy \"merge\""},
      {{"restore", "create", "--from-backup", "b", "--labels", "=x"}, "invalid --labels"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = c.args;
    args.insert(args.end(), {"-o", "json"});
    std::string out, err;
    EXPECT_EQ(RunArk(args, &out, &err), 2) << c.message;
    EXPECT_NE(err.find(c.message), std::string::npos) << err;
    EXPECT_EQ(out, "");
  }
}

}  // namespace
}  // namespace ark::cli
