#include <gtest/gtest.h>

#include "controller/backup_controller.h"
#include "controller/restore_controller.h"

namespace ark::controller {
namespace {

using nlohmann::json;

struct ValidationCase {
  const char* spec;
  bool has_volumes;
  std::vector<std::string> want;
};

TEST(BackupValidationTest, ArkRulesAndStrictOnes) {
  const ValidationCase cases[] = {
      {R"({})", false, {}},
      {R"({"includedNamespaces": ["*"]})", false, {}},
      {R"({"includedNamespaces": ["*", "a"]})",
       false,
       {"Invalid included/excluded namespace lists: includes list must either contain '*' only"}},
      {R"({"excludedResources": ["*"]})",
       false,
       {"Invalid included/excluded resource lists: excludes list cannot contain '*'"}},
      {R"({"includedResources": ["pods"], "excludedResources": ["pods"]})",
       false,
       {"Invalid included/excluded resource lists: excludes list cannot contain an item in the "
        "includes list: pods"}},
      {R"({"snapshotVolumes": true})", false, {"Server is not configured for PV snapshots"}},
      {R"({"snapshotVolumes": true})", true, {}},
      {R"({"ttl": "3 days"})", false, {"spec.ttl: invalid duration \"3 days\""}},
      {R"({"ttl": "-5h"})", false, {"spec.ttl: \"-5h0m0s\" is negative"}},
      {R"({"ttl": 5})",
       false,
       {"spec.ttl: expected a duration string such as \"24h0m0s\", got number 5"}},
  };
  for (const auto& c : cases) {
    json backup = {{"metadata", {{"name", "b1"}}}, {"spec", json::parse(c.spec)}};
    auto got = BackupController::Validate(backup, c.has_volumes);
    ASSERT_EQ(got.size(), c.want.size()) << c.spec;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].rfind(c.want[i], 0), 0u) << got[i];
    }
  }
}

TEST(RestoreValidationTest, ArkRulesAndStrictOnes) {
  const ValidationCase cases[] = {
      {R"({"backupName": "b"})", false, {}},
      {R"({})", false, {"BackupName must be non-empty"}},
      {R"({"backupName": "b", "includedResources": ["nodes"]})",
       false,
       {"nodes are non-restorable resources"}},
      {R"({"backupName": "b", "restorePVs": true})",
       false,
       {"Server is not configured for PV snapshot restores"}},
      {R"({"backupName": "b", "restorePVs": "true"})",
       false,
       {"spec.restorePVs: expected true, false or null, got string \"true\""}},
  };
  for (const auto& c : cases) {
    json restore = {{"metadata", {{"name", "r1"}}}, {"spec", json::parse(c.spec)}};
    auto got = RestoreController::Validate(restore, c.has_volumes);
    ASSERT_EQ(got.size(), c.want.size()) << c.spec;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].rfind(c.want[i], 0), 0u) << got[i];
    }
  }
}

}  // namespace
}  // namespace ark::controller
