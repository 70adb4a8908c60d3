// The command line is judged before anything is sent: object names as the API server would
// judge them, flags given as --flag= (an empty value), namespace mappings, empty selector value
// sets, and the help of optional booleans. No API server runs here: a kubeconfig pointing
// nowhere proves that nothing was asked of one.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"

namespace ark::cli {
namespace {

using nlohmann::json;

struct Ran {
  int code;
  std::string out, err;
};

Ran RunArk(std::vector<std::string> args) {
  // An address nothing listens on: a command that got as far as a request would fail with a
  // connection error, not with the usage error these tests expect.
  args.insert(args.begin(), {"--kubeconfig", ARK_SOURCE_DIR "/tests/fixtures/no-such-kubeconfig"});
  std::ostringstream o, e;
  const int code = Run(args, o, e);
  return {code, o.str(), e.str()};
}

TEST(ArgumentCheckTest, InvalidNamesAreRefusedBeforeAnyRequestNamingTheArgument) {
  const std::string long_name(300, 'a');
  const std::string victim = "../../../../../../api/v1/namespaces/default/configmaps/victim";
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::string rule =
      "use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
  const Case cases[] = {
      {{"restore", "delete", victim}, "invalid restore name \"" + victim + "\": " + rule},
      {{"schedule", "delete", "--confirm", victim}, "invalid schedule name"},
      {{"backup", "get", "../../../../../../api/v1/namespaces/kube-system/configmaps/x"},
       "invalid backup name"},
      {{"backup", "describe", "zzz/../nb"}, "invalid backup name \"zzz/../nb\": " + rule},
      {{"backup", "download", "nb/../nb"}, "invalid backup name \"nb/../nb\": " + rule},
      {{"backup", "logs", "NB"}, "invalid backup name \"NB\": " + rule},
      {{"backup", "logs", ""}, "invalid backup name \"\": must not be empty"},
      {{"backup", "logs", "../nb"}, "invalid backup name \"../nb\": " + rule},
      {{"backup", "logs", "nb;rm"}, "invalid backup name \"nb;rm\": " + rule},
      {{"backup", "logs", long_name},
       "invalid backup name \"" + long_name.substr(0, 64) +
           "...\": 300 characters long: at most 253 are allowed"},
      {{"backup", "get", "a b"}, "invalid backup name \"a b\": " + rule},
      {{"backup", "delete", "--confirm", ".."}, "invalid backup name \"..\": " + rule},
      {{"backup", "verify", "NB"}, "invalid backup name \"NB\""},
      {{"backup", "create", "NB"}, "invalid backup name \"NB\""},
      {{"backup", "create", std::string(64, 'b')}, "64 characters long: at most 63 are allowed"},
      {{"restore", "create", "../nb"}, "invalid backup name \"../nb\""},
      {{"restore", "create", "R", "--from-backup", "nb"}, "invalid restore name \"R\""},
      {{"restore", "logs", "a/b"}, "invalid restore name \"a/b\""},
      {{"restore", "describe", "ok", "%2e%2e"}, "invalid restore name \"%2e%2e\""},
      {{"restore", "get", "."}, "invalid restore name \".\""},
      {{"schedule", "get", "S"}, "invalid schedule name \"S\""},
      {{"schedule", "describe", "s/x"}, "invalid schedule name \"s/x\""},
      // A schedule's backups are named <schedule>-YYYYMMDDhhmmss: at most 63 characters.
      {{"schedule", "create", std::string(49, 's'), "--schedule", "@daily"},
       "invalid schedule name \"" + std::string(49, 's') +
           "\": 49 characters long: at most 48 are allowed"},
      {{"schedule", "create", std::string(63, 's'), "--schedule", "@daily"},
       "63 characters long: at most 48 are allowed"},
  };
  for (const Case& c : cases) {
    Ran r = RunArk(c.args);
    EXPECT_EQ(r.code, 2) << c.args[0] << " " << c.args[1] << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.message << "\n" << r.err;
    EXPECT_EQ(r.out, "");
  }
  // The limits themselves are fine.
  EXPECT_EQ(
      RunArk({"schedule", "create", std::string(48, 's'), "--schedule", "@daily", "-o", "json"})
          .code,
      0);
  EXPECT_EQ(RunArk({"backup", "create", std::string(63, 'b'), "-o", "json"}).code, 0);
}

json CreatedSpec(std::vector<std::string> args) {
  args.insert(args.end(), {"-o", "json"});
  Ran r = RunArk(args);
  EXPECT_EQ(r.code, 0) << r.err;
  return r.code == 0 ? json::parse(r.out)["spec"] : json();
}

TEST(ArgumentCheckTest, AnEmptyValueAfterEqualsIsAnEmptyValueAndTheNextFlagKeepsItsMeaning) {
  json spec = CreatedSpec({"backup", "create", "w2", "--include-resources=", "--ttl", "1h"});
  EXPECT_EQ(spec["includedResources"], json::array());
  EXPECT_EQ(spec["ttl"], "1h0m0s");
  spec = CreatedSpec({"backup", "create", "w4", "--include-namespaces=", "--snapshot-volumes"});
  EXPECT_EQ(spec["includedNamespaces"], json::array());
  EXPECT_EQ(spec["snapshotVolumes"], true);
  spec = CreatedSpec({"backup", "create", "w5", "--exclude-namespaces=", "--exclude-resources=",
                      "--selector=", "--labels=", "--ttl", "2h"});
  EXPECT_EQ(spec["excludedNamespaces"], json::array());
  EXPECT_EQ(spec["excludedResources"], json::array());
  EXPECT_EQ(spec["labelSelector"], nullptr);
  EXPECT_EQ(spec["ttl"], "2h0m0s");
  spec = CreatedSpec({"schedule", "create", "s", "--include-resources=", "--schedule", "@daily"});
  EXPECT_EQ(spec["template"]["includedResources"], json::array());
  EXPECT_EQ(spec["schedule"], "@daily");
  spec = CreatedSpec({"restore", "create", "--include-namespaces=", "--from-backup", "nb",
                      "--namespace-mappings=", "--include-resources=", "--restore-volumes"});
  EXPECT_EQ(spec["includedNamespaces"], json::array());
  EXPECT_EQ(spec["includedResources"], json::array());
  EXPECT_EQ(spec["backupName"], "nb");
  EXPECT_EQ(spec["restorePVs"], true);
  // A list flag takes one value per occurrence (pflag's stringArray): what follows is an
  // argument of the command.
  Ran extra = RunArk({"backup", "create", "x", "--include-resources", "a", "b", "-o", "json"});
  EXPECT_EQ(extra.code, 2);
  EXPECT_NE(extra.err.find("The following argument was not expected: b"), std::string::npos)
      << extra.err;
  spec = CreatedSpec(
      {"backup", "create", "x", "--include-resources", "a", "--include-resources", "b,c"});
  EXPECT_EQ(spec["includedResources"], json::parse(R"(["a", "b", "c"])"));
}

TEST(ArgumentCheckTest, NamespaceMappingsMapEachValidNamespaceOnce) {
  struct Case {
    std::string mappings, message;
  };
  const Case cases[] = {
      {"a:b,a:c",
       "invalid --namespace-mappings \"a:b,a:c\": namespace \"a\" is mapped twice (to \"b\" and "
       "to \"c\")"},
      {"a:b:c", "invalid --namespace-mappings \"a:b:c\": \"a:b:c\" is not src:dst"},
      {"BAD!:x",
       "invalid --namespace-mappings \"BAD!:x\": namespace \"BAD!\" in \"BAD!:x\": at most 63 "
       "lowercase letters"},
      {"x:Y_", "namespace \"Y_\" in \"x:Y_\""},
      {"a", "\"a\" is not src:dst"},
      {":b", "namespace \"\" in \":b\": must not be empty"},
  };
  for (const Case& c : cases) {
    Ran r = RunArk({"restore", "create", "--from-backup", "nb", "--namespace-mappings", c.mappings,
                    "-o", "json"});
    EXPECT_EQ(r.code, 2) << c.mappings;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.mappings << "\n" << r.err;
  }
  json spec = CreatedSpec(
      {"restore", "create", "--from-backup", "nb", "--namespace-mappings", "a:b,b:c,x-1:y"});
  EXPECT_EQ(spec["namespaceMapping"], json::parse(R"({"a": "b", "b": "c", "x-1": "y"})"));
}

TEST(ArgumentCheckTest, ASelectorWithAnEmptyValueSetIsRefused) {
  for (const char* selector : {"a in ()", "a notin ()", "a in ( )"}) {
    Ran r = RunArk({"backup", "create", "b", "--selector", selector, "-o", "json"});
    EXPECT_EQ(r.code, 2) << selector;
    EXPECT_NE(r.err.find("for 'in', 'notin' operators, values set can't be empty"),
              std::string::npos)
        << r.err;
  }
  // (,b) is the set {"", "b"}, as the API server reads it.
  json spec = CreatedSpec({"backup", "create", "b", "--selector", "a in (,b)"});
  EXPECT_EQ(spec["labelSelector"]["matchExpressions"][0]["values"], json::parse(R"(["", "b"])"));
}

TEST(ArgumentCheckTest, OptionalBooleansShowNoDefaultInTheHelp) {
  for (const char* noun : {"backup", "schedule", "restore"}) {
    Ran r = RunArk({noun, "create", "--help"});
    ASSERT_EQ(r.code, 0) << noun;
    EXPECT_EQ(r.out.find("{true}"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--include-cluster-resources [=true|false]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("(default: unset, the server decides)"), std::string::npos) << r.out;
  }
  Ran schedule = RunArk({"schedule", "create", "--help"});
  EXPECT_NE(schedule.out.find("labels to apply to the schedule and to each backup it creates"),
            std::string::npos)
      << schedule.out;
  // Unset stays null; a bare flag is true.
  json spec = CreatedSpec({"backup", "create", "b"});
  EXPECT_EQ(spec["snapshotVolumes"], nullptr);
  EXPECT_EQ(spec["includeClusterResources"], nullptr);
  spec = CreatedSpec({"backup", "create", "b", "--include-cluster-resources"});
  EXPECT_EQ(spec["includeClusterResources"], true);
}

}  // namespace
}  // namespace ark::cli
