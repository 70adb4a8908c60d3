#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "util/clock.h"

namespace ark::controller {

// A de-duplicating queue of object keys ("namespace/name"), as client-go's workqueue: a key
// added while queued is queued once; a key added while being processed is queued again after
// Done, so one key is never processed by two workers at once. Failed keys come back after an
// exponential delay (AddRateLimited). Thread-safe.
class WorkQueue {
 public:
  explicit WorkQueue(const Clock& clock = SystemClock(),
                     std::chrono::milliseconds base_delay = std::chrono::milliseconds(100),
                     std::chrono::milliseconds max_delay = std::chrono::seconds(30));

  void Add(const std::string& key);
  // Adds `key` after a delay that doubles with every failure since the last Forget.
  void AddRateLimited(const std::string& key);
  // Clears the failure count of `key`.
  void Forget(const std::string& key);
  // Blocks until a key is ready or the queue shuts down (then nullopt). The caller must call
  // Done(key) when finished with it.
  std::optional<std::string> Get();
  void Done(const std::string& key);
  // Wakes every Get with nullopt; later Adds are ignored, and keys still queued are left
  // (a stopping server takes no new work).
  void ShutDown();
  size_t Len() const;
  // The keys handed out by Get and not yet Done, sorted.
  std::vector<std::string> Processing() const;

 private:
  void PromoteDueLocked();

  const Clock& clock_;
  const std::chrono::milliseconds base_delay_;
  const std::chrono::milliseconds max_delay_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;                         // guarded by mu_
  std::set<std::string> dirty_;                           // guarded by mu_: queued or to requeue
  std::set<std::string> processing_;                      // guarded by mu_
  std::multimap<Clock::TimePoint, std::string> waiting_;  // guarded by mu_
  std::map<std::string, int> failures_;                   // guarded by mu_
  bool shutting_down_ = false;                            // guarded by mu_
};

}  // namespace ark::controller
