#include "util/log.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "util/backoff.h"
#include "util/fake_clock.h"

namespace ark {
namespace {

TEST(Log, FormatsLogrusTextWithQuotingWhereNeeded) {
  FakeClock clock;
  MemorySink sink;
  Logger log = Logger(sink, LogLevel::kInfo, clock).With("backup", "heptio-ark/nginx");
  log.Info("Backing up resource", {{"resource", "pods"}, {"note", "a b=\"c\""}});
  log.Debug("hidden");
  auto lines = sink.Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            "time=\"2027-01-15T08:00:00Z\" level=info msg=\"Backing up resource\" "
            "backup=heptio-ark/nginx resource=pods note=\"a b=\\\"c\\\"\"");
}

TEST(Log, WithTheSameKeyAgainKeepsOneField) {
  FakeClock clock;
  MemorySink sink;
  Logger log = Logger(sink, LogLevel::kInfo, clock).With("backup", "heptio-ark/b").With("x", "1");
  log.With("backup", "b").Info("m");
  auto lines = sink.Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "time=\"2027-01-15T08:00:00Z\" level=info msg=m backup=heptio-ark/b x=1");
}

constexpr char kStart[] = "time=\"2027-01-15T08:00:00Z\" level=info msg=m";

// The line `Info("m", {{"v", value}})` logs, without its time and level.
std::string FormattedValue(std::string_view value) {
  const std::string line =
      FormatLogLine(FakeClock().Now(), LogLevel::kInfo, "m", {{"v", std::string(value)}});
  return line.substr(std::string_view(kStart).size() + 1);
}

TEST(Log, LeavesLettersDigitsAndLogrusSafePunctuationBareAndQuotesTheRest) {
  const std::string_view bare_punctuation = "-._/@^+:";
  for (int c = 0; c < 256; ++c) {
    const std::string value(1, static_cast<char>(c));
    const bool bare = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      bare_punctuation.find(static_cast<char>(c)) != std::string_view::npos;
    std::string expected = "v=";
    if (bare) {
      expected += value;
    } else if (c == '"') {
      expected += "\"\\\"\"";
    } else if (c == '\\') {
      expected += "\"\\\\\"";
    } else if (c == '\n') {
      expected += "\"\\n\"";
    } else if (c == '\t') {
      expected += "\"\\t\"";
    } else {
      expected += "\"" + value + "\"";
    }
    EXPECT_EQ(FormattedValue(value), expected) << "character " << c;
  }
}

TEST(Log, QuotesAndEscapesWholeValues) {
  struct Case {
    std::string_view value;
    std::string_view formatted;
  };
  const Case cases[] = {
      {"", "v=\"\""},
      {"heptio-ark/nginx-backup", "v=heptio-ark/nginx-backup"},
      {"10.0.0.1:443", "v=10.0.0.1:443"},
      {"two words", "v=\"two words\""},
      {"a=b", "v=\"a=b\""},
      {"say \"hi\"", "v=\"say \\\"hi\\\"\""},
      {"C:\\dir\\", "v=\"C:\\\\dir\\\\\""},
      {"line\nnext\tcol", "v=\"line\\nnext\\tcol\""},
      {"\"\"", "v=\"\\\"\\\"\""},
      {"caf\xc3\xa9", "v=\"caf\xc3\xa9\""},
  };
  for (const Case& c : cases) EXPECT_EQ(FormattedValue(c.value), c.formatted) << c.value;
}

TEST(Log, FieldViewsAndLogFieldsGiveTheSameLine) {
  FakeClock clock;
  MemorySink sink;
  Logger log = Logger(sink, LogLevel::kInfo, clock).With("backup", "heptio-ark/b");
  const std::string name = "web 1";
  log.Warn("Backing up item", {{"resource", "pods"}, {"name", name}});
  log.Warn("Backing up item", LogFields{{"resource", "pods"}, {"name", name}});
  log.Warn("Backing up item", {});
  log.Warn("Backing up item");
  auto lines = sink.Lines();
  ASSERT_EQ(lines.size(), 4u);
  const std::string with_fields =
      "time=\"2027-01-15T08:00:00Z\" level=warning msg=\"Backing up item\" backup=heptio-ark/b "
      "resource=pods name=\"web 1\"";
  EXPECT_EQ(lines[0], with_fields);
  EXPECT_EQ(lines[1], with_fields);
  const std::string without =
      "time=\"2027-01-15T08:00:00Z\" level=warning msg=\"Backing up item\" backup=heptio-ark/b";
  EXPECT_EQ(lines[2], without);
  EXPECT_EQ(lines[3], without);
}

TEST(Log, TimestampFollowsTheClockAcrossSeconds) {
  FakeClock clock;
  MemorySink sink;
  Logger log(sink, LogLevel::kInfo, clock);
  log.Info("m");
  clock.Advance(std::chrono::milliseconds(999));
  log.Info("m");
  clock.Advance(std::chrono::milliseconds(1));
  log.Info("m");
  clock.Advance(std::chrono::hours(24 * 365));
  log.Info("m");
  // A second clock behind the first, logging from the same thread.
  FakeClock earlier(FakeClock().Now() - std::chrono::seconds(1));
  Logger(sink, LogLevel::kInfo, earlier).Info("m");
  log.Info("m");
  EXPECT_EQ(sink.Lines(), (std::vector<std::string>{
                              "time=\"2027-01-15T08:00:00Z\" level=info msg=m",
                              "time=\"2027-01-15T08:00:00Z\" level=info msg=m",
                              "time=\"2027-01-15T08:00:01Z\" level=info msg=m",
                              "time=\"2028-01-15T08:00:01Z\" level=info msg=m",
                              "time=\"2027-01-15T07:59:59Z\" level=info msg=m",
                              "time=\"2028-01-15T08:00:01Z\" level=info msg=m",
                          }));
}

TEST(Log, ThreadsLogTheirOwnClocksTime) {
  MemorySink sink;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&sink, i] {
      FakeClock clock(FakeClock().Now() + std::chrono::seconds(i));
      Logger log(sink, LogLevel::kInfo, clock);
      for (int n = 0; n < 100; ++n) log.Info("m", {{"thread", std::to_string(i)}});
    });
  }
  for (std::thread& t : threads) t.join();
  auto lines = sink.Lines();
  ASSERT_EQ(lines.size(), 400u);
  for (const std::string& line : lines) {
    const char thread = line.back();
    EXPECT_EQ(line, "time=\"2027-01-15T08:00:0" + std::string(1, thread) +
                        "Z\" level=info msg=m thread=" + std::string(1, thread));
  }
}

// Logs one more line, through `inner`, from inside every Write.
class LoggingSink final : public LogSink {
 public:
  explicit LoggingSink(const Logger& inner) : inner_(inner) {}
  void Write(std::string_view line) override {
    lines.emplace_back(line);
    inner_.Info("inner", {{"outer_length", std::to_string(line.size())}});
    lines.emplace_back(line);  // the outer line is intact after the inner one was formatted
  }
  std::vector<std::string> lines;

 private:
  const Logger& inner_;
};

TEST(Log, ASinkThatLogsWhileWritingGetsBothLinesWhole) {
  FakeClock clock;
  MemorySink inner_sink;
  Logger inner(inner_sink, LogLevel::kInfo, clock);
  LoggingSink outer_sink(inner);
  Logger(outer_sink, LogLevel::kInfo, clock).Info("outer", {{"k", "v"}});
  const std::string outer = "time=\"2027-01-15T08:00:00Z\" level=info msg=outer k=v";
  EXPECT_EQ(outer_sink.lines, (std::vector<std::string>{outer, outer}));
  EXPECT_EQ(inner_sink.Lines(),
            (std::vector<std::string>{"time=\"2027-01-15T08:00:00Z\" level=info msg=inner "
                                      "outer_length=" +
                                      std::to_string(outer.size())}));
}

TEST(Log, AVeryLongLineDoesNotDisturbTheNext) {
  FakeClock clock;
  MemorySink sink;
  Logger log(sink, LogLevel::kInfo, clock);
  const std::string long_value(1 << 20, 'x');
  log.Info("m", {{"big", long_value}});
  log.Info("m", {{"small", "y"}});
  auto lines = sink.Lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], std::string(kStart) + " big=" + long_value);
  EXPECT_EQ(lines[1], std::string(kStart) + " small=y");
}

TEST(Backoff, GrowsExponentiallyWithinJitterAndCaps) {
  BackoffPolicy p;
  p.initial = std::chrono::milliseconds(100);
  p.cap = std::chrono::milliseconds(1000);
  EXPECT_EQ(BackoffDelay(p, 0, 0.0).count(), 50);
  EXPECT_EQ(BackoffDelay(p, 0, 0.999).count(), 99);
  EXPECT_EQ(BackoffDelay(p, 2, 0.0).count(), 200);
  EXPECT_EQ(BackoffDelay(p, 10, 0.0).count(), 500);
  EXPECT_LE(BackoffDelay(p, 10, 0.999).count(), 1000);
}

}  // namespace
}  // namespace ark
