// DeleteBackupRequests against kubesim: each is answered once with status {phase: Processed,
// errors: [...]} merged into the status it had, errors [] when the backup is gone everywhere.
#include <gtest/gtest.h>

#include <thread>

#include "api/resources.h"
#include "cloud/local/local_object_store.h"
#include "controller/delete_backup_request_controller.h"
#include "kubesim_client.h"
#include "support/kubesim.h"

namespace ark::controller {
namespace {

using ark::testing::TempDir;
using nlohmann::json;

class DeleteBackupRequestTest : public KubesimStoreTest {
 protected:
  void SetUp() override {
    KubesimStoreTest::SetUp();
    if (HasFatalFailure()) return;
    requests_ =
        std::make_unique<Informer>(*client_, api::DeleteBackupRequestsGvr(), "heptio-ark", log_);
    requests_->Start();
    ASSERT_TRUE(requests_->WaitForSync(std::chrono::seconds(10)));
  }

  void Create(const kube::GroupVersionResource& gvr, const json& object) {
    auto created = client_->Create(gvr, "heptio-ark", object);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
  }

  // Creates the request for `backup` with `status` and waits until the informer has it.
  void CreateRequest(const std::string& name, const std::string& backup, const json& status) {
    json request = {{"apiVersion", "ark.heptio.com/v1"},
                    {"kind", "DeleteBackupRequest"},
                    {"metadata", {{"name", name}, {"namespace", "heptio-ark"}}},
                    {"spec", {{"backupName", backup}}},
                    {"status", status}};
    ASSERT_NO_FATAL_FAILURE(Create(api::DeleteBackupRequestsGvr(), request));
    const std::string key = "heptio-ark/" + name;
    for (int i = 0; i < 250 && !requests_->Get(key); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_TRUE(requests_->Get(key).has_value());
  }

  json StoredStatus(const std::string& name) {
    auto got = client_->Get(api::DeleteBackupRequestsGvr(), "heptio-ark", name);
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    return got.ok() ? (*got)["status"] : json();
  }

  MemorySink log_sink_;
  Logger log_{log_sink_, LogLevel::kDebug};
  std::unique_ptr<Informer> requests_;
};

json BackupIn(const std::string& name, const std::string& phase) {
  return {{"apiVersion", "ark.heptio.com/v1"},
          {"kind", "Backup"},
          {"metadata", {{"name", name}, {"namespace", "heptio-ark"}}},
          {"spec", json::object()},
          {"status", {{"phase", phase}}}};
}

TEST_F(DeleteBackupRequestTest, ADeletedBackupIsProcessedWithNoErrorsAndTheOtherFieldsKept) {
  ASSERT_NO_FATAL_FAILURE(Create(api::BackupsGvr(), BackupIn("done", "Completed")));
  ASSERT_NO_FATAL_FAILURE(CreateRequest("del-done", "done", {{"phase", "New"}, {"kept", 1}}));
  BackupDeleter deleter(*client_, *store_, nullptr, log_);
  DeleteBackupRequestController ctl(*client_, *requests_, *store_, deleter, log_);
  ASSERT_TRUE(ctl.Sync("heptio-ark/del-done").ok());
  EXPECT_EQ(StoredStatus("del-done"),
            json::parse(R"({"phase": "Processed", "errors": [], "kept": 1})"));
  EXPECT_EQ(client_->Get(api::BackupsGvr(), "heptio-ark", "done").status().code(), Code::kNotFound);
}

TEST_F(DeleteBackupRequestTest, WhatCannotBeDeletedIsNamedInTheErrors) {
  ASSERT_NO_FATAL_FAILURE(Create(api::BackupsGvr(), BackupIn("running", "InProgress")));
  ASSERT_NO_FATAL_FAILURE(CreateRequest("del-running", "running", json::object()));
  ASSERT_NO_FATAL_FAILURE(CreateRequest("del-gone", "gone", nullptr));
  BackupDeleter deleter(*client_, *store_, nullptr, log_);
  DeleteBackupRequestController ctl(*client_, *requests_, *store_, deleter, log_);
  ASSERT_TRUE(ctl.Sync("heptio-ark/del-running").ok());
  ASSERT_TRUE(ctl.Sync("heptio-ark/del-gone").ok());
  EXPECT_EQ(StoredStatus("del-running"), json::parse(R"({"phase": "Processed",
      "errors": ["backup \"running\" is in progress and cannot be deleted"]})"));
  EXPECT_EQ(StoredStatus("del-gone"),
            json::parse(R"({"phase": "Processed", "errors": ["backup \"gone\" not found"]})"));
}

// The store holds sc1 as the Backup with uid "u-1" wrote it; sc1 in the cluster is a later
// attempt (its Backup deleted with kubectl in between, or another cluster's) that failed
// because of it. Deleting the failed attempt must not delete the stored backup.
TEST_F(DeleteBackupRequestTest, DeletingAFailedAttemptLeavesTheStoredBackupOfTheSameName) {
  json stored = BackupIn("sc1", "Completed");
  stored["metadata"]["uid"] = "u-1";
  stored["status"]["startTimestamp"] = "2026-12-07T10:00:00Z";
  StringSource contents("tarball"), log("log");
  ASSERT_TRUE(store_->PutBackup("sc1", contents, 7, log, 3, stored).ok());
  json failed = BackupIn("sc1", "Failed");
  failed["status"]["startTimestamp"] = "2026-12-07T10:05:00Z";
  failed["status"]["failureReason"] = "AlreadyExists: backup already exists in object storage";
  ASSERT_NO_FATAL_FAILURE(Create(api::BackupsGvr(), failed));
  ASSERT_NO_FATAL_FAILURE(CreateRequest("del-failed", "sc1", json::object()));
  BackupDeleter deleter(*client_, *store_, nullptr, log_);
  DeleteBackupRequestController ctl(*client_, *requests_, *store_, deleter, log_);
  ASSERT_TRUE(ctl.Sync("heptio-ark/del-failed").ok());

  const json status = StoredStatus("del-failed");
  EXPECT_EQ(status["phase"], "Processed");
  EXPECT_EQ(status["errors"], json::array());
  EXPECT_EQ(status["message"],
            "the files in object storage under \"sc1\" were left in place: this backup ended "
            "Failed without storing anything; the store holds another backup of the same name "
            "(started 2026-12-07T10:00:00Z, this one 2026-12-07T10:05:00Z)");
  EXPECT_EQ(client_->Get(api::BackupsGvr(), "heptio-ark", "sc1").status().code(), Code::kNotFound)
      << "the failed attempt is gone from the cluster";
  auto kept = store_->GetBackup("sc1");
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_EQ((*kept)["metadata"]["uid"], "u-1");
  StringSink tarball;
  EXPECT_TRUE(store_->GetContents("sc1", tarball).ok());
  EXPECT_EQ(tarball.str(), "tarball");
  EXPECT_NE(log_sink_.Text().find("Leaving the files in object storage of another backup"),
            std::string::npos)
      << log_sink_.Text();
}

// A Backup sync created from the store (another cluster's, or after a kubectl delete) owns the
// stored files: deleting it deletes them, as in Ark and Velero.
TEST_F(DeleteBackupRequestTest, DeletingASyncedBackupDeletesItsStoredFiles) {
  json stored = BackupIn("synced", "Completed");
  stored["metadata"]["uid"] = "u-1";
  stored["status"]["startTimestamp"] = "2026-12-07T10:00:00Z";
  StringSource contents("tarball"), log("log");
  ASSERT_TRUE(store_->PutBackup("synced", contents, 7, log, 3, stored).ok());
  json copy = stored;
  copy["metadata"].erase("uid");
  copy["metadata"]["annotations"] = {{"ark.heptio.com/stored-backup-uid", "u-1"}};
  ASSERT_NO_FATAL_FAILURE(Create(api::BackupsGvr(), copy));
  ASSERT_NO_FATAL_FAILURE(CreateRequest("del-synced", "synced", json::object()));
  BackupDeleter deleter(*client_, *store_, nullptr, log_);
  DeleteBackupRequestController ctl(*client_, *requests_, *store_, deleter, log_);
  ASSERT_TRUE(ctl.Sync("heptio-ark/del-synced").ok());
  EXPECT_EQ(StoredStatus("del-synced"), json::parse(R"({"phase": "Processed", "errors": []})"));
  EXPECT_EQ(store_->GetBackup("synced").status().code(), Code::kNotFound);
  auto left = objects_->ListObjects("ark", "synced/");
  ASSERT_TRUE(left.ok());
  EXPECT_TRUE(left->empty()) << left->front();
}

}  // namespace
}  // namespace ark::controller
