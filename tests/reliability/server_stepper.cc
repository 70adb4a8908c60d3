#include "reliability/server_stepper.h"

#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

namespace ark::testing {

ServerStepper::~ServerStepper() {
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
}

bool ServerStepper::SetWakeFolder(const std::string& folder) {
  if (inotify_fd_ < 0) inotify_fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  return inotify_fd_ >= 0 && ::inotify_add_watch(inotify_fd_, folder.c_str(),
                                                 IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE) >= 0;
}

void ServerStepper::Wait(std::chrono::microseconds slice) {
  if (inotify_fd_ < 0) {
    std::this_thread::sleep_for(slice);
    return;
  }
  pollfd fd{inotify_fd_, POLLIN, 0};
  const timespec timeout{static_cast<time_t>(slice.count() / 1'000'000),
                         static_cast<long>(slice.count() % 1'000'000) * 1000};
  if (::ppoll(&fd, 1, &timeout, nullptr) > 0) {
    char events[4096];
    while (::read(inotify_fd_, events, sizeof events) > 0) {
    }
  }
}

bool ServerStepper::Pause() {
  if (paused_) return true;
  if (::kill(pid_, SIGSTOP) != 0) return false;
  // Returns once the whole thread group has stopped. WNOWAIT leaves an exit to be reaped by
  // the process's owner (BackgroundProcess), which learns of it as usual.
  for (;;) {
    siginfo_t info{};
    if (::waitid(P_PID, pid_, &info, WSTOPPED | WEXITED | WNOWAIT) != 0) {
      if (errno == EINTR) continue;
      return false;
    }
    paused_ = info.si_code == CLD_STOPPED;
    return paused_;
  }
}

void ServerStepper::Resume() {
  if (!paused_) return;
  ::kill(pid_, SIGCONT);
  paused_ = false;
}

bool ServerStepper::RunUntil(const std::function<bool()>& reached, std::chrono::microseconds slice,
                             std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (!Pause()) return false;
    if (reached()) return true;
    if (std::chrono::steady_clock::now() >= deadline) {
      Resume();
      return false;
    }
    Resume();
    Wait(slice);
  }
}

}  // namespace ark::testing
