#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "controller/work_queue.h"
#include "util/log.h"
#include "util/status.h"

namespace ark::controller {

// The skeleton every ark controller shares (Ark v0.9's generic_controller): a work queue of
// object keys drained by `workers` threads calling `sync`, and an optional `resync` called
// every `resync_period` (to enqueue periodic work: schedules, GC, sync).
//
// A sync error re-queues the key with exponential backoff; OK forgets its failures. Stop()
// drains: no new keys are taken, the items being processed finish, then Stop returns. A
// server stopping under a deadline splits it: StopTaking(), WaitIdle(deadline), and, for what
// is still running, cancels it by other means (a CancelToken its sync watches) before Stop().
class GenericController {
 public:
  using SyncFn = std::function<Status(const std::string& key)>;
  using ResyncFn = std::function<void()>;

  struct Options {
    std::string name;  // "backup", "restore", ... (log field `controller`)
    int workers = 1;
    std::chrono::milliseconds resync_period{0};  // 0 = no resync
    ResyncFn resync;
  };

  GenericController(Options options, SyncFn sync, Logger log);
  ~GenericController();  // Stop()s

  void Enqueue(const std::string& key) { queue_.Add(key); }
  void Start();
  // No key is taken and no resync started from now on; returns at once.
  void StopTaking();
  // True once every worker and the resync loop have returned (after StopTaking), false
  // when `deadline` passes first.
  bool WaitIdle(std::chrono::steady_clock::time_point deadline);
  // The keys being synced right now, sorted.
  std::vector<std::string> Processing() const { return queue_.Processing(); }
  // StopTaking, then waits for the running syncs and joins the threads.
  void Stop();
  const std::string& name() const { return options_.name; }

 private:
  void Work();
  void ResyncLoop();
  void Exited();

  Options options_;
  SyncFn sync_;
  Logger log_;
  WorkQueue queue_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable cv_;  // stopped_ was set, or a thread exited
  bool stopped_ = false;        // guarded by mu_
  bool joined_ = false;         // guarded by mu_
  int running_threads_ = 0;     // guarded by mu_
};

}  // namespace ark::controller
