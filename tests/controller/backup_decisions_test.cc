// The backup controller's decisions, without a server: a Backup and what was observed in, what
// to do and the exact status out.
#include "controller/backup_decisions.h"

#include <gtest/gtest.h>

#include "test_time.h"
#include "util/time_format.h"

namespace ark::controller {
namespace {

using nlohmann::json;

const Clock::TimePoint kNow = At("2024-03-01T10:00:00Z");

json Backup(json spec = json::object()) {
  return {{"apiVersion", "ark.heptio.com/v1"},
          {"kind", "Backup"},
          {"metadata", {{"name", "b1"}, {"namespace", "heptio-ark"}, {"resourceVersion", "7"}}},
          {"spec", std::move(spec)}};
}

json WithStatus(json object, json status) {
  object["status"] = std::move(status);
  return object;
}

TEST(BackupDecisionsTest, OnlyBackupsNoServerPickedUpAreUnclaimed) {
  EXPECT_TRUE(IsUnclaimedBackup(Backup())) << "no status";
  EXPECT_TRUE(IsUnclaimedBackup(WithStatus(Backup(), {{"phase", ""}})));
  EXPECT_TRUE(IsUnclaimedBackup(WithStatus(Backup(), {{"phase", "New"}})));
  for (const char* phase : {"InProgress", "Completed", "PartiallyFailed", "Failed",
                            "FailedValidation", "WaitingForPluginOperations"}) {
    EXPECT_FALSE(IsUnclaimedBackup(WithStatus(Backup(), {{"phase", phase}}))) << phase;
  }
}

TEST(BackupDecisionsTest, ScheduleIsTheArkScheduleLabel) {
  json backup = Backup();
  EXPECT_EQ(ScheduleOf(backup), "");
  backup["metadata"]["labels"] = {{"ark-schedule", "daily"}};
  EXPECT_EQ(ScheduleOf(backup), "daily");
  backup["metadata"]["labels"] = {{"ark-schedule", 5}};
  EXPECT_EQ(ScheduleOf(backup), "") << "a label that is not a string is no schedule";
}

TEST(BackupDecisionsTest, VerificationOnlyWhenSpecVerifyIsTrue) {
  EXPECT_FALSE(WantsVerification(Backup()));
  EXPECT_TRUE(WantsVerification(Backup({{"verify", true}})));
  EXPECT_FALSE(WantsVerification(Backup({{"verify", false}})));
  EXPECT_FALSE(WantsVerification(Backup({{"verify", "true"}}))) << "a string is not a boolean";
}

TEST(BackupDecisionsTest, ExpirationIsTheTtlOrTheDefault) {
  struct Case {
    json ttl;
    const char* expires;
  };
  const Case cases[] = {
      {"1h0m0s", "2024-03-01T11:00:00Z"}, {"90m", "2024-03-01T11:30:00Z"},
      {nullptr, "2024-03-31T10:00:00Z"},  // unset: the default, 720h
      {"0s", "2024-03-31T10:00:00Z"},     // zero means the default too
      {"-5h", "2024-03-31T10:00:00Z"},    // invalid (fails validation) still expires
      {"1d", "2024-03-31T10:00:00Z"},     // does not parse
      {json(5), "2024-03-31T10:00:00Z"},  // not a string
  };
  for (const Case& c : cases) {
    json spec = json::object();
    if (!c.ttl.is_null()) spec["ttl"] = c.ttl;
    EXPECT_EQ(FormatRfc3339(BackupExpiration(Backup(spec), kNow)), c.expires) << c.ttl.dump();
  }
}

TEST(BackupDecisionsTest, AnInvalidBackupFailsValidationWithItsErrorsEvenWhenStopping) {
  for (bool stopping : {false, true}) {
    BackupStart start =
        DecideBackupStart(Backup({{"ttl", "2h"}}), {"first", "second"}, stopping, kNow);
    EXPECT_EQ(start.action, BackupStart::Action::kFailValidation) << stopping;
    EXPECT_EQ(start.status, json::parse(R"({"version": 1, "expiration": "2024-03-01T12:00:00Z",
                                            "phase": "FailedValidation",
                                            "validationErrors": ["first", "second"]})"))
        << start.status.dump();
    EXPECT_TRUE(start.claim.is_null());
  }
}

TEST(BackupDecisionsTest, AStoppingServerLeavesAValidBackupNew) {
  BackupStart start = DecideBackupStart(Backup(), {}, /*server_stopping=*/true, kNow);
  EXPECT_EQ(start.action, BackupStart::Action::kLeave);
  EXPECT_TRUE(start.status.is_null());
  EXPECT_TRUE(start.claim.is_null());
}

TEST(BackupDecisionsTest, AValidBackupIsClaimedInProgressWithItsExpiration) {
  const json backup = WithStatus(Backup({{"ttl", "1h"}}), {{"phase", "New"}, {"other", "kept"}});
  BackupStart start = DecideBackupStart(backup, {}, /*server_stopping=*/false, kNow);
  ASSERT_EQ(start.action, BackupStart::Action::kClaim);
  json expected = backup;
  expected["status"] = json::parse(R"({"phase": "InProgress", "other": "kept", "version": 1,
                                       "expiration": "2024-03-01T11:00:00Z",
                                       "startTimestamp": "2024-03-01T10:00:00Z"})");
  EXPECT_EQ(start.claim, expected) << start.claim.dump();
  EXPECT_TRUE(start.status.is_null());
}

TEST(BackupDecisionsTest, TheClaimReplacesAStatusThatIsNotAnObject) {
  BackupStart start = DecideBackupStart(WithStatus(Backup(), "garbage"), {}, false, kNow);
  ASSERT_EQ(start.action, BackupStart::Action::kClaim);
  EXPECT_EQ(start.claim["status"], json::parse(R"({"phase": "InProgress", "version": 1,
                                                   "expiration": "2024-03-31T10:00:00Z",
                                                   "startTimestamp": "2024-03-01T10:00:00Z"})"));
}

TEST(BackupDecisionsTest, ACleanRunCompletesWithEveryCountWrittenEvenZero) {
  BackupOutcome outcome;
  outcome.items = 12;
  EXPECT_FALSE(PartiallyFailed(outcome));
  EXPECT_EQ(FinalBackupStatus(outcome, "", kNow),
            json::parse(R"({"phase": "Completed", "volumeBackups": {}, "warnings": 0,
                            "errors": 0,
                            "progress": {"totalItems": 12, "itemsBackedUp": 12},
                            "completionTimestamp": "2024-03-01T10:00:00Z"})"));
}

TEST(BackupDecisionsTest, ItemErrorsMakeItPartiallyFailedAndSnapshotsAreRecorded) {
  BackupOutcome outcome;
  outcome.items = 3;
  outcome.warnings = 2;
  outcome.errors = 1;
  outcome.volume_backups = {{"pv-1", {{"snapshotID", "snap-1"}, {"type", "gp2"}}}};
  EXPECT_TRUE(PartiallyFailed(outcome));
  EXPECT_EQ(FinalBackupStatus(outcome, "", kNow), json::parse(R"({"phase": "PartiallyFailed",
                            "volumeBackups": {"pv-1": {"snapshotID": "snap-1", "type": "gp2"}},
                            "warnings": 2, "errors": 1,
                            "progress": {"totalItems": 3, "itemsBackedUp": 3},
                            "completionTimestamp": "2024-03-01T10:00:00Z"})"));
}

TEST(BackupDecisionsTest, SnapshotsAreRecordedWithEveryFieldTheEngineGave) {
  BackupOutcome outcome;
  outcome.volume_backups = json::parse(R"({"pv-1": {"snapshotID": "snap-1", "type": "io1",
                                                     "availabilityZone": "us-east-1a",
                                                     "iops": 100, "encrypted": true}})");
  EXPECT_EQ(FinalBackupStatus(outcome, "", kNow)["volumeBackups"], outcome.volume_backups);
}

TEST(BackupDecisionsTest, SnapshotsTheResourceModelCannotReadAreStillRecordedAsTheyCame) {
  BackupOutcome outcome;
  outcome.volume_backups = json::parse(R"({"pv-1": {"snapshotID": 7}})");
  EXPECT_EQ(FinalBackupStatus(outcome, "", kNow)["volumeBackups"], outcome.volume_backups);
}

TEST(BackupDecisionsTest, ASealingStoreStampsTheEncryption) {
  const json status = FinalBackupStatus(BackupOutcome{}, "key-2024", kNow);
  EXPECT_EQ(status["encryption"], json::parse(R"({"algorithm": "AES-256-GCM",
                                                  "keyID": "key-2024"})"));
  EXPECT_FALSE(FinalBackupStatus(BackupOutcome{}, "", kNow).contains("encryption"));
}

TEST(BackupDecisionsTest, AFailedBackupRecordsWhyAndWhen) {
  EXPECT_EQ(FailedBackupStatus("Unavailable: the bucket is gone", kNow),
            json::parse(R"({"phase": "Failed", "failureReason": "Unavailable: the bucket is gone",
                            "completionTimestamp": "2024-03-01T10:00:00Z"})"));
}

TEST(BackupDecisionsTest, StoredMetadataIsTheClaimedBackupWithItsUidWithoutThisClustersFields) {
  json claimed = WithStatus(Backup({{"ttl", "1h"}}), {{"phase", "InProgress"}, {"version", 1}});
  claimed["metadata"]["uid"] = "0f3c";
  claimed["metadata"]["managedFields"] = json::array({{{"manager", "ark"}}});
  claimed["metadata"]["labels"] = {{"app", "nginx"}};
  const json metadata = StoredBackupMetadata(claimed, {{"phase", "Completed"}, {"errors", 0}});
  EXPECT_EQ(metadata, json::parse(R"({"apiVersion": "ark.heptio.com/v1", "kind": "Backup",
                                      "metadata": {"name": "b1", "namespace": "heptio-ark",
                                                   "uid": "0f3c", "labels": {"app": "nginx"}},
                                      "spec": {"ttl": "1h"},
                                      "status": {"phase": "Completed", "version": 1,
                                                 "errors": 0}})"))
      << metadata.dump();
}

TEST(BackupDecisionsTest, StoredMetadataFillsInKindAndApiVersionOnlyWhenMissing) {
  json claimed = Backup();
  claimed.erase("kind");
  claimed.erase("apiVersion");
  json metadata = StoredBackupMetadata(claimed, json::object());
  EXPECT_EQ(metadata["kind"], "Backup");
  EXPECT_EQ(metadata["apiVersion"], "ark.heptio.com/v1");

  claimed["apiVersion"] = "velero.io/v1";
  metadata = StoredBackupMetadata(claimed, json::object());
  EXPECT_EQ(metadata["apiVersion"], "velero.io/v1") << "a Velero backup stays one";
}

}  // namespace
}  // namespace ark::controller
