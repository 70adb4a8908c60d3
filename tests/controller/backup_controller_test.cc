// The backup and restore controllers against kubesim (real API calls) and the local object
// store, with fake engines so each outcome can be forced.
#include "controller/backup_controller.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <thread>

#include "api/backup_manifest.h"
#include "api/resources.h"
#include "archive/gzip.h"
#include "archive/tarball_writer.h"
#include "cloud/local/local_object_store.h"
#include "controller/restore_controller.h"
#include "controller/sync_controller.h"
#include "kubesim_client.h"
#include "support/forwarding_client.h"
#include "support/kubesim.h"
#include "util/fake_clock.h"

namespace ark::controller {
namespace {

using ark::testing::Kubesim;
using ark::testing::TempDir;
using nlohmann::json;

// The tarball the fake backup engine writes for `backup`: a real one (the controller reads it
// back to build the manifest) of one entry, the same bytes every time.
std::string FakeTarball(const std::string& backup) {
  static const FakeClock clock;
  StringSink out;
  auto writer = archive::NewTarballWriter(
      out, {.compression_level = 6, .compression_threads = 1, .clock = &clock});
  EXPECT_TRUE(writer.ok());
  const json item = {{"apiVersion", "v1"},
                     {"kind", "ConfigMap"},
                     {"metadata", {{"name", backup}, {"namespace", "heptio-ark"}}}};
  EXPECT_TRUE(
      (*writer)
          ->Add("resources/configmaps/namespaces/heptio-ark/" + backup + ".json", item.dump())
          .ok());
  EXPECT_TRUE((*writer)->Close().ok());
  return out.Take();
}

class FakeBackupRunner : public BackupRunner {
 public:
  Status fail;
  int64_t errors = 0;
  std::vector<std::pair<int64_t, int64_t>> progress_seen;
  CancelToken* cancel_when_started = nullptr;  // cancelled as the run starts
  CancelToken* cancel_when_done = nullptr;     // cancelled once the tarball is written

  Result<BackupOutcome> Run(const json& backup, ByteSink& tarball, const Logger& log,
                            const ProgressFn& progress, const CancelToken* cancel) override {
    log.Info("Backing up");
    progress(1, 2);
    progress(2, 2);
    if (!fail.ok()) return fail;
    if (cancel_when_started != nullptr) cancel_when_started->Cancel("the server was stopped");
    if (cancel != nullptr) ARK_RETURN_IF_ERROR(cancel->Check());  // as the engine stops
    ARK_RETURN_IF_ERROR(tarball.Write(FakeTarball(api::Name(backup))));
    ARK_RETURN_IF_ERROR(tarball.Close());
    if (cancel_when_done != nullptr) cancel_when_done->Cancel("the server was stopped");
    BackupOutcome out;
    out.items = 2;
    out.errors = errors;
    return out;
  }
};

class FakeRestoreRunner : public RestoreRunner {
 public:
  std::string tarball_seen;
  CancelToken* cancel_when_started = nullptr;  // cancelled as the run starts
  Result<RestoreOutcome> Run(const json& restore, const json& backup, ByteSource& tarball,
                             const Logger& log, bool dry_run, const CancelToken* cancel,
                             const ProgressFn&) override {
    if (cancel_when_started != nullptr) {
      cancel_when_started->Cancel("the server was stopped");
      return cancel_when_started->Check();  // as the engine stops
    }
    StringSink sink;
    ARK_RETURN_IF_ERROR(Copy(tarball, sink));
    tarball_seen = sink.Take();
    log.Info("Restoring");
    RestoreOutcome out;
    out.warnings = {{"namespaces", {{"default", {"already exists"}}}}};
    out.items = 2;
    return out;
  }
};

class ControllerTest : public KubesimStoreTest {
 protected:
  // Creates the object and waits until `informer` has it.
  void CreateAndSee(const kube::GroupVersionResource& gvr, const json& object, Informer& informer) {
    ASSERT_TRUE(client_->Create(gvr, "heptio-ark", object).ok());
    for (int i = 0; i < 200 && !informer.Get(ObjectKey(object)); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_TRUE(informer.Get(ObjectKey(object)).has_value());
  }

  json Backup(const std::string& name, json spec = json::object()) {
    spec["ttl"] = "1h0m0s";
    return {{"apiVersion", "ark.heptio.com/v1"},
            {"kind", "Backup"},
            {"metadata", {{"name", name}, {"namespace", "heptio-ark"}}},
            {"spec", spec}};
  }

  json Restore(const std::string& name, const std::string& backup) {
    return {{"apiVersion", "ark.heptio.com/v1"},
            {"kind", "Restore"},
            {"metadata", {{"name", name}, {"namespace", "heptio-ark"}}},
            {"spec", {{"backupName", backup}}}};
  }

  // The gunzipped object at `key` of the bucket; "" when it is missing or not gzip.
  std::string GunzippedObject(const std::string& key) {
    StringSink gz;
    if (!objects_->GetObject("ark", key, gz).ok()) return "";
    auto text = archive::Gunzip(gz.str(), key);
    return text.ok() ? *text : "";
  }

  // A log opener whose file is /dev/full: every write to it fails as on a full disk. The
  // staged file it was given must exist, owner-only, in the controller's folder.
  static Result<std::unique_ptr<archive::GzipLogSink>> FullDiskLog(const std::string& dir,
                                                                   const std::string& staged) {
    EXPECT_EQ(std::filesystem::path(staged).parent_path().string(), dir) << staged;
    EXPECT_EQ(std::filesystem::status(staged).permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)
        << staged;
    EXPECT_TRUE(std::filesystem::exists("/dev/full")) << "the test needs /dev/full";
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<ByteSink> full, OpenFileSink("/dev/full"));
    return std::make_unique<archive::GzipLogSink>(std::move(full));
  }

  Metrics metrics_;
  MemorySink log_sink_;
  Logger log_{log_sink_, LogLevel::kDebug};
};

struct BackupCase {
  const char* name;
  json spec;
  Status runner_fails;
  int64_t item_errors;
  const char* phase;
  bool uploaded;
};

TEST_F(ControllerTest, BackupOutcomes) {
  Informer backups(*client_, api::BackupsGvr(), "heptio-ark", log_);
  backups.Start();
  ASSERT_TRUE(backups.WaitForSync(std::chrono::seconds(10)));
  const BackupCase cases[] = {
      {"ok", json::object(), Status(), 0, "Completed", true},
      {"partial", json::object(), Status(), 3, "PartiallyFailed", true},
      {"engine-fails", json::object(), Unavailable("discovery failed"), 0, "Failed", false},
      {"invalid", {{"excludedNamespaces", {"*"}}}, Status(), 0, "FailedValidation", false},
  };
  for (const auto& c : cases) {
    FakeBackupRunner runner;
    runner.fail = c.runner_fails;
    runner.errors = c.item_errors;
    BackupController ctl(
        {*client_, backups, runner, *store_, metrics_, SystemClock(), log_, false, dir_.path()});
    CreateAndSee(api::BackupsGvr(), Backup(c.name, c.spec), backups);
    ASSERT_TRUE(ctl.Sync(std::string("heptio-ark/") + c.name).ok()) << c.name;
    auto got = client_->Get(api::BackupsGvr(), "heptio-ark", c.name);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(api::Phase(*got), c.phase) << c.name << got->dump();
    EXPECT_FALSE((*got)["status"].value("expiration", "").empty()) << c.name;
    auto listed = store_->GetBackup(c.name);
    EXPECT_EQ(listed.ok(), c.uploaded) << c.name;
    if (listed.ok()) {
      EXPECT_EQ(api::Phase(*listed), c.phase);  // the metadata says what the CR says
      StringSink contents;
      ASSERT_TRUE(store_->GetContents(c.name, contents).ok());
      EXPECT_EQ(contents.str(), FakeTarball(c.name));
      // The manifest was built from the staged files and stored with them.
      StringSink manifest_gz;
      ASSERT_TRUE(store_->GetManifest(c.name, manifest_gz).ok()) << c.name;
      auto manifest_json = archive::Gunzip(manifest_gz.str(), "manifest");
      ASSERT_TRUE(manifest_json.ok());
      auto manifest = api::DecodeBackupManifest(*manifest_json, c.name);
      ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
      EXPECT_EQ(manifest->backup, c.name);
      EXPECT_EQ(manifest->contents.size, static_cast<int64_t>(contents.str().size()));
      ASSERT_EQ(manifest->entries.size(), 1u);
      EXPECT_EQ(manifest->entries[0].path,
                "resources/configmaps/namespaces/heptio-ark/" + std::string(c.name) + ".json");
      EXPECT_EQ(manifest->resources, (std::map<std::string, int64_t>{{"configmaps", 1}}));
      EXPECT_EQ((*got)["status"]["progress"]["itemsBackedUp"], 2);
      const std::string log = GunzippedObject(store_->layout().LogKey(c.name));
      EXPECT_TRUE(
          std::regex_match(log, std::regex("time=\"[-0-9T:]+Z\" level=info msg=\"Backing up\" "
                                           "backup=heptio-ark/" +
                                           std::string(c.name) + "\n")))
          << log;
    }
    if (std::string(c.phase) == "Failed") {
      EXPECT_NE((*got)["status"].value("failureReason", "").find("discovery failed"),
                std::string::npos);
    }
  }
  // A processed backup is left alone.
  FakeBackupRunner untouched;
  untouched.fail = Internal("must not run");
  BackupController ctl(
      {*client_, backups, untouched, *store_, metrics_, SystemClock(), log_, false, dir_.path()});
  for (int i = 0; i < 100 && api::Phase(*backups.Get("heptio-ark/ok")) != "Completed"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(ctl.Sync("heptio-ark/ok").ok());
  EXPECT_TRUE(untouched.progress_seen.empty());
  EXPECT_NE(metrics_.Render().find("ark_backup_partial_failure_total{schedule=\"\"} 1"),
            std::string::npos);
  backups.Stop();
}

// A Backup named like a backup already in the bucket (metadata planted there, another
// cluster's backup, one deleted with kubectl) fails and leaves the stored one as it was.
TEST_F(ControllerTest, ABackupNeverOverwritesOneInTheStore) {
  Informer backups(*client_, api::BackupsGvr(), "heptio-ark", log_);
  backups.Start();
  ASSERT_TRUE(backups.WaitForSync(std::chrono::seconds(10)));
  const std::string planted =
      R"({"apiVersion":"ark.heptio.com/v1","kind":"Backup","metadata":{"name":"taken"}})";
  StringSource body(planted);
  ASSERT_TRUE(
      objects_
          ->PutObject("ark", "taken/ark-backup.json", body, static_cast<int64_t>(planted.size()))
          .ok());
  FakeBackupRunner runner;
  runner.fail = Internal("must not run");
  BackupController ctl(
      {*client_, backups, runner, *store_, metrics_, SystemClock(), log_, false, dir_.path()});
  CreateAndSee(api::BackupsGvr(), Backup("taken"), backups);
  ASSERT_TRUE(ctl.Sync("heptio-ark/taken").ok());
  auto got = client_->Get(api::BackupsGvr(), "heptio-ark", "taken");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(api::Phase(*got), "Failed") << got->dump();
  EXPECT_NE((*got)["status"].value("failureReason", "").find("already exists in object storage"),
            std::string::npos)
      << got->dump();
  StringSink kept;
  ASSERT_TRUE(objects_->GetObject("ark", "taken/ark-backup.json", kept).ok());
  EXPECT_EQ(kept.str(), planted);
  auto tarball = objects_->ObjectExists("ark", "taken/taken.tar.gz");
  ASSERT_TRUE(tarball.ok());
  EXPECT_FALSE(*tarball);
  backups.Stop();
}

TEST_F(ControllerTest, RestoreReadsTheBackupFromStorageAndUploadsItsLog) {
  Informer backups(*client_, api::BackupsGvr(), "heptio-ark", log_);
  Informer restores(*client_, api::RestoresGvr(), "heptio-ark", log_);
  backups.Start();
  restores.Start();
  ASSERT_TRUE(backups.WaitForSync(std::chrono::seconds(10)));
  ASSERT_TRUE(restores.WaitForSync(std::chrono::seconds(10)));
  FakeBackupRunner backup_runner;
  BackupController bctl({*client_, backups, backup_runner, *store_, metrics_, SystemClock(), log_,
                         false, dir_.path()});
  CreateAndSee(api::BackupsGvr(), Backup("source"), backups);
  ASSERT_TRUE(bctl.Sync("heptio-ark/source").ok());

  FakeRestoreRunner runner;
  RestoreController rctl(
      {*client_, restores, runner, *store_, metrics_, SystemClock(), log_, false, dir_.path()});
  CreateAndSee(api::RestoresGvr(), Restore("r1", "source"), restores);
  ASSERT_TRUE(rctl.Sync("heptio-ark/r1").ok());
  auto got = client_->Get(api::RestoresGvr(), "heptio-ark", "r1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(api::Phase(*got), "Completed") << got->dump();
  EXPECT_EQ((*got)["status"]["warnings"], 1);
  EXPECT_EQ((*got)["status"]["errors"], 0);
  EXPECT_EQ(runner.tarball_seen, FakeTarball("source"));
  auto log_url = store_->SignedUrl(persistence::DownloadKind::kRestoreLog, "r1", "source",
                                   std::chrono::seconds(60));
  EXPECT_TRUE(log_url.ok()) << log_url.status().ToString();
  const std::string log = GunzippedObject(store_->layout().RestoreLogKey("source", "r1"));
  EXPECT_TRUE(std::regex_match(
      log, std::regex("time=\"[-0-9T:]+Z\" level=info msg=Restoring restore=heptio-ark/r1\n")))
      << log;

  CreateAndSee(api::RestoresGvr(), Restore("r2", "nope"), restores);
  ASSERT_TRUE(rctl.Sync("heptio-ark/r2").ok());
  got = client_->Get(api::RestoresGvr(), "heptio-ark", "r2");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(api::Phase(*got), "FailedValidation");
  EXPECT_NE((*got)["status"]["validationErrors"][0].get<std::string>().find("\"nope\" not found"),
            std::string::npos);
  backups.Stop();
  restores.Stop();
}

TEST_F(ControllerTest, ABackupWhoseLogCannotBeWrittenFailsAndIsNotUploaded) {
  Informer backups(*client_, api::BackupsGvr(), "heptio-ark", log_);
  backups.Start();
  ASSERT_TRUE(backups.WaitForSync(std::chrono::seconds(10)));
  FakeBackupRunner runner;
  BackupController::Deps deps{*client_,      backups, runner, *store_,    metrics_,
                              SystemClock(), log_,    false,  dir_.path()};
  deps.open_log = [&](const std::string& staged) { return FullDiskLog(dir_.path(), staged); };
  BackupController ctl(std::move(deps));
  CreateAndSee(api::BackupsGvr(), Backup("full"), backups);
  ASSERT_TRUE(ctl.Sync("heptio-ark/full").ok());
  auto got = client_->Get(api::BackupsGvr(), "heptio-ark", "full");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(api::Phase(*got), "Failed") << got->dump();
  const std::string reason = (*got)["status"].value("failureReason", "");
  EXPECT_NE(reason.find("writing the backup log"), std::string::npos) << reason;
  EXPECT_FALSE(store_->GetBackup("full").ok());
  backups.Stop();
}

TEST_F(ControllerTest, ARestoreWhoseLogCannotBeWrittenCompletesWithAWarning) {
  Informer backups(*client_, api::BackupsGvr(), "heptio-ark", log_);
  Informer restores(*client_, api::RestoresGvr(), "heptio-ark", log_);
  backups.Start();
  restores.Start();
  ASSERT_TRUE(backups.WaitForSync(std::chrono::seconds(10)));
  ASSERT_TRUE(restores.WaitForSync(std::chrono::seconds(10)));
  FakeBackupRunner backup_runner;
  BackupController bctl({*client_, backups, backup_runner, *store_, metrics_, SystemClock(), log_,
                         false, dir_.path()});
  CreateAndSee(api::BackupsGvr(), Backup("source"), backups);
  ASSERT_TRUE(bctl.Sync("heptio-ark/source").ok());

  FakeRestoreRunner runner;
  RestoreController::Deps deps{*client_,      restores, runner, *store_,    metrics_,
                               SystemClock(), log_,     false,  dir_.path()};
  deps.open_log = [&](const std::string& staged) { return FullDiskLog(dir_.path(), staged); };
  RestoreController rctl(std::move(deps));
  CreateAndSee(api::RestoresGvr(), Restore("r1", "source"), restores);
  ASSERT_TRUE(rctl.Sync("heptio-ark/r1").ok());
  auto got = client_->Get(api::RestoresGvr(), "heptio-ark", "r1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(api::Phase(*got), "Completed") << got->dump();
  StringSink uploaded;
  EXPECT_FALSE(
      objects_->GetObject("ark", store_->layout().RestoreLogKey("source", "r1"), uploaded).ok());
  EXPECT_NE(log_sink_.Text().find("msg=\"Cannot write the restore log\" restore=heptio-ark/r1"),
            std::string::npos)
      << log_sink_.Text();
  backups.Stop();
  restores.Stop();
}

// A stopping server cancels what runs: a backup stopped in its engine or in its upload and a
// restore stopped in its engine end Failed with the reason, nothing of the backup stays in the
// store, and what was not claimed yet stays New for the next server.
TEST_F(ControllerTest, WorkCancelledByAStoppingServerEndsFailedAndLeavesNothingStored) {
  Informer backups(*client_, api::BackupsGvr(), "heptio-ark", log_);
  Informer restores(*client_, api::RestoresGvr(), "heptio-ark", log_);
  backups.Start();
  restores.Start();
  ASSERT_TRUE(backups.WaitForSync(std::chrono::seconds(10)));
  ASSERT_TRUE(restores.WaitForSync(std::chrono::seconds(10)));
  FakeBackupRunner runner;
  BackupController plain(
      {*client_, backups, runner, *store_, metrics_, SystemClock(), log_, false, dir_.path()});
  CreateAndSee(api::BackupsGvr(), Backup("source"), backups);
  ASSERT_TRUE(plain.Sync("heptio-ark/source").ok());
  ASSERT_TRUE(store_->GetBackup("source").ok());

  auto expect_stopped = [&](const kube::GroupVersionResource& gvr, const std::string& name,
                            const std::string& what) {
    auto got = client_->Get(gvr, "heptio-ark", name);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(api::Phase(*got), "Failed") << got->dump();
    EXPECT_EQ((*got)["status"].value("failureReason", ""),
              "the server was stopped before the " + what + " finished");
    EXPECT_FALSE((*got)["status"].value("completionTimestamp", "").empty());
  };
  auto stored_keys = [&](const std::string& name) {
    auto keys = objects_->ListObjects("ark", name + "/");
    EXPECT_TRUE(keys.ok()) << keys.status().ToString();
    return keys.ok() ? *keys : std::vector<std::string>{"(cannot list)"};
  };

  {  // Stopped while the engine runs.
    CancelToken stop;
    FakeBackupRunner stopped;
    stopped.cancel_when_started = &stop;
    BackupController::Deps deps{*client_,      backups, stopped, *store_,    metrics_,
                                SystemClock(), log_,    false,   dir_.path()};
    deps.cancel = &stop;
    BackupController ctl(deps);
    CreateAndSee(api::BackupsGvr(), Backup("in-engine"), backups);
    ASSERT_TRUE(ctl.Sync("heptio-ark/in-engine").ok());
    expect_stopped(api::BackupsGvr(), "in-engine", "backup");
    EXPECT_TRUE(stored_keys("in-engine").empty());
  }
  {  // Stopped once the tarball is written: the upload stops and what it wrote is removed.
    CancelToken stop;
    FakeBackupRunner finishing;
    finishing.cancel_when_done = &stop;
    BackupController::Deps deps{*client_,      backups, finishing, *store_,    metrics_,
                                SystemClock(), log_,    false,     dir_.path()};
    deps.cancel = &stop;
    BackupController ctl(deps);
    CreateAndSee(api::BackupsGvr(), Backup("in-upload"), backups);
    ASSERT_TRUE(ctl.Sync("heptio-ark/in-upload").ok());
    expect_stopped(api::BackupsGvr(), "in-upload", "backup");
    EXPECT_TRUE(stored_keys("in-upload").empty());
    EXPECT_FALSE(store_->GetBackup("in-upload").ok());
  }
  {  // A restore stopped in its engine.
    CancelToken stop;
    FakeRestoreRunner restore_runner;
    restore_runner.cancel_when_started = &stop;
    RestoreController::Deps deps{*client_,      restores, restore_runner, *store_,    metrics_,
                                 SystemClock(), log_,     false,          dir_.path()};
    deps.cancel = &stop;
    RestoreController ctl(deps);
    CreateAndSee(api::RestoresGvr(), Restore("r-stopped", "source"), restores);
    ASSERT_TRUE(ctl.Sync("heptio-ark/r-stopped").ok());
    expect_stopped(api::RestoresGvr(), "r-stopped", "restore");
  }
  {  // Once the server is stopping, nothing new is claimed.
    CancelToken stop;
    stop.Cancel("the server was stopped", SystemClock().Now() + std::chrono::seconds(5));
    BackupController::Deps backup_deps{*client_,      backups, runner, *store_,    metrics_,
                                       SystemClock(), log_,    false,  dir_.path()};
    backup_deps.cancel = &stop;
    BackupController bctl(backup_deps);
    CreateAndSee(api::BackupsGvr(), Backup("unclaimed"), backups);
    ASSERT_TRUE(bctl.Sync("heptio-ark/unclaimed").ok());
    FakeRestoreRunner restore_runner;
    RestoreController::Deps restore_deps{*client_, restores, restore_runner,
                                         *store_,  metrics_, SystemClock(),
                                         log_,     false,    dir_.path()};
    restore_deps.cancel = &stop;
    RestoreController rctl(restore_deps);
    CreateAndSee(api::RestoresGvr(), Restore("r-unclaimed", "source"), restores);
    ASSERT_TRUE(rctl.Sync("heptio-ark/r-unclaimed").ok());
    EXPECT_EQ(api::Phase(*client_->Get(api::BackupsGvr(), "heptio-ark", "unclaimed")), "");
    EXPECT_EQ(api::Phase(*client_->Get(api::RestoresGvr(), "heptio-ark", "r-unclaimed")), "");
    EXPECT_TRUE(restore_runner.tarball_seen.empty());
  }
  backups.Stop();
  restores.Stop();
}

// What a sync imports from the store: finished backups whose metadata names its own folder;
// never planted metadata (no final phase), which the server would otherwise run and overwrite.
TEST_F(ControllerTest, SyncImportsOnlyFinishedBackupsOfTheirOwnFolder) {
  auto put = [&](const std::string& folder, const json& metadata) {
    StringSource body(metadata.dump());
    ASSERT_TRUE(objects_
                    ->PutObject("ark", folder + "/ark-backup.json", body,
                                static_cast<int64_t>(metadata.dump().size()))
                    .ok());
  };
  auto meta = [](const std::string& name, const std::string& phase) {
    json m = {{"apiVersion", "ark.heptio.com/v1"},
              {"kind", "Backup"},
              {"metadata", {{"name", name}, {"namespace", "heptio-ark"}}},
              {"spec", {{"ttl", "720h0m0s"}}}};
    if (!phase.empty()) m["status"] = {{"phase", phase}};
    return m;
  };
  put("done", meta("done", "Completed"));
  put("partial", meta("partial", "PartiallyFailed"));
  put("planted", meta("planted", ""));  // no status: would run as New
  put("queued", meta("queued", "New"));
  put("elsewhere", meta("other-name", "Completed"));  // names another folder

  SyncController sync(*client_, *store_, "heptio-ark", log_);
  sync.Run();
  auto exists = [&](const std::string& name) {
    return client_->Get(api::BackupsGvr(), "heptio-ark", name).ok();
  };
  EXPECT_TRUE(exists("done"));
  EXPECT_TRUE(exists("partial"));
  EXPECT_FALSE(exists("planted"));
  EXPECT_FALSE(exists("queued"));
  EXPECT_FALSE(exists("elsewhere"));
  EXPECT_FALSE(exists("other-name"));
  EXPECT_NE(log_sink_.Text().find("names backup \\\"other-name\\\", not \\\"elsewhere\\\""),
            std::string::npos)
      << log_sink_.Text();
}

// A finished backup whose folder is gone from the store leaves the cluster at the next sync;
// one that is still in progress stays.
TEST_F(ControllerTest, SyncRemovesFinishedBackupsWhoseFolderIsGone) {
  // The store still lists a backup: an empty listing removes nothing (sync_decisions.h).
  json kept = Backup("kept");
  kept["status"] = {{"phase", "Completed"}};
  StringSource contents("tarball"), log("log");
  ASSERT_TRUE(store_->PutBackup("kept", contents, 7, log, 3, kept).ok());
  json gone = Backup("gone");
  gone["status"] = {{"phase", "Completed"}};
  json running = Backup("running");
  running["status"] = {{"phase", "InProgress"}};
  ASSERT_TRUE(client_->Create(api::BackupsGvr(), "heptio-ark", gone).ok());
  ASSERT_TRUE(client_->Create(api::BackupsGvr(), "heptio-ark", running).ok());
  SyncController sync(*client_, *store_, "heptio-ark", log_);
  sync.Run();
  EXPECT_FALSE(client_->Get(api::BackupsGvr(), "heptio-ark", "gone").ok());
  EXPECT_TRUE(client_->Get(api::BackupsGvr(), "heptio-ark", "running").ok());
}

// A store that lists no backup at all (a wrong bucket or prefix, an unmounted volume) is not
// evidence that every backup's files are gone: the cluster keeps its Backups, with a warning.
TEST_F(ControllerTest, SyncRemovesNothingWhenTheStoreListsNoBackupAtAll) {
  for (const char* name : {"one", "two", "three"}) {
    json b = Backup(name);
    b["status"] = {{"phase", "Completed"}};
    ASSERT_TRUE(client_->Create(api::BackupsGvr(), "heptio-ark", b).ok());
  }
  SyncController sync(*client_, *store_, "heptio-ark", log_);
  sync.Run();
  for (const char* name : {"one", "two", "three"}) {
    EXPECT_TRUE(client_->Get(api::BackupsGvr(), "heptio-ark", name).ok()) << name;
  }
  EXPECT_NE(log_sink_.Text().find("object storage lists no backup at all while the cluster has "
                                  "3 finished one(s)"),
            std::string::npos)
      << log_sink_.Text();
}

// Runs `on_list` once, as the first LIST of Backups begins: a backup finishing while the
// sync lists.
class FinishesDuringList final : public ark::testing::ForwardingClient {
 public:
  FinishesDuringList(kube::DynamicClient& real, std::function<void()> on_list)
      : ForwardingClient(real), on_list_(std::move(on_list)) {}
  Status ListRaw(const kube::GroupVersionResource& gvr, std::string_view ns,
                 const kube::ListOptions& options,
                 const std::function<Status(kube::RawListPage&)>& on_page) override {
    if (gvr.resource == "backups" && on_list_) std::exchange(on_list_, nullptr)();
    return real_.ListRaw(gvr, ns, options, on_page);
  }

 private:
  std::function<void()> on_list_;
};

// A backup that finishes while a sync runs (uploaded, then marked Completed) is not taken
// for one whose files are gone: the sync lists the cluster before the store.
TEST_F(ControllerTest, SyncKeepsABackupThatFinishesWhileItLists) {
  json running = Backup("finishing");
  running["status"] = {{"phase", "InProgress"}};
  ASSERT_TRUE(client_->Create(api::BackupsGvr(), "heptio-ark", running).ok());
  FinishesDuringList client(*client_, [&] {
    json done = running;
    done["status"] = {{"phase", "Completed"}};
    StringSource contents("tarball"), log("log");
    ASSERT_TRUE(store_->PutBackup("finishing", contents, 7, log, 3, done).ok());
    auto current = client_->Get(api::BackupsGvr(), "heptio-ark", "finishing");
    ASSERT_TRUE(current.ok());
    (*current)["status"]["phase"] = "Completed";
    ASSERT_TRUE(client_->Update(api::BackupsGvr(), "heptio-ark", *current).ok());
  });
  SyncController sync(client, *store_, "heptio-ark", log_);
  sync.Run();
  auto kept = client_->Get(api::BackupsGvr(), "heptio-ark", "finishing");
  ASSERT_TRUE(kept.ok()) << "the sync removed a backup that had just finished\n"
                         << log_sink_.Text();
  EXPECT_EQ(api::Phase(*kept), "Completed");
}

}  // namespace
}  // namespace ark::controller
