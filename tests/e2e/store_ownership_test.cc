// What deleting, expiring and syncing may remove from object storage and from the cluster: a
// backup's deletion removes only files it wrote (or was synced from), leftovers of interrupted
// uploads included; a store path that does not exist is an invalid Config, never an empty
// store that takes every Backup with it.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json ConfigStatus(ArkEnv& env) {
  json config = env.Get("configs.ark.heptio.com", "default", "heptio-ark");
  return config.is_object() ? config.value("status", json()) : json();
}

// Waits until the server has judged the current generation of Config "default" `phase`.
bool WaitForConfigPhase(ArkEnv& env, const std::string& phase) {
  return PollUntil([&] {
    json config = env.Get("configs.ark.heptio.com", "default", "heptio-ark");
    if (!config.is_object()) return false;
    const json status = config.value("status", json::object());
    return status.value("phase", "") == phase && status.value("observedGeneration", json()) ==
                                                     config["metadata"].value("generation", json());
  });
}

// The status of the only DeleteBackupRequest for `backup` once it is Processed; null before.
json ProcessedDeleteRequest(ArkEnv& env, const std::string& backup) {
  auto r = env.Kubectl({"get", "deletebackuprequests.ark.heptio.com", "-n", "heptio-ark", "-l",
                        "ark.heptio.com/backup-name=" + backup, "-o", "json"});
  json list = json::parse(r.out, nullptr, false);
  if (!list.is_object() || list["items"].size() != 1) return nullptr;
  json status = list["items"][0].value("status", json::object());
  return status.value("phase", "") == "Processed" ? status : json(nullptr);
}

std::vector<std::string> FilesIn(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

// The finding: sc1 Completed; its Backup deleted with kubectl (the store keeps the files); sc1
// created again before a sync brings the first back: it fails with AlreadyExists, and deleting
// that failed attempt deleted the good backup's files. Then the legitimate case: a cluster
// that synced sc1 from the store deletes it, files and partial uploads included.
TEST(StoreOwnershipTest, DeletingAFailedAttemptKeepsTheStoredBackupDeletingASyncedCopyRemovesIt) {
  TempDir dir;
  const std::string store = dir.File("store");
  // No sync after the first: sc1 must not come back between the kubectl delete and the retry.
  auto env = ArkEnv::Start({.store_path = store, .backup_sync_period = "1h"});
  ASSERT_NE(env, nullptr);
  auto first = env->Ark({"backup", "create", "sc1", "--include-namespaces", "default", "--wait"});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  const std::string folder = store + "/ark/sc1";
  const std::vector<std::string> stored = FilesIn(folder);
  ASSERT_EQ(stored, (std::vector<std::string>{"ark-backup.json", "sc1-logs.gz",
                                              "sc1-manifest.json.gz", "sc1.tar.gz"}));
  ASSERT_EQ(env->Kubectl({"delete", "backups.ark.heptio.com", "sc1", "-n", "heptio-ark"}).exit_code,
            0);

  auto again = env->Ark({"backup", "create", "sc1", "--include-namespaces", "default", "--wait"});
  ASSERT_EQ(again.exit_code, 1) << again.out << again.err;
  json failed = env->Get("backups.ark.heptio.com", "sc1", "heptio-ark");
  ASSERT_EQ(failed["status"]["phase"], "Failed") << failed.dump();
  EXPECT_EQ(failed["status"]["failureReason"],
            "AlreadyExists: backup already exists in object storage");

  auto deleted = env->Ark({"backup", "delete", "sc1", "--confirm"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  json request;
  ASSERT_TRUE(PollUntil([&] { return !(request = ProcessedDeleteRequest(*env, "sc1")).is_null(); }))
      << env->server().Stdout();
  EXPECT_EQ(request["errors"], json::array()) << request.dump();
  EXPECT_NE(request.value("message", "")
                .find("the files in object storage under \"sc1\" were "
                      "left in place: this backup ended Failed without "
                      "storing anything; the store holds another backup "
                      "of the same name"),
            std::string::npos)
      << request.dump();
  EXPECT_TRUE(PollUntil([&] { return env->Phase("backups", "sc1").empty(); }));
  EXPECT_EQ(FilesIn(folder), stored) << "the Completed backup's files are kept";
  EXPECT_NE(env->server().Stdout().find("Leaving the files in object storage of another backup"),
            std::string::npos)
      << env->server().Stdout();

  // Another cluster sharing the bucket syncs sc1 (the stored, Completed one) and deletes it:
  // its files go, and so does the partial upload a server killed mid-upload left there.
  auto other = ArkEnv::Start({.store_path = store});
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(PollUntil([&] { return other->Phase("backups", "sc1") == "Completed"; }))
      << other->server().Stdout();
  json synced = other->Get("backups.ark.heptio.com", "sc1", "heptio-ark");
  EXPECT_FALSE(
      synced["metadata"]["annotations"].value("ark.heptio.com/stored-backup-uid", "").empty())
      << synced.dump();
  WriteFile(folder + "/.ark-tmp-Xy12Zq", "the first bytes of an upload that never finished");
  auto removed = other->Ark({"backup", "delete", "sc1", "--confirm"});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  ASSERT_TRUE(PollUntil([&] { return other->Phase("backups", "sc1").empty(); }))
      << other->server().Stdout();
  EXPECT_EQ(ProcessedDeleteRequest(*other, "sc1"), json::parse(R"({"phase": "Processed",
                                                                  "errors": []})"));
  EXPECT_FALSE(fs::exists(folder)) << "left: " << ::testing::PrintToString(FilesIn(folder));
}

// A `local.path` that does not exist (a typo), is relative or is a file, and a bucket that is
// not one name, make the Config Invalid with a message naming them; the controllers do not
// run, so the cluster's Backups stay. Fixed, the server syncs again.
TEST(StoreOwnershipTest, AStorePathThatDoesNotExistIsAnInvalidConfigAndRemovesNoBackup) {
  TempDir dir;
  const std::string store = dir.File("store");
  auto env = ArkEnv::Start({.store_path = store});
  ASSERT_NE(env, nullptr);
  for (const char* name : {"b1", "b2"}) {
    auto r = env->Ark({"backup", "create", name, "--include-namespaces", "default", "--wait"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }
  ASSERT_TRUE(WaitForConfigPhase(*env, "Valid")) << ConfigStatus(*env).dump();

  struct Case {
    std::string field;  // a JSON merge patch of the Config
    std::string message;
  };
  const std::string typo = store + "-typo";
  const Case cases[] = {
      {R"({"backupStorageProvider": {"local": {"path": ")" + typo + R"("}}})",
       "backupStorageProvider: object store provider \"local\": local object store: path \"" +
           typo + "\" does not exist (create the directory)"},
      {R"({"backupStorageProvider": {"local": {"path": "relative/store"}}})",
       "backupStorageProvider: object store provider \"local\": local object store: path "
       "\"relative/store\" is "
       "relative: name the directory by its absolute path"},
      {R"({"backupStorageProvider": {"bucket": "../..", "local": {"path": ")" + store + R"("}}})",
       "Config \"heptio-ark/default\": backupStorageProvider.bucket: \"../..\" is not a bucket "
       "name (no '/', not \".\" or \"..\"; use prefix for a folder inside the bucket)"},
  };
  for (const Case& c : cases) {
    auto patched = env->Kubectl({"patch", "configs.ark.heptio.com", "default", "-n", "heptio-ark",
                                 "--type", "merge", "-p", c.field});
    ASSERT_EQ(patched.exit_code, 0) << patched.err;
    ASSERT_TRUE(WaitForConfigPhase(*env, "Invalid")) << c.field << ConfigStatus(*env).dump();
    EXPECT_EQ(ConfigStatus(*env)["message"], c.message) << c.field;
  }
  EXPECT_EQ(env->server().Stdout().find("Removed backup whose files are gone"), std::string::npos)
      << env->server().Stdout();
  EXPECT_EQ(env->Phase("backups", "b1"), "Completed");
  EXPECT_EQ(env->Phase("backups", "b2"), "Completed");

  auto fixed =
      env->Kubectl({"patch", "configs.ark.heptio.com", "default", "-n", "heptio-ark", "--type",
                    "merge", "-p", R"({"backupStorageProvider": {"bucket": "ark"}})"});
  ASSERT_EQ(fixed.exit_code, 0) << fixed.err;
  ASSERT_TRUE(WaitForConfigPhase(*env, "Valid")) << ConfigStatus(*env).dump();
}

// The bucket emptied under a running server (a wrong prefix, an unmounted volume, a wiped
// folder): the sync says why it removes nothing, and every Backup stays.
TEST(StoreOwnershipTest, AStoreThatListsNoBackupRemovesNoBackupFromTheCluster) {
  TempDir dir;
  const std::string store = dir.File("store");
  auto env = ArkEnv::Start({.store_path = store});
  ASSERT_NE(env, nullptr);
  for (const char* name : {"b1", "b2"}) {
    auto r = env->Ark({"backup", "create", name, "--include-namespaces", "default", "--wait"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }
  fs::remove_all(store + "/ark");
  EXPECT_FALSE(env->server()
                   .WaitForOutput("object storage lists no backup at all while the cluster has 2 "
                                  "finished one(s)")
                   .empty());
  EXPECT_EQ(env->Phase("backups", "b1"), "Completed");
  EXPECT_EQ(env->Phase("backups", "b2"), "Completed");
}

}  // namespace
}  // namespace ark::testing
