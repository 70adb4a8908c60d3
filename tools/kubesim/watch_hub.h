#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kubesim/selector.h"
#include "util/clock.h"

namespace ark::kubesim {

// One change of one object. `object` is the object's full JSON (apiVersion and kind
// included) as stored after the change, or its last state for DELETED.
struct WatchEvent {
  std::string type;  // ADDED, MODIFIED, DELETED
  std::string storage_key;
  std::string ns;
  std::string name;
  std::shared_ptr<const Labels> labels;
  std::shared_ptr<const std::string> object;
  uint64_t rv = 0;
  Clock::TimePoint at;
};

// The bounded history of every change, in resourceVersion order, from which watches are
// served and resumed. Keeps at most `max_events`, and with a compaction window only events
// younger than the window. Thread-safe.
class WatchHub {
 public:
  WatchHub(const Clock& clock, size_t max_events, std::chrono::seconds compaction_window);

  // Appends an event; its rv must be larger than every earlier one.
  void Publish(WatchEvent event);

  // The events with rv > after_rv, waiting up to `max_wait` for one to arrive. Returns false
  // when events after `after_rv` were already dropped from the history (the watch must
  // answer 410 Expired); `*oldest` then holds the oldest rv still resumable.
  bool EventsAfter(uint64_t after_rv, std::chrono::milliseconds max_wait,
                   std::vector<WatchEvent>* out, uint64_t* oldest);

  // Wakes every waiting watch (used at shutdown).
  void Shutdown();
  bool shut_down() const;

 private:
  void CompactLocked();

  const Clock& clock_;
  const size_t max_events_;
  const std::chrono::seconds window_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<WatchEvent> events_;  // guarded by mu_
  uint64_t compacted_rv_ = 0;      // guarded by mu_: rv of the newest dropped event
  bool shutdown_ = false;          // guarded by mu_
};

}  // namespace ark::kubesim
