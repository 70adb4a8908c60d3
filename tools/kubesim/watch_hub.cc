#include "kubesim/watch_hub.h"

#include <algorithm>

namespace ark::kubesim {

WatchHub::WatchHub(const Clock& clock, size_t max_events, std::chrono::seconds compaction_window)
    : clock_(clock), max_events_(max_events), window_(compaction_window) {}

void WatchHub::Publish(WatchEvent event) {
  {
    std::lock_guard lock(mu_);
    event.at = clock_.Now();
    events_.push_back(std::move(event));
    CompactLocked();
  }
  cv_.notify_all();
}

void WatchHub::CompactLocked() {
  auto now = clock_.Now();
  while (!events_.empty() && (events_.size() > max_events_ ||
                              (window_.count() > 0 && now - events_.front().at > window_))) {
    compacted_rv_ = events_.front().rv;
    events_.pop_front();
  }
}

bool WatchHub::EventsAfter(uint64_t after_rv, std::chrono::milliseconds max_wait,
                           std::vector<WatchEvent>* out, uint64_t* oldest) {
  std::unique_lock lock(mu_);
  CompactLocked();
  if (after_rv < compacted_rv_) {
    *oldest = compacted_rv_ + 1;
    return false;
  }
  auto has_new = [&] { return shutdown_ || (!events_.empty() && events_.back().rv > after_rv); };
  if (!has_new()) cv_.wait_for(lock, max_wait, has_new);
  if (after_rv < compacted_rv_) {
    *oldest = compacted_rv_ + 1;
    return false;
  }
  auto it = std::upper_bound(events_.begin(), events_.end(), after_rv,
                             [](uint64_t rv, const WatchEvent& e) { return rv < e.rv; });
  out->assign(it, events_.end());
  return true;
}

void WatchHub::Shutdown() {
  {
    std::lock_guard lock(mu_);
    shutdown_ = true;
  }
  cv_.notify_all();
}

bool WatchHub::shut_down() const {
  std::lock_guard lock(mu_);
  return shutdown_;
}

}  // namespace ark::kubesim
