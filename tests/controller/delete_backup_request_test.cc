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

}  // namespace
}  // namespace ark::controller
