// Whose files the store holds under a backup's name (controller/stored_backup_files.h): a
// deletion or an expiry removes them only when they are the deleted backup's own.
#include "controller/stored_backup_files.h"

#include <gtest/gtest.h>

#include <optional>

namespace ark::controller {
namespace {

using nlohmann::json;

// A Backup named sc1 with `uid` (none when empty), `phase` and `start`
// (status.startTimestamp, none when empty).
json Backup(const std::string& uid, const std::string& phase, const std::string& start) {
  json b = {{"apiVersion", "ark.heptio.com/v1"},
            {"kind", "Backup"},
            {"metadata", {{"name", "sc1"}, {"namespace", "heptio-ark"}}},
            {"spec", json::object()},
            {"status", {{"phase", phase}}}};
  if (!uid.empty()) b["metadata"]["uid"] = uid;
  if (!start.empty()) b["status"]["startTimestamp"] = start;
  return b;
}

json SyncedFrom(json backup, const std::string& stored_uid) {
  backup["metadata"]["annotations"] = {{"ark.heptio.com/stored-backup-uid", stored_uid}};
  return backup;
}

constexpr char kT1[] = "2026-12-07T10:00:00Z";
constexpr char kT2[] = "2026-12-07T10:05:00Z";

struct Case {
  const char* what;
  json backup;
  std::optional<json> stored;
  StoredFilesOwner owner;
};

TEST(StoredBackupFilesTest, ABackupOwnsOnlyTheFilesItWroteOrWasSyncedFrom) {
  const json stored = Backup("u-1", "Completed", kT1);
  const json legacy = Backup("", "Completed", kT1);     // ark before it kept the uid
  const json ark_v05 = Backup("u-1", "Completed", "");  // Ark v0.5: no startTimestamp
  const Case cases[] = {
      {"nothing stored: leftovers of an interrupted upload", Backup("u-2", "Failed", kT2),
       std::nullopt, StoredFilesOwner::kNoBackup},
      {"the stored metadata itself (GC's pass over the store)", stored, stored,
       StoredFilesOwner::kThisBackup},
      {"the Backup that wrote it", Backup("u-1", "Completed", kT1), stored,
       StoredFilesOwner::kThisBackup},
      {"the Backup that wrote it, failed as an orphan after its metadata was stored",
       Backup("u-1", "Failed", kT1), stored, StoredFilesOwner::kThisBackup},
      {"a copy sync made of it (another cluster, or after a kubectl delete)",
       SyncedFrom(Backup("u-9", "Completed", kT1), "u-1"), stored, StoredFilesOwner::kThisBackup},
      {"a copy sync made before it recorded the uid", Backup("u-9", "Completed", kT1), stored,
       StoredFilesOwner::kThisBackup},
      {"a copy of metadata with no uid (ark before it kept the uid)",
       Backup("u-9", "Completed", kT1), legacy, StoredFilesOwner::kThisBackup},
      {"a copy of Ark v0.5 metadata (no startTimestamp)", Backup("u-9", "Completed", ""), ark_v05,
       StoredFilesOwner::kThisBackup},
      {"the later attempt that failed: backup already exists in object storage",
       Backup("u-2", "Failed", kT2), stored, StoredFilesOwner::kOtherBackup},
      {"the failed attempt, started in the same second as the stored one",
       Backup("u-2", "Failed", kT1), stored, StoredFilesOwner::kOtherBackup},
      {"the failed attempt against metadata without a uid", Backup("u-2", "Failed", kT2), legacy,
       StoredFilesOwner::kOtherBackup},
      {"a backup that failed validation", Backup("u-2", "FailedValidation", ""), ark_v05,
       StoredFilesOwner::kOtherBackup},
      {"a backup never run", Backup("u-2", "New", ""), ark_v05, StoredFilesOwner::kOtherBackup},
      {"a copy synced from a backup the store no longer holds",
       SyncedFrom(Backup("u-9", "Completed", kT1), "u-0"), stored, StoredFilesOwner::kOtherBackup},
      {"another Completed backup of the same name (written elsewhere since)",
       Backup("u-2", "Completed", kT2), stored, StoredFilesOwner::kOtherBackup},
      {"a backup run here against Ark v0.5 metadata of the same name",
       Backup("u-2", "Completed", kT2), ark_v05, StoredFilesOwner::kOtherBackup},
  };
  for (const Case& c : cases) {
    const StoredFilesVerdict verdict =
        JudgeStoredFiles(c.backup, c.stored.has_value() ? &*c.stored : nullptr);
    EXPECT_EQ(verdict.owner, c.owner) << c.what << ": " << verdict.reason;
    EXPECT_EQ(verdict.reason.empty(), c.owner != StoredFilesOwner::kOtherBackup)
        << c.what << ": a verdict against the backup says why";
  }
}

TEST(StoredBackupFilesTest, TheReasonNamesBothStarts) {
  const json stored = Backup("u-1", "Completed", kT1);
  const StoredFilesVerdict verdict = JudgeStoredFiles(Backup("u-2", "Completed", kT2), &stored);
  EXPECT_EQ(verdict.reason,
            "the store holds another backup of the same name (started 2026-12-07T10:00:00Z, "
            "this one 2026-12-07T10:05:00Z)");
}

}  // namespace
}  // namespace ark::controller
