#include "util/log.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <string>

#include "util/time_format.h"

namespace ark {

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

bool ParseLogLevel(std::string_view text, LogLevel* level) {
  if (text == "debug")
    *level = LogLevel::kDebug;
  else if (text == "info")
    *level = LogLevel::kInfo;
  else if (text == "warning" || text == "warn")
    *level = LogLevel::kWarning;
  else if (text == "error" || text == "fatal" || text == "panic")
    *level = LogLevel::kError;
  else
    return false;
  return true;
}

namespace {

class Stderr final : public LogSink {
 public:
  void Write(std::string_view line) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fputc('\n', stderr);
  }

 private:
  std::mutex mu_;
};

// Characters a value may hold and stay unquoted: what logrus leaves bare.
constexpr std::array<bool, 256> kBareCharacters = [] {
  std::array<bool, 256> bare{};
  for (int c = '0'; c <= '9'; ++c) bare[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) bare[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) bare[c] = true;
  for (unsigned char c : std::string_view("-._/@^+:")) bare[c] = true;
  return bare;
}();

bool NeedsQuoting(std::string_view v) {
  if (v.empty()) return true;
  for (char c : v) {
    if (!kBareCharacters[static_cast<unsigned char>(c)]) return true;
  }
  return false;
}

// The escape for `c` inside quotes, or empty when it stands for itself.
std::string_view Escape(char c) {
  switch (c) {
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    case '\n':
      return "\\n";
    case '\t':
      return "\\t";
    default:
      return {};
  }
}

void AppendValue(std::string* out, std::string_view v) {
  if (!NeedsQuoting(v)) {
    out->append(v);
    return;
  }
  out->push_back('"');
  size_t run = 0;  // start of the characters not yet appended
  for (size_t i = 0; i < v.size(); ++i) {
    std::string_view escape = Escape(v[i]);
    if (escape.empty()) continue;
    out->append(v.substr(run, i - run));
    out->append(escape);
    run = i + 1;
  }
  out->append(v.substr(run));
  out->push_back('"');
}

// The time as `2017-11-06T22:46:06Z`. Lines come many per second, so each thread keeps the
// text of the last second it formatted.
std::string_view Timestamp(Clock::TimePoint when) {
  struct Cached {
    std::chrono::sys_seconds second;
    bool valid = false;
    std::string text;
  };
  thread_local Cached cached;
  const auto second = std::chrono::floor<std::chrono::seconds>(when);
  if (!cached.valid || cached.second != second) {
    cached.text = FormatRfc3339(when);
    cached.second = second;
    cached.valid = true;
  }
  return cached.text;
}

template <typename Fields>
void AppendFields(std::string* out, const Fields& fields) {
  for (const auto& [key, value] : fields) {
    out->push_back(' ');
    out->append(key);
    out->push_back('=');
    AppendValue(out, value);
  }
}

// The fixed fields, then the extra ones: the two lists are never joined into a copy.
template <typename Extra>
void AppendLine(std::string* out, Clock::TimePoint when, LogLevel level, std::string_view msg,
                const LogFields& fixed, const Extra& extra) {
  out->append("time=\"");
  out->append(Timestamp(when));
  out->append("\" level=");
  out->append(LogLevelName(level));
  out->append(" msg=");
  AppendValue(out, msg);
  AppendFields(out, fixed);
  AppendFields(out, extra);
}

// The calling thread's line buffer, kept from line to line so that formatting one costs no
// allocation once the buffer has grown to the usual line length. A sink that logs from
// inside Write finds the buffer taken: that line gets a fresh string.
class ThreadLineBuffer {
 public:
  ThreadLineBuffer() : reentered_(taken_) {
    if (reentered_) return;
    taken_ = true;
    kept_.clear();
  }
  ~ThreadLineBuffer() {
    if (reentered_) return;
    taken_ = false;
    // One very long line (a large error) should not pin its memory for the thread's life.
    if (kept_.capacity() > kMaxKeptBytes) std::string().swap(kept_);
  }
  ThreadLineBuffer(const ThreadLineBuffer&) = delete;
  ThreadLineBuffer& operator=(const ThreadLineBuffer&) = delete;

  std::string& text() { return reentered_ ? fresh_ : kept_; }

 private:
  static constexpr size_t kMaxKeptBytes = 64 << 10;
  static thread_local std::string kept_;
  static thread_local bool taken_;
  const bool reentered_;
  std::string fresh_;  // used when reentered_
};

thread_local std::string ThreadLineBuffer::kept_;
thread_local bool ThreadLineBuffer::taken_ = false;

}  // namespace

LogSink& StderrSink() {
  static Stderr sink;
  return sink;
}

void MemorySink::Write(std::string_view line) {
  std::lock_guard<std::mutex> lock(mu_);
  lines_.emplace_back(line);
}

std::vector<std::string> MemorySink::Lines() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lines_;
}

std::string MemorySink::Text() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  for (const auto& l : lines_) {
    out += l;
    out += '\n';
  }
  return out;
}

std::string FormatLogLine(Clock::TimePoint when, LogLevel level, std::string_view msg,
                          const LogFields& fields) {
  std::string out;
  AppendLine(&out, when, level, msg, fields, LogFieldViews{});
  return out;
}

Logger Logger::With(std::string key, std::string value) const {
  Logger copy = *this;
  for (const auto& field : copy.fields_) {
    // A layer below naming the same thing again (the engine under a controller): the outer
    // layer's value, set first and fully qualified ("heptio-ark/nginx-backup"), stays.
    if (field.first == key) return copy;
  }
  copy.fields_.emplace_back(std::move(key), std::move(value));
  return copy;
}

void Logger::Log(LogLevel level, std::string_view msg, const LogFields& extra) const {
  if (Enabled(level)) Emit(level, msg, extra);
}

void Logger::Log(LogLevel level, std::string_view msg, LogFieldViews extra) const {
  if (Enabled(level)) Emit(level, msg, extra);
}

template <typename Extra>
void Logger::Emit(LogLevel level, std::string_view msg, const Extra& extra) const {
  ThreadLineBuffer line;
  AppendLine(&line.text(), clock_->Now(), level, msg, fields_, extra);
  sink_->Write(line.text());
}

namespace {
Logger& ProcessLoggerStorage() {
  static Logger logger(StderrSink(), LogLevel::kInfo);
  return logger;
}
}  // namespace

Logger& ProcessLogger() { return ProcessLoggerStorage(); }

void SetProcessLogLevel(LogLevel level) { ProcessLoggerStorage() = Logger(StderrSink(), level); }

}  // namespace ark
