#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "kubesim/objects.h"

namespace ark::kubesim {

// What kube-controller-manager's namespace controller does: every `interval`, for each
// namespace with a deletionTimestamp, deletes every namespaced object in it (objects with
// finalizers only get their deletionTimestamp and are waited for), and once the namespace
// is empty removes the namespace itself. Runs on its own thread from construction to
// destruction.
class NamespaceController {
 public:
  NamespaceController(Objects& objects, std::chrono::milliseconds interval);
  ~NamespaceController();

  // One pass over the terminating namespaces (also what the thread runs).
  void RunOnce();

 private:
  void Loop();

  Objects& objects_;
  const std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace ark::kubesim
