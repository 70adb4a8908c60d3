#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ark::testing {

struct RunResult {
  int exit_code = -1;  // -1 when the process could not be started or was killed
  std::string out;
  std::string err;
};

// Runs argv[0] (looked up on PATH) to completion with extra environment variables, feeding
// `input` to its stdin. Kills it after `timeout`.
RunResult Run(const std::vector<std::string>& argv, const std::string& input = "",
              const std::map<std::string, std::string>& env = {},
              std::chrono::seconds timeout = std::chrono::seconds(120));

// A server process started for a test and stopped (SIGTERM, then SIGKILL) when destroyed.
// Its stdout and stderr go to files in a temp dir, readable while it runs.
class BackgroundProcess {
 public:
  static std::unique_ptr<BackgroundProcess> Start(
      const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});
  ~BackgroundProcess();

  // Waits until a stdout line contains `needle`; returns that line, "" on timeout or exit.
  std::string WaitForOutput(const std::string& needle,
                            std::chrono::seconds timeout = std::chrono::seconds(30));
  std::string Stdout() const;
  std::string Stderr() const;
  bool Running();
  int pid() const { return pid_; }
  // Sends `signal` and waits for the exit; returns the exit status as Run reports it.
  int Stop(int signal);

 private:
  BackgroundProcess() = default;
  int pid_ = -1;
  std::string out_path_;
  std::string err_path_;
  bool exited_ = false;
  int exit_code_ = -1;
};

// A fresh directory removed (recursively) when destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreePort();

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& content);

// Peak resident set (VmHWM of /proc/PID/status) of process `pid`, in bytes; -1 when unreadable.
int64_t PeakResidentBytes(int pid);

}  // namespace ark::testing
