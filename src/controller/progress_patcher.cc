#include "controller/progress_patcher.h"

namespace ark::controller {

ProgressPatcher::ProgressPatcher(WriteFn write, std::chrono::milliseconds interval)
    : write_(std::move(write)), interval_(interval), thread_([this] { Loop(); }) {}

ProgressPatcher::~ProgressPatcher() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ProgressPatcher::Report(int64_t done, int64_t total) {
  std::lock_guard<std::mutex> lock(mu_);
  done_ = done;
  total_ = total;
}

void ProgressPatcher::Loop() {
  int64_t written_done = -1, written_total = -1;
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    // A timer, not a clock: it only paces the writes.
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
    if (stopping_) break;
    if (done_ < 0 || (done_ == written_done && total_ == written_total)) continue;
    written_done = done_;
    written_total = total_;
    lock.unlock();
    write_(written_done, written_total);
    lock.lock();
  }
}

}  // namespace ark::controller
