#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace ark::controller {

// Records a running backup's or restore's progress as it is reported and writes the latest
// counts with `write` at most once per `interval`, from its own thread: a report never waits
// for the API server, and counts reported just before a long pause (a hook, a slow create)
// are still written within `interval`. Counts that did not change are not written again.
// Thread-safe; the destructor stops the thread (a write under way finishes first).
class ProgressPatcher {
 public:
  using WriteFn = std::function<void(int64_t done, int64_t total)>;
  ProgressPatcher(WriteFn write, std::chrono::milliseconds interval);
  ~ProgressPatcher();
  ProgressPatcher(const ProgressPatcher&) = delete;
  ProgressPatcher& operator=(const ProgressPatcher&) = delete;

  void Report(int64_t done, int64_t total);

 private:
  void Loop();

  const WriteFn write_;
  const std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  int64_t done_ = -1;      // guarded by mu_; -1 until the first report
  int64_t total_ = -1;     // guarded by mu_
  std::thread thread_;
};

}  // namespace ark::controller
