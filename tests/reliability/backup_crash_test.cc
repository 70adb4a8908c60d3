// The server killed (SIGKILL) at 20 points of a backup, then restarted: no Backup is left New
// or InProgress, a killed backup ends Failed with a reason (or, killed before it was claimed,
// runs to Completed), a Completed one holds every object of the cluster, and the store keeps
// nothing of a backup that did not complete.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>

#include "reliability/crash_env.h"
#include "reliability/server_stepper.h"

namespace ark::testing {
namespace {

using nlohmann::json;
using std::chrono::microseconds;
using std::chrono::milliseconds;

constexpr const char* kNs = "crash";
// ~9 MB of gzipped tarball: about 11 gzip members of 1 MiB of tar each.
constexpr int kObjects = 480;
constexpr int kPayloadBytes = 24 << 10;

// What the test sees of one backup while the server is paused.
struct BackupView {
  std::string phase;
  int64_t backed_up = -1;           // status.progress.itemsBackedUp
  int64_t total = -1;               // status.progress.totalItems
  int64_t staged = -1;              // bytes of the staged tarball, -1 when there is none
  int64_t reference = 0;            // about the bytes of a complete tarball of the cluster
  std::vector<std::string> stored;  // file names in the backup's store folder

  bool Has(const std::string& suffix) const {
    return std::any_of(stored.begin(), stored.end(),
                       [&](const std::string& f) { return f.ends_with(suffix); });
  }
  bool Uploading() const {
    return std::any_of(stored.begin(), stored.end(),
                       [](const std::string& f) { return f.starts_with(".ark-tmp-"); });
  }
  // Created and not yet claimed: the CLI leaves the phase empty, the server reads it as New.
  bool Unclaimed() const { return phase.empty() || phase == "New"; }
  bool Running() const { return phase == "InProgress" && stored.empty(); }
  bool StagedAtLeast(int percent) const { return staged * 100 >= reference * percent; }
};

enum class Scenario {
  kKillAtPoint,       // kill when `reached` holds
  kCreatedWhileDown,  // the backup is created while no server runs
  kTwoInFlight,       // two backups run at once; kill when `reached` holds for both
  kQueuedBehind,      // one backup worker: a second backup waits (New) behind the first
};

struct BackupPoint {
  std::string name;
  std::function<bool(const BackupView&)> reached;
  Scenario scenario = Scenario::kKillAtPoint;
  microseconds slice = milliseconds(3);
};

std::vector<BackupPoint> Points() {
  std::vector<BackupPoint> points = {
      {"New", [](const BackupView& v) { return v.Unclaimed(); }},
      {"ClaimedNothingStaged",
       [](const BackupView& v) { return v.phase == "InProgress" && v.staged <= 0; },
       Scenario::kKillAtPoint, microseconds(500)},
  };
  // The staged tarball grows a gzip member (1 MiB of tar, ~9% of this one) at a time, and
  // the first write brings the first three: these thresholds, 10% apart, each fall on their
  // own member.
  points.push_back({"FirstMembersStaged",
                    [](const BackupView& v) { return v.Running() && v.staged > 0; },
                    Scenario::kKillAtPoint, microseconds(500)});
  for (int p = 30; p <= 90; p += 10) {
    points.push_back({"Staged" + std::to_string(p) + "Percent",
                      [p](const BackupView& v) { return v.Running() && v.StagedAtLeast(p); },
                      Scenario::kKillAtPoint, microseconds(500)});
  }
  std::vector<BackupPoint> late = {
      // The staged tarball is complete (closed), its upload not begun.
      {"TarballClosedNotUploaded",
       [](const BackupView& v) { return v.Running() && v.StagedAtLeast(100); }},
      {"TarballUploading", [](const BackupView& v) { return v.Uploading() && !v.Has(".tar.gz"); }},
      {"TarballStoredLogNot",
       [](const BackupView& v) { return v.Has(".tar.gz") && !v.Has("-logs.gz"); }},
      {"LogStoredMetadataNotBegun",
       [](const BackupView& v) {
         return v.Has("-logs.gz") && !v.Uploading() && !v.Has("ark-backup.json");
       }},
      // The manifest goes up between the log and the metadata: stored, the commit marker not.
      {"ManifestStoredMetadataNotBegun",
       [](const BackupView& v) {
         return v.Has("-manifest.json.gz") && !v.Uploading() && !v.Has("ark-backup.json");
       }},
      // Whichever upload follows the log: the manifest's, or the metadata's.
      {"MetadataUploading",
       [](const BackupView& v) {
         return v.Has("-logs.gz") && v.Uploading() && !v.Has("ark-backup.json");
       }},
      {"MetadataStoredStatusInProgress",
       [](const BackupView& v) { return v.Has("ark-backup.json") && v.phase == "InProgress"; }},
      {"Completed", [](const BackupView& v) { return v.phase == "Completed"; }},
      {"CreatedWhileServerDown", nullptr, Scenario::kCreatedWhileDown},
      {"TwoBackupsInFlight", [](const BackupView& v) { return v.Running() && v.StagedAtLeast(20); },
       Scenario::kTwoInFlight},
      {"SecondQueuedBehindFirst",
       [](const BackupView& v) { return v.Running() && v.StagedAtLeast(50); },
       Scenario::kQueuedBehind},
  };
  points.insert(points.end(), late.begin(), late.end());
  return points;
}

class BackupCrashTest : public ::testing::TestWithParam<BackupPoint> {
 protected:
  void SetUp() override {
    CrashEnvOptions options;
    options.corpus_namespace = kNs;
    options.objects = kObjects;
    options.payload_bytes = kPayloadBytes;
    if (GetParam().scenario == Scenario::kQueuedBehind)
      options.server_args = {"--backup-workers", "1"};
    env_ = CrashEnv::Start(options);
    ASSERT_NE(env_, nullptr);
  }

  // Every corpus object has its entry in the stored tarball of backup `name`, and the status
  // counts the items the tarball holds.
  void ExpectHoldsTheCorpus(const std::string& name, const json& status) {
    auto paths = TarballPaths(env_->ark().store_path() + "/ark/" + name + "/" + name + ".tar.gz");
    ASSERT_TRUE(paths.ok()) << paths.status().ToString();
    const std::set<std::string> entries(paths->begin(), paths->end());
    int missing = 0;
    for (const auto& [object, payload] : env_->corpus()) {
      missing += entries.count("resources/configmaps/namespaces/" + std::string(kNs) + "/" +
                               object + ".json") == 0;
    }
    EXPECT_EQ(missing, 0) << "objects missing from a Completed backup";
    EXPECT_EQ(status.value("progress", json::object()).value("itemsBackedUp", int64_t{0}),
              static_cast<int64_t>(entries.size()) - 1)  // all but metadata/version
        << status.dump();
  }

  BackupView View(const std::string& name) {
    BackupView v;
    // Three quarters of the payload bytes: the entropy of 64 equally likely letters, a little
    // under what gzip makes of them (headers and JSON aside).
    v.reference = static_cast<int64_t>(kObjects) * kPayloadBytes * 3 / 4;
    json backup = env_->Get("backups", name);
    if (backup.is_object()) {
      json status = backup.value("status", json::object());
      v.phase = status.value("phase", "");
      json progress = status.value("progress", json::object());
      v.backed_up = progress.value("itemsBackedUp", int64_t{-1});
      v.total = progress.value("totalItems", int64_t{-1});
    }
    for (const std::string& path : env_->StagedFiles()) {
      const std::string file = path.substr(path.rfind('/') + 1);
      if (file.find("backup-heptio-ark-" + name + "-") != std::string::npos &&
          file.ends_with(".tar.gz")) {
        v.staged = std::max(v.staged, FileSize(path));
      }
    }
    v.stored = env_->StoreFiles(name);
    return v;
  }

  static std::string Describe(const BackupView& v) {
    std::string files;
    for (const auto& f : v.stored) files += " " + f;
    return "phase=" + v.phase + " progress=" + std::to_string(v.backed_up) + "/" +
           std::to_string(v.total) + " staged=" + std::to_string(v.staged) + "/" +
           std::to_string(v.reference) + " stored=[" + files + " ]";
  }

  // Runs the point's scenario up to the kill; returns the backups it created, with the phase
  // each had when the server was killed.
  std::map<std::string, std::string> KillAtPoint() {
    const BackupPoint& point = GetParam();
    std::map<std::string, std::string> killed;
    if (point.scenario == Scenario::kCreatedWhileDown) {
      env_->KillServer();
      Status st = env_->CreateBackup("b0", kNs);
      EXPECT_TRUE(st.ok()) << st.ToString();
      killed["b0"] = "New";
      return killed;
    }
    // A short state may be stepped over; then the backup ends and another one tries again.
    for (int attempt = 0; attempt < 5; ++attempt) {
      std::vector<std::string> names = {"b" + std::to_string(attempt)};
      // Not "b0-..." : the files of "b0" are found by that prefix.
      if (point.scenario != Scenario::kKillAtPoint) names.push_back("c" + std::to_string(attempt));
      ServerStepper stepper(env_->server().pid());
      if (!stepper.Pause()) break;
      // The server's private folders: closing the staged tarball ends a slice too.
      for (const auto& folder : env_->WorkFolders()) EXPECT_TRUE(stepper.SetWakeFolder(folder));
      for (const auto& name : names) {
        // The store folder made in advance, so that each file appearing in it ends a slice.
        std::filesystem::create_directories(env_->ark().store_path() + "/ark/" + name);
        EXPECT_TRUE(stepper.SetWakeFolder(env_->ark().store_path() + "/ark/" + name));
        Status st = env_->CreateBackup(name, kNs);
        EXPECT_TRUE(st.ok()) << st.ToString();
      }
      std::map<std::string, BackupView> views;
      auto reached = [&] {
        for (const auto& name : names) views[name] = View(name);
        const BackupView& first = views[names[0]];
        switch (point.scenario) {
          case Scenario::kTwoInFlight:
            return point.reached(first) && point.reached(views[names[1]]);
          case Scenario::kQueuedBehind:
            return point.reached(first) && views[names[1]].Unclaimed();
          default:
            return point.reached(first);
        }
      };
      bool hit = stepper.RunUntil(reached, point.slice);
      if (hit) {
        env_->KillServer();
        for (const auto& name : names) {
          killed[name] = views[name].phase;
          log_ += name + " killed at " + Describe(views[name]) + "\n";
        }
        return killed;
      }
      log_ += names[0] + " stepped over the point, ended " + Describe(View(names[0])) + "\n";
      if (!env_->WaitAllFinal()) break;
    }
    ADD_FAILURE() << "the point was never reached:\n" << log_ << env_->server().Stdout();
    return killed;
  }

  std::unique_ptr<CrashEnv> env_;
  std::string log_;
};

TEST_P(BackupCrashTest, RestartEndsEveryBackupAndLosesNothing) {
  const std::map<std::string, std::string> killed = KillAtPoint();
  ASSERT_FALSE(killed.empty());
  const std::vector<std::string> staged_by_killed = env_->StagedFiles();
  // Partial uploads are removed by the next server once they are an hour old (younger ones
  // may be another server's upload in progress): restart as if that much later.
  env_->AgePartialUploads(2);
  env_->StartServer();
  ASSERT_TRUE(env_->WaitAllFinal()) << log_ << env_->server().Stdout();

  for (const auto& [name, phase_at_kill] : killed) {
    SCOPED_TRACE(name + ", " + phase_at_kill + " when killed");
    json backup = env_->Get("backups", name);
    ASSERT_TRUE(backup.is_object());
    const json status = backup.value("status", json::object());
    const std::string phase = status.value("phase", "");
    const std::vector<std::string> stored = env_->StoreFiles(name);
    const bool has_metadata = std::count(stored.begin(), stored.end(), "ark-backup.json") == 1;
    if (phase_at_kill == "InProgress") {
      // A claimed backup whose server died is Failed, saying why, and nothing of it is listed.
      EXPECT_EQ(phase, "Failed") << status.dump();
      EXPECT_NE(status.value("failureReason", "").find("InProgress"), std::string::npos)
          << status.dump();
    } else {
      // Not claimed yet (New) or already Completed: it runs, or stays, Completed.
      EXPECT_EQ(phase, "Completed") << status.dump();
    }
    if (phase == "Completed") {
      ASSERT_TRUE(has_metadata) << ::testing::PrintToString(stored);
      ExpectHoldsTheCorpus(name, status);
    } else {
      // Nothing of a backup that did not complete stays in the store.
      EXPECT_TRUE(stored.empty()) << ::testing::PrintToString(stored);
      auto get = env_->ark().Ark({"backup", "get", name});
      EXPECT_NE(get.out.find("Failed"), std::string::npos) << get.out << get.err;
    }
  }
  EXPECT_TRUE(env_->PartialUploads().empty()) << ::testing::PrintToString(env_->PartialUploads());
  // The killed server's staged tarballs, logs and spools are gone too.
  for (const std::string& path : env_->StagedFiles()) {
    EXPECT_EQ(std::count(staged_by_killed.begin(), staged_by_killed.end(), path), 0)
        << "left behind by the killed server: " << path;
  }
  std::cerr << log_;
}

// ctest and gtest name each case by its point.
void PrintTo(const BackupPoint& point, std::ostream* os) { *os << point.name; }

INSTANTIATE_TEST_SUITE_P(KillMinus9, BackupCrashTest, ::testing::ValuesIn(Points()),
                         [](const ::testing::TestParamInfo<BackupPoint>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace ark::testing
