#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ark {

// The one way the engines run work on N threads: a fixed set of threads running submitted
// tasks, with a bounded queue so a producer that reads (or lists) faster than the workers
// process cannot hold more than `queue_limit` pending tasks. The backup engine runs its list
// tasks on one, the restore engine its items, the gzip writer its members, discovery its
// group fetches, and the S3 and Azure Blob stores their part and block uploads. (Controllers
// take their keys from controller::WorkQueue instead: keyed, deduplicated, retried later.) Submit
// and Wait are called from one producer thread; tasks must not Submit. Tasks run in submission
// order as threads free up.
class WorkerPool {
 public:
  WorkerPool(int threads, int queue_limit);
  // Waits for the queued tasks, then joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; blocks while `queue_limit` tasks are already waiting.
  void Submit(std::function<void()> task);
  // Blocks until every submitted task has finished (e.g. a barrier between restore tiers).
  void Wait();

 private:
  void Loop();

  const size_t queue_limit_;
  std::mutex mu_;
  std::condition_variable work_cv_;          // a task was queued, or stopping
  std::condition_variable space_cv_;         // a task was taken off the queue
  std::condition_variable idle_cv_;          // a task finished
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  int running_ = 0;                          // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace ark
