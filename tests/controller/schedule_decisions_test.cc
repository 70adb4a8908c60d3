// The schedule and GC controllers' decisions, without a server: a Schedule or Backup and the
// time in, what to do out.
#include "controller/schedule_decisions.h"

#include <gtest/gtest.h>

#include "test_time.h"

namespace ark::controller {
namespace {

using nlohmann::json;

json Schedule(const std::string& cron, json status = json::object()) {
  return {
      {"apiVersion", "ark.heptio.com/v1"},
      {"kind", "Schedule"},
      {"metadata", {{"name", "nightly"}, {"namespace", "heptio-ark"}}},
      {"spec",
       {{"schedule", cron}, {"template", {{"includedNamespaces", {"app"}}, {"ttl", "24h0m0s"}}}}},
      {"status", std::move(status)}};
}

TEST(ScheduleDecisionsTest, AVerdictIsWrittenForNewSchedulesAndForInvalidOnes) {
  EXPECT_TRUE(NeedsVerdict("", {}));
  EXPECT_TRUE(NeedsVerdict("New", {}));
  EXPECT_FALSE(NeedsVerdict("Enabled", {}));
  EXPECT_TRUE(NeedsVerdict("Enabled", {"invalid schedule"}));

  EXPECT_EQ(ScheduleVerdict({}).ToJson(), json({{"phase", "Enabled"}}));
  EXPECT_EQ(ScheduleVerdict({"invalid schedule: x"}).ToJson(),
            json({{"phase", "FailedValidation"}, {"validationErrors", {"invalid schedule: x"}}}));
}

TEST(ScheduleDecisionsTest, AScheduleThatNeverRanIsDueAtOnce) {
  EXPECT_TRUE(BackupDue(Schedule("0 3 * * *"), At("2024-03-01T10:00:00Z")));
  // An unreadable lastBackup counts as never.
  EXPECT_TRUE(
      BackupDue(Schedule("0 3 * * *", {{"lastBackup", "yesterday"}}), At("2024-03-01T10:00:00Z")));
}

TEST(ScheduleDecisionsTest, NextBackupIsDueAtTheFirstCronTimeAfterTheLast) {
  const json ran = Schedule("0 3 * * *", {{"lastBackup", "2024-03-01T03:00:00Z"}});
  EXPECT_FALSE(BackupDue(ran, At("2024-03-01T10:00:00Z")));
  EXPECT_FALSE(BackupDue(ran, At("2024-03-02T02:59:59Z")));
  EXPECT_TRUE(BackupDue(ran, At("2024-03-02T03:00:00Z")));
  EXPECT_TRUE(BackupDue(ran, At("2024-03-05T00:00:00Z")));  // a missed run is made once, now
}

TEST(ScheduleDecisionsTest, ABrokenOrNeverFiringExpressionIsNeverDue) {
  EXPECT_FALSE(BackupDue(Schedule("61 * * * *"), At("2024-03-01T10:00:00Z")));
  EXPECT_FALSE(BackupDue(Schedule("0 0 30 2 *", {{"lastBackup", "2024-03-01T03:00:00Z"}}),
                         At("2030-01-01T00:00:00Z")));
}

TEST(ScheduleDecisionsTest, TheBackupIsNamedAfterTheScheduleAndTimeWithItsTemplate) {
  EXPECT_EQ(ScheduledBackup(Schedule("0 3 * * *"), At("2024-03-02T03:00:07Z")), json::parse(R"({
              "apiVersion": "ark.heptio.com/v1", "kind": "Backup",
              "metadata": {"name": "nightly-20240302030007", "namespace": "heptio-ark",
                           "labels": {"ark-schedule": "nightly"}},
              "spec": {"includedNamespaces": ["app"], "ttl": "24h0m0s"}})"));
}

TEST(ScheduleDecisionsTest, TheBackupCarriesTheSchedulesLabels) {
  json schedule = Schedule("0 3 * * *");
  // `ark schedule create --labels team=a`; a label ark-schedule of its own is overridden.
  schedule["metadata"]["labels"] = {{"team", "a"}, {"ark-schedule", "other"}};
  const json backup = ScheduledBackup(schedule, At("2024-03-02T03:00:07Z"));
  EXPECT_EQ(backup["metadata"]["labels"],
            json::parse(R"({"team": "a", "ark-schedule": "nightly"})"));
}

TEST(GcDecisionsTest, OnlyAFinishedBackupPastItsExpirationIsDeleted) {
  auto backup = [](json status) {
    return json{{"kind", "Backup"}, {"metadata", {{"name", "b"}}}, {"status", std::move(status)}};
  };
  const auto now = At("2024-03-01T10:00:00Z");
  EXPECT_TRUE(
      BackupExpired(backup({{"phase", "Completed"}, {"expiration", "2024-03-01T10:00:00Z"}}), now));
  EXPECT_TRUE(
      BackupExpired(backup({{"phase", "Failed"}, {"expiration", "2024-02-01T00:00:00Z"}}), now));
  EXPECT_FALSE(
      BackupExpired(backup({{"phase", "Completed"}, {"expiration", "2024-03-01T10:00:01Z"}}), now));
  EXPECT_FALSE(BackupExpired(
      backup({{"phase", "InProgress"}, {"expiration", "2024-02-01T00:00:00Z"}}), now));
  EXPECT_FALSE(BackupExpired(backup({{"phase", "Completed"}}), now));  // ttl 0
  EXPECT_FALSE(BackupExpired(backup({{"phase", "Completed"}, {"expiration", "soon"}}), now));
}

}  // namespace
}  // namespace ark::controller
