#pragma once

#include <initializer_list>
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
// Fields named at a call site, borrowed for the call instead of copied into strings:
//   log.Info("Backing up item", {{"resource", gr}, {"name", name}});
using LogFieldViews = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// Receives finished log lines (no trailing newline); `line` is valid only during the call.
// Implementations are thread-safe.
class LogSink {
 public:
  virtual ~LogSink() = default;
  virtual void Write(std::string_view line) = 0;
};

// Writes lines to stderr.
LogSink& StderrSink();

// Collects lines in memory, without bound (tests, short runs). The log of a backup or
// restore, a line per item, streams to a file instead (archive::GzipLogSink).
class MemorySink final : public LogSink {
 public:
  void Write(std::string_view line) override;
  std::vector<std::string> Lines() const;
  std::string Text() const;  // every line, each ending in '\n'

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;  // guarded by mu_
};

// Drops every line (a run whose log nobody reads).
class DiscardSink final : public LogSink {
 public:
  void Write(std::string_view) override {}
};

// Formats one line in logrus text format, as Ark's logs are:
//   time="2017-11-06T22:46:06Z" level=info msg="Backing up resource" backup=ns/name resource=pods
// A value is quoted unless every character is a letter, a digit or one of -._/@^+: (so the
// empty value is quoted); inside quotes, '"', '\\', newline and tab are escaped.
// Never put credentials in fields or messages.
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

  // Each level takes a LogFields, or a braced list of views ({{"k", v}, ...}; a braced list
  // and no fields at all pick the views). A line below the minimum level is not formatted.
  void Log(LogLevel level, std::string_view msg, const LogFields& extra) const;
  void Log(LogLevel level, std::string_view msg, LogFieldViews extra = {}) const;
  void Debug(std::string_view msg, const LogFields& extra) const {
    Log(LogLevel::kDebug, msg, extra);
  }
  void Debug(std::string_view msg, LogFieldViews extra = {}) const {
    Log(LogLevel::kDebug, msg, extra);
  }
  void Info(std::string_view msg, const LogFields& extra) const {
    Log(LogLevel::kInfo, msg, extra);
  }
  void Info(std::string_view msg, LogFieldViews extra = {}) const {
    Log(LogLevel::kInfo, msg, extra);
  }
  void Warn(std::string_view msg, const LogFields& extra) const {
    Log(LogLevel::kWarning, msg, extra);
  }
  void Warn(std::string_view msg, LogFieldViews extra = {}) const {
    Log(LogLevel::kWarning, msg, extra);
  }
  void Error(std::string_view msg, const LogFields& extra) const {
    Log(LogLevel::kError, msg, extra);
  }
  void Error(std::string_view msg, LogFieldViews extra = {}) const {
    Log(LogLevel::kError, msg, extra);
  }
  bool Enabled(LogLevel level) const { return level >= min_level_; }

 private:
  template <typename Extra>
  void Emit(LogLevel level, std::string_view msg, const Extra& extra) const;

  LogSink* sink_;
  LogLevel min_level_;
  const Clock* clock_;
  LogFields fields_;
};

// The process logger (stderr, level set by `ark server --log-level`).
Logger& ProcessLogger();
void SetProcessLogLevel(LogLevel level);

}  // namespace ark
