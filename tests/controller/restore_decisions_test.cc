// The restore controller's decisions, without a server: a Restore and what was observed in
// (validation, the lookup of its backup, a stopping server, the engine's outcome), what to do
// and the exact status out.
#include "controller/restore_decisions.h"

#include <gtest/gtest.h>

#include "test_time.h"
#include "util/time_format.h"

namespace ark::controller {
namespace {

using nlohmann::json;

const Clock::TimePoint kNow = At("2024-03-01T10:00:00Z");

json Restore() {
  return {{"apiVersion", "ark.heptio.com/v1"},
          {"kind", "Restore"},
          {"metadata", {{"name", "r1"}, {"namespace", "heptio-ark"}}},
          {"spec", {{"backupName", "b1"}}}};
}

json WithStatus(json object, json status) {
  object["status"] = std::move(status);
  return object;
}

json BackupIn(const char* phase) {
  json backup = {{"kind", "Backup"}, {"metadata", {{"name", "b1"}}}};
  if (phase != nullptr) backup["status"] = {{"phase", phase}};
  return backup;
}

TEST(RestoreDecisionsTest, OnlyRestoresNoServerPickedUpAreUnclaimed) {
  EXPECT_TRUE(IsUnclaimedRestore(Restore())) << "no status";
  EXPECT_TRUE(IsUnclaimedRestore(WithStatus(Restore(), {{"phase", ""}})));
  EXPECT_TRUE(IsUnclaimedRestore(WithStatus(Restore(), {{"phase", "New"}})));
  for (const char* phase :
       {"InProgress", "Completed", "PartiallyFailed", "Failed", "FailedValidation"}) {
    EXPECT_FALSE(IsUnclaimedRestore(WithStatus(Restore(), {{"phase", phase}}))) << phase;
  }
}

TEST(RestoreDecisionsTest, AFinishedBackupCrIsUsedOtherwiseObjectStorage) {
  EXPECT_EQ(WhereToReadBackup(BackupIn("Completed")), BackupSource::kCluster);
  EXPECT_EQ(WhereToReadBackup(BackupIn("PartiallyFailed")), BackupSource::kCluster);
  for (const char* phase : {"InProgress", "Failed", "FailedValidation", "New"}) {
    EXPECT_EQ(WhereToReadBackup(BackupIn(phase)), BackupSource::kObjectStorage) << phase;
  }
  EXPECT_EQ(WhereToReadBackup(BackupIn(nullptr)), BackupSource::kObjectStorage);
  EXPECT_EQ(WhereToReadBackup(NotFound("backups \"b1\" not found")), BackupSource::kObjectStorage);
  EXPECT_EQ(WhereToReadBackup(Unavailable("the API server is restarting")), BackupSource::kRetry);
}

TEST(RestoreDecisionsTest, AnInvalidRestoreFailsValidationWithItsErrorsEvenWhenStopping) {
  for (bool stopping : {false, true}) {
    RestoreStart start =
        DecideRestoreStart(Restore(), {"first", "second"}, /*backup=*/nullptr, stopping, kNow);
    EXPECT_EQ(start.action, RestoreStart::Action::kFailValidation) << stopping;
    EXPECT_EQ(start.status, json::parse(R"({"phase": "FailedValidation",
                                            "validationErrors": ["first", "second"]})"))
        << start.status.dump();
    EXPECT_TRUE(start.claim.is_null());
  }
}

TEST(RestoreDecisionsTest, ABackupFoundNowhereIsAValidationError) {
  const Result<json> lookup = NotFound("backup \"b1\" not found in bucket \"ark\"");
  RestoreStart start = DecideRestoreStart(Restore(), {}, &lookup, /*server_stopping=*/true, kNow);
  EXPECT_EQ(start.action, RestoreStart::Action::kFailValidation);
  EXPECT_EQ(
      start.status,
      json({{"phase", "FailedValidation"},
            {"validationErrors", json::array({"Backup \"b1\" not found (neither as a Backup in "
                                              "heptio-ark nor in object storage)"})}}))
      << start.status.dump();
}

TEST(RestoreDecisionsTest, AFailedLookupOfTheBackupIsRetried) {
  const Result<json> lookup = Unavailable("the API server is restarting");
  for (bool stopping : {false, true}) {
    RestoreStart start = DecideRestoreStart(Restore(), {}, &lookup, stopping, kNow);
    EXPECT_EQ(start.action, RestoreStart::Action::kRetry) << stopping;
    EXPECT_EQ(start.error.code(), Code::kUnavailable);
    EXPECT_EQ(start.error.message(), "the API server is restarting");
    EXPECT_TRUE(start.status.is_null());
  }
}

TEST(RestoreDecisionsTest, AStoppingServerLeavesAValidRestoreNew) {
  const Result<json> lookup = BackupIn("Completed");
  RestoreStart start = DecideRestoreStart(Restore(), {}, &lookup, /*server_stopping=*/true, kNow);
  EXPECT_EQ(start.action, RestoreStart::Action::kLeave);
  EXPECT_TRUE(start.status.is_null());
  EXPECT_TRUE(start.claim.is_null());
}

TEST(RestoreDecisionsTest, AValidRestoreIsClaimedInProgressReplacingItsStatus) {
  const Result<json> lookup = BackupIn("Completed");
  const json restore = WithStatus(Restore(), {{"phase", "New"}, {"warnings", 3}});
  RestoreStart start = DecideRestoreStart(restore, {}, &lookup, /*server_stopping=*/false, kNow);
  ASSERT_EQ(start.action, RestoreStart::Action::kClaim);
  json expected = restore;
  expected["status"] = {{"phase", "InProgress"}, {"startTimestamp", "2024-03-01T10:00:00Z"}};
  EXPECT_EQ(start.claim, expected) << start.claim.dump();
}

TEST(RestoreDecisionsTest, ResultsHoldTheFullWarningsAndErrors) {
  RestoreOutcome outcome;
  outcome.warnings = {{"namespaces", {{"default", {"already exists"}}}}};
  outcome.errors = {{"cluster", {"cannot create"}}};
  EXPECT_EQ(RestoreResults(outcome),
            json::parse(R"({"warnings": {"namespaces": {"default": ["already exists"]}},
                            "errors": {"cluster": ["cannot create"]}})"));
}

TEST(RestoreDecisionsTest, ACleanRunCompletesWithCountsProgressAndOrder) {
  RestoreOutcome outcome;
  outcome.items = 2;
  outcome.total_items = 5;
  outcome.resource_order = {"namespaces", "deployments.apps"};
  EXPECT_FALSE(PartiallyFailed(outcome));
  EXPECT_EQ(FinalRestoreStatus(outcome, kNow),
            json::parse(R"({"phase": "Completed", "warnings": 0, "errors": 0,
                            "progress": {"totalItems": 5, "itemsRestored": 5},
                            "resourceOrder": ["namespaces", "deployments.apps"],
                            "completionTimestamp": "2024-03-01T10:00:00Z"})"));
}

TEST(RestoreDecisionsTest, ErrorsMakeItPartiallyFailedWarningsDoNot) {
  RestoreOutcome warned;
  warned.warnings = {{"ark", {"slow"}}, {"namespaces", {{"a", {"x", "y"}}}}};
  EXPECT_FALSE(PartiallyFailed(warned));
  EXPECT_EQ(FinalRestoreStatus(warned, kNow)["phase"], "Completed");
  EXPECT_EQ(FinalRestoreStatus(warned, kNow)["warnings"], 3);

  RestoreOutcome failed;
  failed.errors = {{"cluster", {"cannot create"}}, {"namespaces", {{"a", {"denied"}}}}};
  EXPECT_TRUE(PartiallyFailed(failed));
  EXPECT_EQ(FinalRestoreStatus(failed, kNow),
            json::parse(R"({"phase": "PartiallyFailed", "warnings": 0, "errors": 2,
                            "progress": {"totalItems": 0, "itemsRestored": 0},
                            "resourceOrder": [],
                            "completionTimestamp": "2024-03-01T10:00:00Z"})"));
}

TEST(RestoreDecisionsTest, AFailedRestoreRecordsWhyAndWhen) {
  EXPECT_EQ(FailedRestoreStatus("the server was stopped before the restore finished", kNow),
            json::parse(R"({"phase": "Failed",
                            "failureReason": "the server was stopped before the restore finished",
                            "completionTimestamp": "2024-03-01T10:00:00Z"})"));
}

}  // namespace
}  // namespace ark::controller
