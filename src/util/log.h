#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/clock.h"

namespace ark {

enum class LogLevel { kDebug = 0, kInfo, kWarning, kError };

std::string_view LogLevelName(LogLevel level);
// Parses debug|info|warning|warn|error; false for anything else.
bool ParseLogLevel(std::string_view text, LogLevel* level);

using LogFields = std::vector<std::pair<std::string, std::string>>;

// Receives finished log lines (no trailing newline). Implementations are thread-safe.
class LogSink {
 public:
  virtual ~LogSink() = default;
  virtual void Write(std::string_view line) = 0;
};

// Writes lines to stderr.
LogSink& StderrSink();

// Collects lines in memory (per-backup logs, tests).
class MemorySink final : public LogSink {
 public:
  void Write(std::string_view line) override;
  std::vector<std::string> Lines() const;
  std::string Text() const;  // every line, each ending in '\n'

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;  // guarded by mu_
};

// Formats one line in logrus text format, as Ark's logs are:
//   time="2017-11-06T22:46:06Z" level=info msg="Backing up resource" backup=ns/name resource=pods
// Values with spaces, quotes or '=' are quoted. Never put credentials in fields or messages.
std::string FormatLogLine(Clock::TimePoint when, LogLevel level, std::string_view msg,
                          const LogFields& fields);

// A cheap-to-copy handle that adds fixed fields to every line. Thread-safe.
class Logger {
 public:
  Logger(LogSink& sink, LogLevel min_level, const Clock& clock = SystemClock())
      : sink_(&sink), min_level_(min_level), clock_(&clock) {}

  // A logger with one more field; when the key is already there, its first value stays (one
  // field per key on every line).
  Logger With(std::string key, std::string value) const;

  void Log(LogLevel level, std::string_view msg, const LogFields& extra = {}) const;
  void Debug(std::string_view msg, const LogFields& extra = {}) const { Log(LogLevel::kDebug, msg, extra); }
  void Info(std::string_view msg, const LogFields& extra = {}) const { Log(LogLevel::kInfo, msg, extra); }
  void Warn(std::string_view msg, const LogFields& extra = {}) const { Log(LogLevel::kWarning, msg, extra); }
  void Error(std::string_view msg, const LogFields& extra = {}) const { Log(LogLevel::kError, msg, extra); }
  bool Enabled(LogLevel level) const { return level >= min_level_; }

 private:
  LogSink* sink_;
  LogLevel min_level_;
  const Clock* clock_;
  LogFields fields_;
};

// The process logger (stderr, level set by `ark server --log-level`).
Logger& ProcessLogger();
void SetProcessLogLevel(LogLevel level);

}  // namespace ark
