#include "controller/generic_controller.h"

namespace ark::controller {

GenericController::GenericController(Options options, SyncFn sync, Logger log)
    : options_(std::move(options)),
      sync_(std::move(sync)),
      log_(log.With("controller", options_.name)) {}

GenericController::~GenericController() { Stop(); }

void GenericController::Start() {
  log_.Info("Starting controller");
  const bool resync = options_.resync && options_.resync_period.count() > 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    running_threads_ = std::max(1, options_.workers) + (resync ? 1 : 0);
  }
  for (int i = 0; i < std::max(1, options_.workers); ++i) {
    threads_.emplace_back(&GenericController::Work, this);
  }
  if (resync) threads_.emplace_back(&GenericController::ResyncLoop, this);
}

void GenericController::StopTaking() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopped_ = true;
  }
  cv_.notify_all();
  queue_.ShutDown();
}

bool GenericController::WaitIdle(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_until(lock, deadline, [&] { return running_threads_ == 0; });
}

void GenericController::Stop() {
  StopTaking();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (joined_) return;
    joined_ = true;
  }
  for (auto& t : threads_) t.join();
  threads_.clear();
  log_.Info("Controller stopped");
}

void GenericController::Exited() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    --running_threads_;
  }
  cv_.notify_all();
}

void GenericController::Work() {
  while (auto key = queue_.Get()) {
    Status st = sync_(*key);
    if (st.ok()) {
      queue_.Forget(*key);
    } else {
      log_.Error("Error processing item; will retry", {{"key", *key}, {"error", st.ToString()}});
      queue_.AddRateLimited(*key);
    }
    queue_.Done(*key);
  }
  Exited();
}

void GenericController::ResyncLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopped_) {
    lock.unlock();
    options_.resync();
    lock.lock();
    cv_.wait_for(lock, options_.resync_period, [&] { return stopped_; });
  }
  lock.unlock();
  Exited();
}

}  // namespace ark::controller
