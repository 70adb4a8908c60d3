#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace ark::testing {

// Runs a child process of this test in short slices and keeps it stopped (SIGSTOP) between
// them, so a test can look at what the process has done so far (its API objects, its files)
// while it cannot change anything, and kill it at exactly the state it looked at. A state
// that lasts less than a slice may be stepped over; RunUntil then runs on to the end.
//
//   ServerStepper stepper(server.pid());
//   ASSERT_TRUE(stepper.Pause());
//   ... create the request ...
//   if (stepper.RunUntil([&] { return Phase() == "InProgress"; })) server.Stop(SIGKILL);
//
// A slice also ends as soon as a watched folder changes (SetWakeFolder), so a state that
// begins with a file appearing is looked at right after it begins.
//
// Not thread-safe. The process must be a child of this one (its stops are awaited with
// waitpid) and must not be reaped by anyone else while it is being stepped.
class ServerStepper {
 public:
  explicit ServerStepper(int pid) : pid_(pid) {}
  ~ServerStepper();
  ServerStepper(const ServerStepper&) = delete;
  ServerStepper& operator=(const ServerStepper&) = delete;
  // Ends slices early when a file is created in, renamed into or closed after writing in
  // `folder` (which must exist). False when the folder cannot be watched.
  bool SetWakeFolder(const std::string& folder);
  // Stops the process and waits until every thread of it has stopped. False when it is gone.
  bool Pause();
  void Resume();
  // Checks `reached` now and after each slice the process runs, until it holds (true, the
  // process left paused) or `timeout` passes or the process exits (false, the process left
  // running when it still exists).
  bool RunUntil(const std::function<bool()>& reached,
                std::chrono::microseconds slice = std::chrono::milliseconds(2),
                std::chrono::seconds timeout = std::chrono::seconds(60));
  bool paused() const { return paused_; }

 private:
  // Waits up to `slice` for the wake folder to change; drains its events.
  void Wait(std::chrono::microseconds slice);

  const int pid_;
  bool paused_ = false;
  int inotify_fd_ = -1;
};

}  // namespace ark::testing
