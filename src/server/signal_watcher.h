#pragma once

#include <atomic>
#include <chrono>
#include <thread>

#include "server/stop_signal.h"

namespace ark::server {

// SIGTERM / SIGINT -> `stop`, on a thread of its own (the signals are blocked everywhere
// else, so no handler runs in a random thread). Then a watchdog: if the process is still
// running `exit_deadline` after the signal, or a second signal comes, it exits at once (what
// it left InProgress is marked Failed by the next server's start). Construct it before any
// other thread starts, so they all inherit the blocked signals.
class SignalWatcher {
 public:
  SignalWatcher(StopSignal& stop, std::chrono::milliseconds exit_deadline);
  ~SignalWatcher();

 private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace ark::server
