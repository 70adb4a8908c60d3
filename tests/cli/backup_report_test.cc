#include "cli/backup_report.h"

#include <gtest/gtest.h>

#include "util/log.h"

namespace ark::cli {
namespace {

using nlohmann::json;

// A line as the server's logger writes it.
std::string Line(LogLevel level, const std::string& msg, const LogFields& fields) {
  std::string line = FormatLogLine(Clock::TimePoint{}, level, msg, fields);
  while (!line.empty() && line.back() == '\n') line.pop_back();
  return line;
}

TEST(ParseLogLineTest, UndoesTheLoggersQuotingAndEscapes) {
  const std::string line =
      Line(LogLevel::kError, "say \"hi\"\tto a\\b\nnow",
           {{"backup", "heptio-ark/b"}, {"command", "sh -c x"}, {"empty", ""}});
  auto fields = ParseLogLine(line);
  std::vector<std::pair<std::string, std::string>> want = {
      {"time", "1970-01-01T00:00:00Z"}, {"level", "error"},     {"msg", "say \"hi\"\tto a\\b\nnow"},
      {"backup", "heptio-ark/b"},       {"command", "sh -c x"}, {"empty", ""}};
  EXPECT_EQ(fields, want) << line;
}

TEST(ParseLogLineTest, StopsAtAMalformedTail) {
  auto fields = ParseLogLine(R"(level=info msg="unterminated)");
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].second, "info");
  EXPECT_TRUE(ParseLogLine("not a log line").empty());
}

TEST(BackupLogReaderTest, GroupsWarningsAndErrorsAndKeepsHooksApart) {
  BackupLogReader reader;
  const LogFields backup = {{"backup", "heptio-ark/b"}};
  auto with = [&](LogFields extra) {
    LogFields all = backup;
    all.insert(all.end(), extra.begin(), extra.end());
    return all;
  };
  const LogFields hook = {{"namespace", "app"},
                          {"name", "web"},
                          {"hookType", "pre"},
                          {"container", "c"},
                          {"command", "fsfreeze"}};
  for (const std::string& line : {
           Line(LogLevel::kInfo, "Backing up item",
                with({{"resource", "pods"}, {"namespace", "app"}})),
           Line(LogLevel::kWarning, "resource \"foos\" not found", backup),
           Line(LogLevel::kError, "backing up pods app/db: broken",
                with({{"resource", "pods"}, {"namespace", "app"}})),
           Line(LogLevel::kError, "backing up nodes n1: broken",
                with({{"resource", "nodes"}, {"name", "n1"}})),
           Line(LogLevel::kInfo, "running exec hook", with(hook)),
           Line(LogLevel::kInfo, "exec hook finished", with([&] {
                  LogFields f = hook;
                  f.emplace_back("exitCode", "2");
                  return f;
                }())),
           Line(LogLevel::kError, "hook failed; onError is Continue", with(hook)),
           // Logged again once the run ends, without the item's fields: kept once, where first
           // seen.
           Line(LogLevel::kError, "backing up pods app/db: broken", backup),
           Line(LogLevel::kError, "Backup completed with errors",
                with({{"errors", "2"}, {"warnings", "1"}})),
       }) {
    reader.Line(line);
  }
  json want = {{"warnings", {{"ark", {"resource \"foos\" not found"}}}},
               {"errors",
                {{"namespaces", {{"app", {"backing up pods app/db: broken"}}}},
                 {"cluster", {"backing up nodes n1: broken"}}}}};
  EXPECT_EQ(reader.Results(), want) << reader.Results().dump(2);
  json hooks = {"app/web: pre hook, container c, command [fsfreeze]: exit code 2",
                "app/web: pre hook, container c, command [fsfreeze]: error: hook failed; onError "
                "is Continue"};
  EXPECT_EQ(reader.Hooks(), hooks) << reader.Hooks().dump(2);
}

}  // namespace
}  // namespace ark::cli
