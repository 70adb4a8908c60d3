// The object-level validators: every rule a hostile or mistaken Backup, Restore or Schedule
// can break, with the message it gets (field, value, what is allowed).
#include <gtest/gtest.h>

#include "api/limits.h"
#include "api/names.h"
#include "api/validation.h"

namespace ark::api {
namespace {

using Strings = std::vector<std::string>;

Json Object(const char* kind, const std::string& name, const char* spec) {
  return {{"apiVersion", "ark.heptio.com/v1"},
          {"kind", kind},
          {"metadata", {{"name", name}, {"namespace", "heptio-ark"}}},
          {"spec", Json::parse(spec)}};
}

struct Case {
  const char* what;
  std::string name;
  const char* spec;
  Strings want;  // exact messages, in order
};

TEST(StrictBackupValidationTest, EveryRuleNamesFieldValueAndWhatIsAllowed) {
  const Case cases[] = {
      {"valid", "b1", R"({"includedNamespaces": ["*"], "ttl": "24h"})", {}},
      {"ttl 0 is the default", "b1", R"({"ttl": "0s"})", {}},
      {"wrong type: ttl number",
       "b1",
       R"({"ttl": 5})",
       {"spec.ttl: expected a duration string such as \"24h0m0s\", got number 5"}},
      {"wrong type: string for a bool",
       "b1",
       R"({"snapshotVolumes": "true"})",
       {"spec.snapshotVolumes: expected true, false or null, got string \"true\""}},
      {"wrong type: string for a list",
       "b1",
       R"({"includedNamespaces": "default"})",
       {"spec.includedNamespaces: expected a list of strings, got string \"default\""}},
      {"wrong type: list for a string",
       "b1",
       R"({"includedNamespaces": [["a"]]})",
       {"spec.includedNamespaces[0]: expected a string, got array of 1 entries"}},
      {"wrong type: spec not an object", "b1", R"([])", {"spec: expected an object, got array"}},
      {"negative ttl",
       "b1",
       R"({"ttl": "-5h"})",
       {"spec.ttl: \"-5h0m0s\" is negative: use a positive duration such as \"720h0m0s\", or "
        "leave it unset (or 0) for the default of 720h0m0s"}},
      {"invalid name",
       "My_Backup",
       R"({})",
       {"metadata.name: \"My_Backup\" is not a valid name: use lowercase letters, digits, '-' "
        "and '.', starting and ending with a letter or digit"}},
      {"name longer than a label value",
       std::string(64, 'a'),
       R"({})",
       {"metadata.name: \"" + std::string(64, 'a') +
        "\" is 64 characters long: "
        "at most 63 are allowed (a backup's name is the value of label "
        "ark.heptio.com/backup-name)"}},
      {"invalid namespace entry",
       "b1",
       R"({"includedNamespaces": ["ok", "Not_OK"]})",
       {"spec.includedNamespaces[1]: \"Not_OK\" is not a valid namespace name: at most 63 "
        "lowercase letters, digits and '-', starting and ending with a letter or digit (or \"*\" "
        "for all)"}},
      {"empty resource entry",
       "b1",
       R"({"excludedResources": [""]})",
       {"spec.excludedResources[0]: must not be empty (a resource such as \"pods\" or "
        "\"deployments.apps\", or \"*\" for all)"}},
      {"selector label value",
       "b1",
       R"({"labelSelector": {"matchLabels": {"app": "a b"}}})",
       {"spec.labelSelector.matchLabels.app: \"a b\" is not a valid label value: at most 63 "
        "letters, digits, '-', '_' and '.', starting and ending with a letter or digit"}},
      {"selector expression key",
       "b1",
       R"({"labelSelector": {"matchExpressions": [{"key": "-x", "operator": "Exists"}]}})",
       {"spec.labelSelector.matchExpressions[0].key: \"-x\" is not a valid label key: an "
        "optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and "
        "'.', starting and ending with a letter or digit"}},
      {"hook without command, bad onError, negative timeout",
       "b1",
       R"({"hooks": {"resources": [{"name": "h", "pre": [{"exec": {"onError": "Ignore", "timeout": "-1s"}}]}]}})",
       {"spec.hooks.resources[0].pre[0].exec.command: required (the command to run)",
        "spec.hooks.resources[0].pre[0].exec.onError: \"Ignore\" is not one of Continue, Fail "
        "(unset means Fail)",
        "spec.hooks.resources[0].pre[0].exec.timeout: \"-1s\" is negative: use a positive "
        "duration (unset or 0 means 30s)"}},
      {"Ark's rules keep Ark's wording",
       "b1",
       R"({"excludedNamespaces": ["*"]})",
       {"Invalid included/excluded namespace lists: excludes list cannot contain '*'"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ValidateBackup(Object("Backup", c.name, c.spec), false), c.want) << c.what;
  }
  EXPECT_EQ(ValidateBackup(Json("backup"), false), Strings{"expected a Backup object"});
}

TEST(StrictBackupValidationTest, SizeCapsNameTheFieldAndTheLimit) {
  Json backup = Object("Backup", "b1", "{}");
  backup["spec"]["includedNamespaces"] = Json::array();
  for (int i = 0; i < 1001; ++i)
    backup["spec"]["includedNamespaces"].push_back("ns-" + std::to_string(i));
  EXPECT_EQ(ValidateBackup(backup, false),
            Strings{"spec.includedNamespaces: 1001 entries: at most 1000 are allowed"});

  // 1000 entries is the limit itself: allowed.
  backup["spec"]["includedNamespaces"].erase(1000);
  EXPECT_EQ(ValidateBackup(backup, false), Strings{});

  Json selector = Object("Backup", "b1", "{}");
  for (int i = 0; i < 1001; ++i) {
    selector["spec"]["labelSelector"]["matchLabels"]["k" + std::to_string(i)] = "v";
  }
  EXPECT_EQ(ValidateBackup(selector, false),
            Strings{"spec.labelSelector.matchLabels: 1001 entries: at most 1000 are allowed"});

  // Few entries, but over a megabyte in all.
  Json big = Object("Backup", "b1", "{}");
  for (int i = 0; i < 5; ++i) {
    big["spec"]["hooks"]["resources"][i] = {{"name", std::string(300 * 1024, 'x')}};
  }
  EXPECT_EQ(ValidateBackup(big, false), Strings{"spec: 1.5 MiB as JSON: at most 1 MiB is allowed"});

  Json deep = Json::object();
  for (int i = 0; i < 40; ++i) deep = Json{{"x", deep}};
  Json nested = Object("Backup", "b1", "{}");
  nested["spec"]["hooks"] = deep;
  Strings got = ValidateBackup(nested, false);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NE(got[0].find("nested more than 32 levels deep: at most 32 are allowed"),
            std::string::npos)
      << got[0];
}

TEST(StrictBackupValidationTest, TwoHundredThousandNamespacesFailWithFewBoundedMessages) {
  Json backup = Object("Backup", "b1", "{}");
  Json& list = backup["spec"]["includedNamespaces"] = Json::array();
  for (int i = 0; i < 200000; ++i) list.push_back("ns-" + std::to_string(i));
  backup["spec"]["excludedNamespaces"] = list;
  EXPECT_EQ(ValidateBackup(backup, false),
            (Strings{"spec.excludedNamespaces: 200000 entries: at most 1000 are allowed",
                     "spec.includedNamespaces: 200000 entries: at most 1000 are allowed",
                     "spec: 4.4 MiB as JSON: at most 1 MiB is allowed"}));
}

TEST(StrictBackupValidationTest, ManyProblemsAreCutToTheCap) {
  Json backup = Object("Backup", "b1", "{}");
  for (int i = 0; i < 50; ++i)
    backup["spec"]["includedNamespaces"].push_back("BAD" + std::to_string(i));
  Strings got = ValidateBackup(backup, false);
  ASSERT_EQ(got.size(), kMaxValidationErrors);
  EXPECT_EQ(got.back(), "... and 31 more problems");
}

TEST(StrictRestoreValidationTest, Rules) {
  const Case cases[] = {
      {"valid", "r1", R"({"backupName": "b1", "namespaceMapping": {"a": "b"}})", {}},
      {"wrong type: mapping value",
       "r1",
       R"({"backupName": "b1", "namespaceMapping": {"a": 1}})",
       {"spec.namespaceMapping.a: expected a string, got number 1"}},
      {"wrong type: restorePVs",
       "r1",
       R"({"backupName": "b1", "restorePVs": "yes"})",
       {"spec.restorePVs: expected true, false or null, got string \"yes\""}},
      {"invalid backup name",
       "r1",
       R"({"backupName": "B/1"})",
       {"spec.backupName: \"B/1\" is not a valid name: use lowercase letters, digits, '-' and "
        "'.', starting and ending with a letter or digit"}},
      {"invalid mapping",
       "r1",
       R"({"backupName": "b1", "namespaceMapping": {"a": "B_"}})",
       {"spec.namespaceMapping.a: the target \"B_\" is not a valid namespace name: at most 63 "
        "lowercase letters, digits and '-', starting and ending with a letter or digit"}},
      {"invalid restore name",
       "r_1",
       R"({"backupName": "b1"})",
       {"metadata.name: \"r_1\" is not a valid name: use lowercase letters, digits, '-' and "
        "'.', starting and ending with a letter or digit"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ValidateRestore(Object("Restore", c.name, c.spec), false), c.want) << c.what;
  }
  Json big = Object("Restore", "r1", R"({"backupName": "b1"})");
  for (int i = 0; i < 1001; ++i) big["spec"]["namespaceMapping"]["n" + std::to_string(i)] = "m";
  EXPECT_EQ(ValidateRestore(big, false),
            Strings{"spec.namespaceMapping: 1001 entries: at most 1000 are allowed"});
}

TEST(StrictScheduleValidationTest, Rules) {
  const Case cases[] = {
      {"valid", "daily", R"({"schedule": "@every 1h", "template": {"ttl": "24h"}})", {}},
      {"@every 0s",
       "s",
       R"({"schedule": "@every 0s"})",
       {"invalid schedule: cron expression \"@every 0s\": the interval must be positive, e.g. "
        "@every 1h"}},
      {"@every negative",
       "s",
       R"({"schedule": "@every -5m"})",
       {"invalid schedule: cron expression \"@every -5m\": the interval must be positive, e.g. "
        "@every 1h"}},
      {"template rules carry the template's path",
       "s",
       R"({"schedule": "@daily", "template": {"ttl": "-1h", "excludedResources": ["*"]}})",
       {"spec.template: Invalid included/excluded resource lists: excludes list cannot contain "
        "'*'",
        "spec.template.ttl: \"-1h0m0s\" is negative: use a positive duration such as "
        "\"720h0m0s\", or leave it unset (or 0) for the default of 720h0m0s"}},
      {"template wrong type",
       "s",
       R"({"schedule": "@daily", "template": {"ttl": true}})",
       {"spec.template.ttl: expected a duration string such as \"24h0m0s\", got boolean true"}},
      {"name too long for its backups' names",
       std::string(49, 's'),
       R"({"schedule": "@daily"})",
       {"metadata.name: \"" + std::string(49, 's') +
        "\" is 49 characters long: at most 48 are "
        "allowed (its backups are named <schedule>-YYYYMMDDhhmmss, and a backup name has at most "
        "63 characters)"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ValidateSchedule(Object("Schedule", c.name, c.spec)), c.want) << c.what;
  }
}

TEST(NamesTest, KubernetesRules) {
  EXPECT_TRUE(IsDns1123Label("a-1"));
  EXPECT_FALSE(IsDns1123Label("a.b"));
  EXPECT_FALSE(IsDns1123Label("-a"));
  EXPECT_FALSE(IsDns1123Label(std::string(64, 'a')));
  EXPECT_TRUE(IsDns1123Subdomain("a.b-c.d"));
  EXPECT_FALSE(IsDns1123Subdomain("a..b"));
  EXPECT_FALSE(IsDns1123Subdomain("A"));
  EXPECT_TRUE(IsDns1123Subdomain(std::string(253, 'a')));
  EXPECT_FALSE(IsDns1123Subdomain(std::string(254, 'a')));
  EXPECT_TRUE(IsLabelValue(""));
  EXPECT_TRUE(IsLabelValue("A_b.c-1"));
  EXPECT_FALSE(IsLabelValue("_a"));
  EXPECT_FALSE(IsLabelValue(std::string(64, 'a')));
  EXPECT_TRUE(IsLabelKey("example.com/app"));
  EXPECT_FALSE(IsLabelKey("example.com/"));
  EXPECT_FALSE(IsLabelKey("Example.com/app"));
}

}  // namespace
}  // namespace ark::api
