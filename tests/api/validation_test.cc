#include "api/validation.h"

#include <gtest/gtest.h>

#include "api/defaults.h"

namespace ark::api {
namespace {

using Strings = std::vector<std::string>;

TEST(BackupValidationTest, Rules) {
  struct Case {
    const char* name;
    BackupSpec spec;
    bool pv_provider;
    Strings want;
  };
  auto spec = [](Strings in_ns, Strings ex_ns, Strings in_res, Strings ex_res,
                 std::optional<bool> snapshot = std::nullopt) {
    BackupSpec s;
    s.included_namespaces = std::move(in_ns);
    s.excluded_namespaces = std::move(ex_ns);
    s.included_resources = std::move(in_res);
    s.excluded_resources = std::move(ex_res);
    s.snapshot_volumes = snapshot;
    return s;
  };
  const Case cases[] = {
      {"everything", spec({"*"}, {}, {}, {}), false, {}},
      {"specific lists", spec({"a", "b"}, {"c"}, {"pods"}, {"secrets"}), false, {}},
      {"rule 1 namespaces",
       spec({"*", "a"}, {}, {}, {}),
       false,
       {"Invalid included/excluded namespace lists: includes list must either contain '*' only, "
        "or a non-empty list of items"}},
      {"rule 1 resources",
       spec({"*"}, {}, {"*", "pods"}, {}),
       false,
       {"Invalid included/excluded resource lists: includes list must either contain '*' only, "
        "or a non-empty list of items"}},
      {"rule 2 namespaces",
       spec({"*"}, {"*"}, {}, {}),
       false,
       {"Invalid included/excluded namespace lists: excludes list cannot contain '*'",
        "Invalid included/excluded namespace lists: excludes list cannot contain an item in the "
        "includes list: *"}},
      {"rule 2 resources",
       spec({}, {}, {}, {"*"}),
       false,
       {"Invalid included/excluded resource lists: excludes list cannot contain '*'"}},
      {"rule 3 namespaces",
       spec({"a"}, {"a"}, {}, {}),
       false,
       {"Invalid included/excluded namespace lists: excludes list cannot contain an item in the "
        "includes list: a"}},
      {"rule 3 resources",
       spec({}, {}, {"pods", "secrets"}, {"secrets"}),
       false,
       {"Invalid included/excluded resource lists: excludes list cannot contain an item in the "
        "includes list: secrets"}},
      {"rule 4 snapshots without provider",
       spec({}, {}, {}, {}, true),
       false,
       {"Server is not configured for PV snapshots"}},
      {"snapshots with provider", spec({}, {}, {}, {}, true), true, {}},
      {"snapshots false without provider", spec({}, {}, {}, {}, false), false, {}},
      {"resources reported before namespaces",
       spec({"a"}, {"a"}, {}, {"*"}, true),
       false,
       {"Invalid included/excluded resource lists: excludes list cannot contain '*'",
        "Invalid included/excluded namespace lists: excludes list cannot contain an item in the "
        "includes list: a",
        "Server is not configured for PV snapshots"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ValidateBackupSpec(c.spec, c.pv_provider), c.want) << c.name;
  }
}

TEST(RestoreValidationTest, Rules) {
  struct Case {
    const char* name;
    RestoreSpec spec;
    bool pv_provider;
    Strings want;
  };
  auto spec = [](std::string backup, Strings in_ns, Strings ex_ns, Strings in_res, Strings ex_res,
                 std::optional<bool> pvs = std::nullopt) {
    RestoreSpec s;
    s.backup_name = std::move(backup);
    s.included_namespaces = std::move(in_ns);
    s.excluded_namespaces = std::move(ex_ns);
    s.included_resources = std::move(in_res);
    s.excluded_resources = std::move(ex_res);
    s.restore_pvs = pvs;
    return s;
  };
  const Case cases[] = {
      {"valid", spec("b1", {"*"}, {}, {}, {"nodes"}), false, {}},
      {"no backup name",
       spec("", {"*"}, {}, {}, {}),
       false,
       {"BackupName must be non-empty and correspond to the name of a backup in object storage."}},
      {"nodes included",
       spec("b1", {}, {}, {"nodes"}, {}),
       false,
       {"nodes are non-restorable resources"}},
      {"nodes included and excluded",
       spec("b1", {}, {}, {"nodes"}, {"nodes"}),
       false,
       {"nodes are non-restorable resources",
        "Invalid included/excluded resource lists: excludes list cannot contain an item in the "
        "includes list: nodes"}},
      {"rule 1 namespaces",
       spec("b1", {"*", "x"}, {}, {}, {}),
       false,
       {"Invalid included/excluded namespace lists: includes list must either contain '*' only, "
        "or a non-empty list of items"}},
      {"rule 2 resources",
       spec("b1", {}, {}, {}, {"*"}),
       false,
       {"Invalid included/excluded resource lists: excludes list cannot contain '*'"}},
      {"rule 3 namespaces",
       spec("b1", {"x"}, {"x"}, {}, {}),
       false,
       {"Invalid included/excluded namespace lists: excludes list cannot contain an item in the "
        "includes list: x"}},
      {"restorePVs without provider",
       spec("b1", {}, {}, {}, {}, true),
       false,
       {"Server is not configured for PV snapshot restores"}},
      {"restorePVs with provider", spec("b1", {}, {}, {}, {}, true), true, {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ValidateRestoreSpec(c.spec, c.pv_provider), c.want) << c.name;
  }
}

TEST(ScheduleValidationTest, Rules) {
  struct Case {
    std::string schedule;
    Strings want;
  };
  const Case cases[] = {
      {"0 */6 * * *", {}},
      {"@every 1m", {}},
      {"", {"Schedule must be a non-empty valid Cron expression"}},
      {"0 * * *",
       {"invalid schedule: cron expression \"0 * * *\": expected exactly 5 fields (minute hour "
        "day-of-month month day-of-week), found 4"}},
  };
  for (const Case& c : cases) {
    ScheduleSpec s;
    s.schedule = c.schedule;
    EXPECT_EQ(ValidateScheduleSpec(s), c.want) << c.schedule;
  }
}

TEST(DownloadRequestValidationTest, Rules) {
  DownloadRequest d;
  d.target_kind = "BackupLog";
  d.target_name = "b1";
  EXPECT_TRUE(ValidateDownloadRequest(d).empty());
  for (const char* kind : {"BackupContents", "RestoreLog", "RestoreResults"}) {
    d.target_kind = kind;
    EXPECT_TRUE(ValidateDownloadRequest(d).empty()) << kind;
  }
  d.target_kind = "Secrets";
  d.target_name = "";
  EXPECT_EQ(ValidateDownloadRequest(d),
            (Strings{"spec.target.kind \"Secrets\" is not one of BackupLog, BackupContents, "
                     "RestoreLog, RestoreResults",
                     "spec.target.name must be non-empty"}));
  d.target_kind = "BackupContents";
  for (const char* name : {"../other/x", "nb/../nb", "NB", "a b"}) {
    d.target_name = name;
    ASSERT_EQ(ValidateDownloadRequest(d).size(), 1u) << name;
    EXPECT_EQ(ValidateDownloadRequest(d)[0].rfind(
                  "spec.target.name: \"" + std::string(name) + "\" is not a valid name", 0),
              0u)
        << ValidateDownloadRequest(d)[0];
  }
}

TEST(DefaultsTest, Backup) {
  BackupSpec s;
  ApplyBackupDefaults(s);
  EXPECT_EQ(s.included_namespaces, Strings{"*"});
  EXPECT_EQ(s.ttl, std::chrono::hours(720));
  EXPECT_FALSE(s.snapshot_volumes.has_value());
  EXPECT_FALSE(s.include_cluster_resources.has_value());
  EXPECT_EQ(s.ToJson()["ttl"], "720h0m0s");

  BackupSpec set;
  set.included_namespaces = {"a"};
  set.ttl = std::chrono::hours(24);
  ApplyBackupDefaults(set);
  EXPECT_EQ(set.included_namespaces, Strings{"a"});
  EXPECT_EQ(set.ttl, std::chrono::hours(24));
}

TEST(DefaultsTest, RestoreAndSchedule) {
  RestoreSpec r;
  r.excluded_resources = {"secrets"};
  ApplyRestoreDefaults(r);
  EXPECT_EQ(r.included_namespaces, Strings{"*"});
  EXPECT_EQ(r.excluded_resources, (Strings{"secrets", "nodes"}));
  ApplyRestoreDefaults(r);  // idempotent
  EXPECT_EQ(r.excluded_resources, (Strings{"secrets", "nodes"}));

  ScheduleSpec s;
  ApplyScheduleDefaults(s);
  EXPECT_EQ(s.backup_template.included_namespaces, Strings{"*"});
  EXPECT_EQ(s.backup_template.ttl, std::chrono::hours(720));
}

}  // namespace
}  // namespace ark::api
