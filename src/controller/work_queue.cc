#include "controller/work_queue.h"

#include <algorithm>

namespace ark::controller {

WorkQueue::WorkQueue(const Clock& clock, std::chrono::milliseconds base_delay,
                     std::chrono::milliseconds max_delay)
    : clock_(clock), base_delay_(base_delay), max_delay_(max_delay) {}

void WorkQueue::Add(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  if (shutting_down_ || dirty_.count(key)) return;
  dirty_.insert(key);
  if (processing_.count(key)) return;  // re-queued by Done
  queue_.push_back(key);
  cv_.notify_one();
}

void WorkQueue::AddRateLimited(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  if (shutting_down_) return;
  int n = failures_[key]++;
  auto delay = base_delay_ * (1LL << std::min(n, 20));
  if (delay > max_delay_) delay = max_delay_;
  waiting_.emplace(clock_.Now() + delay, key);
  cv_.notify_all();
}

void WorkQueue::Forget(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_.erase(key);
}

void WorkQueue::PromoteDueLocked() {
  auto now = clock_.Now();
  while (!waiting_.empty() && waiting_.begin()->first <= now) {
    std::string key = waiting_.begin()->second;
    waiting_.erase(waiting_.begin());
    if (dirty_.count(key)) continue;
    dirty_.insert(key);
    if (!processing_.count(key)) queue_.push_back(key);
  }
}

std::optional<std::string> WorkQueue::Get() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    PromoteDueLocked();
    if (shutting_down_) return std::nullopt;
    if (!queue_.empty()) break;
    if (waiting_.empty()) {
      cv_.wait(lock);
    } else {
      // Delays are short; waking on the real clock keeps this simple and a fake clock only
      // makes the wait return sooner.
      auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(waiting_.begin()->first -
                                                                        clock_.Now());
      cv_.wait_for(lock,
                   std::clamp(wait, std::chrono::milliseconds(1), std::chrono::milliseconds(200)));
    }
  }
  std::string key = std::move(queue_.front());
  queue_.pop_front();
  dirty_.erase(key);
  processing_.insert(key);
  return key;
}

void WorkQueue::Done(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  processing_.erase(key);
  if (dirty_.count(key) && !shutting_down_) {
    queue_.push_back(key);
    cv_.notify_one();
  }
}

void WorkQueue::ShutDown() {
  std::lock_guard<std::mutex> lock(mu_);
  shutting_down_ = true;
  cv_.notify_all();
}

size_t WorkQueue::Len() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

std::vector<std::string> WorkQueue::Processing() const {
  std::lock_guard<std::mutex> lock(mu_);
  return std::vector<std::string>(processing_.begin(), processing_.end());
}

}  // namespace ark::controller
