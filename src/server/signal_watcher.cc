#include "server/signal_watcher.h"

#include <pthread.h>
#include <signal.h>

#include <cstdlib>
#include <optional>

#include "util/log.h"

namespace ark::server {

SignalWatcher::SignalWatcher(StopSignal& stop, std::chrono::milliseconds exit_deadline) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  thread_ = std::thread([this, set, &stop, exit_deadline] {
    std::optional<std::chrono::steady_clock::time_point> exit_by;
    while (!done_) {
      timespec ts{0, 200 * 1000 * 1000};
      int sig = sigtimedwait(&set, nullptr, &ts);
      const char* name = sig == SIGTERM ? "SIGTERM" : "SIGINT";
      if ((sig == SIGTERM || sig == SIGINT) && !exit_by) {
        ProcessLogger().Info("Received signal; shutting down gracefully", {{"signal", name}});
        exit_by = std::chrono::steady_clock::now() + exit_deadline;
        stop.Notify();
      } else if (sig == SIGTERM || sig == SIGINT ||
                 (exit_by && std::chrono::steady_clock::now() >= *exit_by)) {
        ProcessLogger().Error("The server did not stop in time; exiting now",
                              {{"signal", sig > 0 ? name : "none"}});
        std::_Exit(1);
      }
    }
  });
}

SignalWatcher::~SignalWatcher() {
  done_ = true;
  thread_.join();
}

}  // namespace ark::server
