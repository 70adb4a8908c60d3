#pragma once

#include <mutex>

#include "util/status.h"

namespace ark {

// The first failure among tasks running on several threads (a WorkerPool's). Later failures
// are dropped: they are most often consequences of the first (a store that went away fails
// every part being uploaded), and the first is the one a person needs.
class FirstFailure {
 public:
  void Record(Status why) {
    std::lock_guard<std::mutex> lock(mu_);
    if (first_.ok()) first_ = std::move(why);
  }
  bool failed() const {
    std::lock_guard<std::mutex> lock(mu_);
    return !first_.ok();
  }
  // OK when nothing failed. Read once the tasks have ended.
  Status status() const {
    std::lock_guard<std::mutex> lock(mu_);
    return first_;
  }

 private:
  mutable std::mutex mu_;
  Status first_;
};

}  // namespace ark
