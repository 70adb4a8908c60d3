#include "util/log.h"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace ark {

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarning: return "warning";
    case LogLevel::kError: return "error";
  }
  return "info";
}

bool ParseLogLevel(std::string_view text, LogLevel* level) {
  if (text == "debug") *level = LogLevel::kDebug;
  else if (text == "info") *level = LogLevel::kInfo;
  else if (text == "warning" || text == "warn") *level = LogLevel::kWarning;
  else if (text == "error" || text == "fatal" || text == "panic") *level = LogLevel::kError;
  else return false;
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

bool NeedsQuoting(std::string_view v) {
  if (v.empty()) return true;
  for (char c : v) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
          c == '/' || c == '@' || c == '^' || c == '+' || c == ':')) {
      return true;
    }
  }
  return false;
}

void AppendValue(std::string* out, std::string_view v) {
  if (!NeedsQuoting(v)) {
    out->append(v);
    return;
  }
  out->push_back('"');
  for (char c : v) {
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\t': out->append("\\t"); break;
      default: out->push_back(c);
    }
  }
  out->push_back('"');
}

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
  std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::string out = "time=\"";
  out += stamp;
  out += "\" level=";
  out += LogLevelName(level);
  out += " msg=";
  AppendValue(&out, msg);
  for (const auto& [k, v] : fields) {
    out += ' ';
    out += k;
    out += '=';
    AppendValue(&out, v);
  }
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
  if (!Enabled(level)) return;
  if (extra.empty()) {
    sink_->Write(FormatLogLine(clock_->Now(), level, msg, fields_));
    return;
  }
  LogFields all = fields_;
  all.insert(all.end(), extra.begin(), extra.end());
  sink_->Write(FormatLogLine(clock_->Now(), level, msg, all));
}

namespace {
Logger& ProcessLoggerStorage() {
  static Logger logger(StderrSink(), LogLevel::kInfo);
  return logger;
}
}  // namespace

Logger& ProcessLogger() { return ProcessLoggerStorage(); }

void SetProcessLogLevel(LogLevel level) {
  ProcessLoggerStorage() = Logger(StderrSink(), level);
}

}  // namespace ark
