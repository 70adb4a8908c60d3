#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace ark::server {

// A one-shot flag threads wait on: set by SIGTERM handling, a config change or a test.
// Thread-safe.
class StopSignal {
 public:
  void Notify() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      set_ = true;
    }
    cv_.notify_all();
  }
  bool IsSet() const {
    std::lock_guard<std::mutex> lock(mu_);
    return set_;
  }
  // True when set (now or within `timeout`).
  bool WaitFor(std::chrono::milliseconds timeout) const {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return set_; });
  }

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  bool set_ = false;  // guarded by mu_
};

}  // namespace ark::server
