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
// drains: no new keys are taken, the items being processed finish, then Stop returns.
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
  void Stop();
  const std::string& name() const { return options_.name; }

 private:
  void Work();
  void ResyncLoop();

  Options options_;
  SyncFn sync_;
  Logger log_;
  WorkQueue queue_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;  // guarded by mu_
};

}  // namespace ark::controller
