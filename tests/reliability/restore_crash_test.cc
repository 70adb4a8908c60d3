// The server killed (SIGKILL) at 20 points of a restore, then restarted: no Restore is left New
// or InProgress, a killed restore ends Failed with a reason (or, killed before it was claimed,
// runs to Completed), and a new Restore of the same backup brings every object back with its
// data: 0 objects lost.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "reliability/crash_env.h"
#include "reliability/server_stepper.h"

namespace ark::testing {
namespace {

using nlohmann::json;
using std::chrono::microseconds;
using std::chrono::milliseconds;

constexpr const char* kNs = "crash";
constexpr int kObjects = 240;
constexpr int kPayloadBytes = 8 << 10;

// Counts the corpus objects created in the namespace, from a watch (a LIST of megabytes at
// every step would cost more than the restore). Events reach it a little after the creates,
// so a count is a lower bound of what the cluster has.
class CreatedCounter {
 public:
  explicit CreatedCounter(kube::DynamicClient& client) {
    thread_ = std::thread([this, &client] {
      kube::WatchOptions options;
      options.label_selector = CrashEnv::kCorpusLabel;
      options.timeout_seconds = 5;
      while (!stop_) {
        (void)client.Watch({"", "v1", "configmaps"}, kNs, options, [this](kube::WatchEvent& e) {
          if (e.type == "ADDED") {
            std::lock_guard<std::mutex> lock(mu_);
            names_.insert(e.object["metadata"].value("name", ""));
          }
          return !stop_;
        });
      }
    });
  }
  ~CreatedCounter() {
    stop_ = true;
    thread_.join();
  }
  int64_t count() {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<int64_t>(names_.size());
  }

 private:
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::set<std::string> names_;  // guarded by mu_
  std::thread thread_;
};

// What the test sees of one restore while the server is paused.
struct RestoreView {
  std::string phase;
  int64_t staged = -1;  // bytes of the downloaded tarball, -1 when there is none
  int64_t stored = 0;   // bytes of the backup's tarball in the store
  bool namespace_exists = false;
  int64_t created = 0;          // corpus objects seen created (a lower bound)
  bool results_stored = false;  // the restore's log or results are in the store

  // Created and not yet claimed: the CLI leaves the phase empty, the server reads it as New.
  bool Unclaimed() const { return phase.empty() || phase == "New"; }
  bool Running() const { return phase == "InProgress" && !results_stored; }
  bool CreatedAtLeast(int percent) const { return created * 100 >= int64_t{kObjects} * percent; }
};

enum class Scenario {
  kKillAtPoint,       // kill when `reached` holds
  kCreatedWhileDown,  // the restore is created while no server runs
  kTwoInFlight,       // two restores of the backup at once; kill when `reached` holds for both
  kQueuedBehind,      // one restore worker: a second restore waits (New) behind the first
};

struct RestorePoint {
  std::string name;
  std::function<bool(const RestoreView&)> reached;
  Scenario scenario = Scenario::kKillAtPoint;
  microseconds slice = milliseconds(2);
};

void PrintTo(const RestorePoint& point, std::ostream* os) { *os << point.name; }

std::vector<RestorePoint> Points() {
  std::vector<RestorePoint> points = {
      {"New", [](const RestoreView& v) { return v.Unclaimed(); }},
      {"ClaimedNothingDownloaded",
       [](const RestoreView& v) { return v.phase == "InProgress" && v.staged <= 0; },
       Scenario::kKillAtPoint, microseconds(300)},
      {"DownloadedNothingCreated",
       [](const RestoreView& v) {
         return v.Running() && v.staged == v.stored && !v.namespace_exists;
       }},
      {"NamespaceCreatedNoObjects",
       [](const RestoreView& v) { return v.Running() && v.namespace_exists && v.created == 0; },
       Scenario::kKillAtPoint, microseconds(500)},
      {"FirstObjectsCreated",
       [](const RestoreView& v) { return v.Running() && v.created > 0 && !v.CreatedAtLeast(10); },
       Scenario::kKillAtPoint, microseconds(500)},
  };
  for (int p = 10; p <= 90; p += 10) {
    points.push_back({"Created" + std::to_string(p) + "Percent",
                      [p](const RestoreView& v) { return v.Running() && v.CreatedAtLeast(p); }});
  }
  std::vector<RestorePoint> late = {
      {"AllCreated", [](const RestoreView& v) { return v.Running() && v.CreatedAtLeast(100); }},
      {"LogOrResultsStored",
       [](const RestoreView& v) { return v.phase == "InProgress" && v.results_stored; }},
      {"Completed", [](const RestoreView& v) { return v.phase == "Completed"; }},
      {"CreatedWhileServerDown", nullptr, Scenario::kCreatedWhileDown},
      {"TwoRestoresInFlight",
       [](const RestoreView& v) { return v.Running() && v.CreatedAtLeast(20); },
       Scenario::kTwoInFlight},
      {"SecondQueuedBehindFirst",
       [](const RestoreView& v) { return v.Running() && v.CreatedAtLeast(50); },
       Scenario::kQueuedBehind},
  };
  points.insert(points.end(), late.begin(), late.end());
  return points;
}

class RestoreCrashTest : public ::testing::TestWithParam<RestorePoint> {
 protected:
  void SetUp() override {
    CrashEnvOptions options;
    options.corpus_namespace = kNs;
    options.objects = kObjects;
    options.payload_bytes = kPayloadBytes;
    if (GetParam().scenario == Scenario::kQueuedBehind) {
      options.server_args = {"--restore-workers", "1"};
    }
    env_ = CrashEnv::Start(options);
    ASSERT_NE(env_, nullptr);
    auto r = env_->ark().Ark({"backup", "create", "source", "--include-namespaces", kNs, "--wait"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    stored_bytes_ = FileSize(env_->ark().store_path() + "/ark/source/source.tar.gz");
    ASSERT_GT(stored_bytes_, 0);
    Status deleted = env_->DeleteNamespace(kNs);
    ASSERT_TRUE(deleted.ok()) << deleted.ToString();
    counter_ = std::make_unique<CreatedCounter>(env_->client());
  }

  RestoreView View(const std::string& name) {
    RestoreView v;
    v.stored = stored_bytes_;
    v.phase = env_->Phase("restores", name);
    for (const std::string& path : env_->StagedFiles()) {
      const std::string file = path.substr(path.rfind('/') + 1);
      if (file.find("restore-heptio-ark-" + name + "-") != std::string::npos &&
          file.ends_with(".tar.gz")) {
        v.staged = std::max(v.staged, FileSize(path));
      }
    }
    v.namespace_exists = env_->client().Get({"", "v1", "namespaces"}, "", kNs).ok();
    v.created = counter_->count();
    for (const std::string& file : env_->StoreFiles("source")) {
      if (file.starts_with("restore-" + name + "-")) v.results_stored = true;
    }
    return v;
  }

  static std::string Describe(const RestoreView& v) {
    return "phase=" + v.phase + " staged=" + std::to_string(v.staged) + "/" +
           std::to_string(v.stored) + " namespace=" + (v.namespace_exists ? "yes" : "no") +
           " created>=" + std::to_string(v.created) +
           " results=" + (v.results_stored ? "yes" : "no");
  }

  // Runs the point's scenario up to the kill; returns the restores it created, with the phase
  // each had when the server was killed.
  std::map<std::string, std::string> KillAtPoint() {
    const RestorePoint& point = GetParam();
    std::map<std::string, std::string> killed;
    if (point.scenario == Scenario::kCreatedWhileDown) {
      env_->KillServer();
      Status st = env_->CreateRestore("r0", "source");
      EXPECT_TRUE(st.ok()) << st.ToString();
      killed["r0"] = "New";
      return killed;
    }
    // A short state may be stepped over; then the restore ends, its objects are deleted, and
    // another one tries again.
    for (int attempt = 0; attempt < 3; ++attempt) {
      std::vector<std::string> names = {"r" + std::to_string(attempt)};
      // Not "r0-..." : the files of "r0" are found by that prefix.
      if (point.scenario != Scenario::kKillAtPoint) names.push_back("s" + std::to_string(attempt));
      ServerStepper stepper(env_->server().pid());
      if (!stepper.Pause()) break;
      for (const auto& folder : env_->WorkFolders()) EXPECT_TRUE(stepper.SetWakeFolder(folder));
      EXPECT_TRUE(stepper.SetWakeFolder(env_->ark().store_path() + "/ark/source"));
      for (const auto& name : names) {
        Status st = env_->CreateRestore(name, "source");
        EXPECT_TRUE(st.ok()) << st.ToString();
      }
      std::map<std::string, RestoreView> views;
      auto reached = [&] {
        for (const auto& name : names) views[name] = View(name);
        const RestoreView& first = views[names[0]];
        switch (point.scenario) {
          case Scenario::kTwoInFlight:
            return point.reached(first) && views[names[1]].phase == "InProgress";
          case Scenario::kQueuedBehind:
            return point.reached(first) && views[names[1]].Unclaimed();
          default:
            return point.reached(first);
        }
      };
      if (stepper.RunUntil(reached, point.slice)) {
        env_->KillServer();
        for (const auto& name : names) {
          killed[name] = views[name].phase;
          log_ += name + " killed at " + Describe(views[name]) + "\n";
        }
        return killed;
      }
      log_ += names[0] + " stepped over the point, ended " + Describe(View(names[0])) + "\n";
      if (!env_->WaitAllFinal()) break;
      Status deleted = env_->DeleteNamespace(kNs);
      EXPECT_TRUE(deleted.ok()) << deleted.ToString();
      counter_ = std::make_unique<CreatedCounter>(env_->client());
    }
    ADD_FAILURE() << "the point was never reached:\n" << log_ << env_->server().Stdout();
    return killed;
  }

  // The corpus objects in the cluster differ from the corpus: names missing, extra or with
  // other data.
  std::vector<std::string> Lost() {
    std::map<std::string, std::string> found = env_->CorpusInCluster(kNs);
    std::vector<std::string> lost;
    for (const auto& [name, payload] : env_->corpus()) {
      auto it = found.find(name);
      if (it == found.end() || it->second != payload) lost.push_back(name);
    }
    return lost;
  }

  std::unique_ptr<CrashEnv> env_;
  std::unique_ptr<CreatedCounter> counter_;
  int64_t stored_bytes_ = 0;
  std::string log_;
};

TEST_P(RestoreCrashTest, RestartEndsEveryRestoreAndARerunLosesNothing) {
  const std::map<std::string, std::string> killed = KillAtPoint();
  ASSERT_FALSE(killed.empty());
  const std::vector<std::string> staged_by_killed = env_->StagedFiles();
  env_->AgePartialUploads(2);  // as in backup_crash_test.cc: restarted an hour later
  env_->StartServer();
  ASSERT_TRUE(env_->WaitAllFinal()) << log_ << env_->server().Stdout();

  bool all_completed = true;
  for (const auto& [name, phase_at_kill] : killed) {
    SCOPED_TRACE(name + ", " + phase_at_kill + " when killed");
    json restore = env_->Get("restores", name);
    ASSERT_TRUE(restore.is_object());
    const json status = restore.value("status", json::object());
    const std::string phase = status.value("phase", "");
    if (phase_at_kill == "InProgress") {
      EXPECT_EQ(phase, "Failed") << status.dump();
      EXPECT_NE(status.value("failureReason", "").find("InProgress"), std::string::npos)
          << status.dump();
    } else {
      EXPECT_EQ(phase, "Completed") << status.dump();
    }
    all_completed = all_completed && phase == "Completed";
  }
  if (!all_completed) {
    // What the killed restore did not finish, the next one does.
    auto again =
        env_->ark().Ark({"restore", "create", "again", "--from-backup", "source", "--wait"});
    EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
    EXPECT_EQ(env_->Phase("restores", "again"), "Completed");
  }
  EXPECT_EQ(Lost(), std::vector<std::string>()) << log_;
  EXPECT_TRUE(env_->PartialUploads().empty()) << ::testing::PrintToString(env_->PartialUploads());
  for (const std::string& path : env_->StagedFiles()) {
    EXPECT_EQ(std::count(staged_by_killed.begin(), staged_by_killed.end(), path), 0)
        << "left behind by the killed server: " << path;
  }
  std::cerr << log_;
}

INSTANTIATE_TEST_SUITE_P(KillMinus9, RestoreCrashTest, ::testing::ValuesIn(Points()),
                         [](const ::testing::TestParamInfo<RestorePoint>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace ark::testing
