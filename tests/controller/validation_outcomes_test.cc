// Requests that fail validation against kubesim: they end FailedValidation with their errors,
// once, and are never processed again; the Config gets a status saying what the server made
// of it.
#include <gtest/gtest.h>

#include <thread>

#include "api/resources.h"
#include "cloud/local/local_object_store.h"
#include "controller/ark_objects.h"
#include "controller/backup_controller.h"
#include "controller/config_status.h"
#include "controller/restore_controller.h"
#include "controller/schedule_controller.h"
#include "kubesim_client.h"
#include "support/kubesim.h"
#include "util/json_access.h"

namespace ark::controller {
namespace {

using ark::testing::TempDir;
using nlohmann::json;

// Engines that fail the test if they are ever asked to run: nothing invalid may reach them.
class MustNotRunBackup : public BackupRunner {
 public:
  Result<BackupOutcome> Run(const json& backup, ByteSink&, const Logger&, const ProgressFn&,
                            const CancelToken*) override {
    ADD_FAILURE() << "backup engine ran for " << api::Name(backup);
    return Internal("must not run");
  }
};

class MustNotRunRestore : public RestoreRunner {
 public:
  Result<RestoreOutcome> Run(const json& restore, const json&, ByteSource&, const Logger&, bool,
                             const CancelToken*, const ProgressFn&) override {
    ADD_FAILURE() << "restore engine ran for " << api::Name(restore);
    return Internal("must not run");
  }
};

int CountLines(const MemorySink& sink, const std::string& text) {
  int n = 0;
  for (const auto& line : sink.Lines()) n += line.find(text) != std::string::npos;
  return n;
}

class ValidationOutcomesTest : public KubesimStoreTest {
 protected:
  // Creates the object as written (kubesim keeps any JSON the CRD's schema allows) and waits
  // until `informer` has it.
  void CreateAndSee(const kube::GroupVersionResource& gvr, const json& object, Informer& informer) {
    auto created = client_->Create(gvr, "heptio-ark", object);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    for (int i = 0; i < 250 && !informer.Get(ObjectKey(object)); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_TRUE(informer.Get(ObjectKey(object)).has_value());
  }

  // Waits until the informer's copy has `phase` (the controller's own write came back).
  void WaitForPhase(Informer& informer, const std::string& key, const std::string& phase) {
    for (int i = 0; i < 250 && api::Phase(informer.Get(key).value_or(json())) != phase; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_EQ(api::Phase(informer.Get(key).value_or(json())), phase);
  }

  static json Object(const char* kind, const std::string& name, json spec) {
    return {{"apiVersion", "ark.heptio.com/v1"},
            {"kind", kind},
            {"metadata", {{"name", name}, {"namespace", "heptio-ark"}}},
            {"spec", std::move(spec)}};
  }

  json Stored(const kube::GroupVersionResource& gvr, const std::string& name) {
    auto got = client_->Get(gvr, "heptio-ark", name);
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    return got.ok() ? *got : json();
  }

  Metrics metrics_;
  MemorySink log_sink_;
  Logger log_{log_sink_, LogLevel::kDebug};
};

TEST_F(ValidationOutcomesTest, InvalidAndUndecodableBackupsFailValidationOnceAndStayThere) {
  Informer backups(*client_, api::BackupsGvr(), "heptio-ark", log_);
  backups.Start();
  ASSERT_TRUE(backups.WaitForSync(std::chrono::seconds(10)));
  MustNotRunBackup runner;
  BackupController ctl(
      {*client_, backups, runner, *store_, metrics_, SystemClock(), log_, false, dir_.path()});
  struct Case {
    const char* name;
    json spec;
    std::vector<std::string> errors;
  };
  json many = json::array();
  for (int i = 0; i < 1500; ++i) many.push_back("ns-" + std::to_string(i));
  const Case cases[] = {
      // Wrong types: the object cannot even be decoded into a Backup.
      {"wrong-types",
       {{"ttl", 5}, {"includedNamespaces", "default"}},
       {"spec.includedNamespaces: expected a list of strings, got string \"default\""}},
      {"negative-ttl",
       {{"ttl", "-5h"}},
       {"spec.ttl: \"-5h0m0s\" is negative: use a positive duration such as \"720h0m0s\", or "
        "leave it unset (or 0) for the default of 720h0m0s"}},
      {"too-many-namespaces",
       {{"includedNamespaces", many}},
       {"spec.includedNamespaces: 1500 entries: at most 1000 are allowed"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string key = std::string("heptio-ark/") + c.name;
    CreateAndSee(api::BackupsGvr(), Object("Backup", c.name, c.spec), backups);
    // An error would make the work queue retry: validation failures are not errors.
    ASSERT_TRUE(ctl.Sync(key).ok());
    const json stored = Stored(api::BackupsGvr(), c.name);
    EXPECT_EQ(api::Phase(stored), "FailedValidation") << stored.dump();
    EXPECT_EQ(stored["status"]["validationErrors"], json(c.errors));
    ASSERT_NO_FATAL_FAILURE(WaitForPhase(backups, key, "FailedValidation"));

    // The update event and every resync after it come back to Sync: nothing is written again.
    ASSERT_TRUE(ctl.Sync(key).ok());
    ASSERT_TRUE(ctl.Sync(key).ok());
    EXPECT_EQ(Stored(api::BackupsGvr(), c.name)["metadata"]["resourceVersion"],
              stored["metadata"]["resourceVersion"]);
  }
  EXPECT_EQ(CountLines(log_sink_, "Backup failed validation"), 3) << log_sink_.Text();
  backups.Stop();
}

TEST_F(ValidationOutcomesTest, InvalidRestoresFailValidationOnce) {
  Informer restores(*client_, api::RestoresGvr(), "heptio-ark", log_);
  restores.Start();
  ASSERT_TRUE(restores.WaitForSync(std::chrono::seconds(10)));
  MustNotRunRestore runner;
  RestoreController ctl(
      {*client_, restores, runner, *store_, metrics_, SystemClock(), log_, false, dir_.path()});
  CreateAndSee(api::RestoresGvr(),
               Object("Restore", "r1",
                      {{"backupName", "b1"},
                       {"restorePVs", "true"},
                       {"namespaceMapping", {{"a", "Not_Valid"}}}}),
               restores);
  ASSERT_TRUE(ctl.Sync("heptio-ark/r1").ok());
  const json stored = Stored(api::RestoresGvr(), "r1");
  EXPECT_EQ(api::Phase(stored), "FailedValidation");
  EXPECT_EQ(stored["status"]["validationErrors"],
            json({"spec.restorePVs: expected true, false or null, got string \"true\""}));
  ASSERT_NO_FATAL_FAILURE(WaitForPhase(restores, "heptio-ark/r1", "FailedValidation"));
  ASSERT_TRUE(ctl.Sync("heptio-ark/r1").ok());
  EXPECT_EQ(Stored(api::RestoresGvr(), "r1")["metadata"]["resourceVersion"],
            stored["metadata"]["resourceVersion"]);
  EXPECT_EQ(CountLines(log_sink_, "Restore failed validation"), 1) << log_sink_.Text();
  restores.Stop();
}

TEST_F(ValidationOutcomesTest, SchedulesEveryZeroAndEditedIntoInvalidStopForGood) {
  Informer schedules(*client_, api::SchedulesGvr(), "heptio-ark", log_);
  schedules.Start();
  ASSERT_TRUE(schedules.WaitForSync(std::chrono::seconds(10)));
  ScheduleController ctl(*client_, schedules, SystemClock(), log_);

  CreateAndSee(api::SchedulesGvr(), Object("Schedule", "zero", {{"schedule", "@every 0s"}}),
               schedules);
  ASSERT_TRUE(ctl.Sync("heptio-ark/zero").ok());
  json stored = Stored(api::SchedulesGvr(), "zero");
  EXPECT_EQ(api::Phase(stored), "FailedValidation");
  EXPECT_EQ(stored["status"]["validationErrors"],
            json({"invalid schedule: cron expression \"@every 0s\": the interval must be "
                  "positive, e.g. @every 1h"}));
  auto backups = client_->Get(api::BackupsGvr(), "heptio-ark", "zero");
  EXPECT_EQ(backups.status().code(), Code::kNotFound);

  // Valid at first: Enabled, and its first backup is created at once.
  CreateAndSee(api::SchedulesGvr(), Object("Schedule", "edited", {{"schedule", "@every 1h"}}),
               schedules);
  ASSERT_TRUE(ctl.Sync("heptio-ark/edited").ok());
  EXPECT_EQ(api::Phase(Stored(api::SchedulesGvr(), "edited")), "Enabled");
  // Then its template is edited into one whose every backup would fail.
  auto edited = UpdateWithRetry(*client_, api::SchedulesGvr(), "heptio-ark", "edited", [](json& s) {
    s["spec"]["template"] = {{"ttl", "-1h"}};
  });
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  for (int i = 0;
       i < 250 && Obj(Obj(*schedules.Get("heptio-ark/edited"), "spec"), "template").empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(ctl.Sync("heptio-ark/edited").ok());
  stored = Stored(api::SchedulesGvr(), "edited");
  EXPECT_EQ(api::Phase(stored), "FailedValidation");
  EXPECT_EQ(stored["status"]["validationErrors"].size(), 1u) << stored.dump();
  EXPECT_EQ(CountLines(log_sink_, "Schedule failed validation"), 2) << log_sink_.Text();
  schedules.Stop();
}

TEST_F(ValidationOutcomesTest, ConfigStatusSaysValidOrInvalidForTheGenerationJudged) {
  json config = {{"apiVersion", "ark.heptio.com/v1"},
                 {"kind", "Config"},
                 {"metadata", {{"name", "default"}, {"namespace", "heptio-ark"}}},
                 {"backupStorageProvider", {{"bucket", "b"}, {"local", {{"path", dir_.path()}}}}},
                 {"restoreOnlyMode", "true"}};
  auto created = client_->Create(api::ConfigsGvr(), "heptio-ark", config);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const Status verdict =
      InvalidArgument("restoreOnlyMode: expected true or false, got string \"true\"");
  ASSERT_TRUE(WriteConfigStatus(*client_, *created, verdict).ok());
  json stored = Stored(api::ConfigsGvr(), "default");
  EXPECT_EQ(stored["status"],
            json({{"phase", "Invalid"},
                  {"message", "restoreOnlyMode: expected true or false, got string \"true\""},
                  {"observedGeneration", 1}}));
  // Through the status subresource: the settings' generation is unchanged.
  EXPECT_EQ(stored["metadata"]["generation"], 1);
  // Judging the same version again writes nothing.
  ASSERT_TRUE(WriteConfigStatus(*client_, stored, verdict).ok());
  EXPECT_EQ(Stored(api::ConfigsGvr(), "default")["metadata"]["resourceVersion"],
            stored["metadata"]["resourceVersion"]);

  // Fixed: a new generation, judged Valid.
  auto fixed = UpdateWithRetry(*client_, api::ConfigsGvr(), "heptio-ark", "default",
                               [](json& c) { c["restoreOnlyMode"] = true; });
  ASSERT_TRUE(fixed.ok()) << fixed.status().ToString();
  EXPECT_EQ((*fixed)["metadata"]["generation"], 2);
  EXPECT_EQ((*fixed)["status"]["phase"], "Invalid");  // an update of the settings keeps it
  ASSERT_TRUE(WriteConfigStatus(*client_, *fixed, Status::Ok()).ok());
  EXPECT_EQ(Stored(api::ConfigsGvr(), "default")["status"],
            json({{"phase", "Valid"}, {"message", ""}, {"observedGeneration", 2}}));
}

}  // namespace
}  // namespace ark::controller
