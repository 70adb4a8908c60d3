#include "cli/progress_printer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace ark::cli {
namespace {

using nlohmann::json;

json Backup(int64_t done, int64_t total) {
  return {
      {"status",
       {{"phase", "InProgress"}, {"progress", {{"itemsBackedUp", done}, {"totalItems", total}}}}}};
}

// What the create commands hand the printer for each polled object.
std::optional<ItemProgress> OfBackup(const json& backup) {
  auto status = api::BackupStatus::FromJson(backup["status"]);
  EXPECT_TRUE(status.ok()) << status.status().ToString();
  return status.ok() ? ProgressOf(*status) : std::nullopt;
}

TEST(ProgressPrinterTest, PrintsALinePerChangeWhenNotOnATerminal) {
  std::ostringstream out;
  ProgressPrinter print(out, /*terminal=*/false);
  print.Show(OfBackup(json{{"status", {{"phase", "New"}}}}));  // nothing recorded yet
  print.Show(OfBackup(Backup(0, 3003)));
  print.Show(OfBackup(Backup(0, 3003)));
  print.Show(OfBackup(Backup(1500, 3003)));
  print.Finish();
  EXPECT_EQ(out.str(),
            "Progress: 0/3003 items (0%)\n"
            "Progress: 1500/3003 items (49%)\n");
}

TEST(ProgressPrinterTest, RewritesOneLineOnATerminal) {
  std::ostringstream out;
  ProgressPrinter print(out, /*terminal=*/true);
  for (int64_t done : {1, 4}) {
    auto status = api::RestoreStatus::FromJson(
        json{{"progress", {{"itemsRestored", done}, {"totalItems", 4}}}});
    ASSERT_TRUE(status.ok()) << status.status().ToString();
    print.Show(ProgressOf(*status));
  }
  print.Finish();
  EXPECT_EQ(out.str(),
            "\r\033[KProgress: 1/4 items (25%)"
            "\r\033[KProgress: 4/4 items (100%)\n");
}

TEST(PrintProblemCountsTest, NamesTheCountsAndTheCommandThatListsThem) {
  std::ostringstream out;
  PrintProblemCounts(out, /*errors=*/2, /*warnings=*/1, "ark backup describe b");
  PrintProblemCounts(out, /*errors=*/0, /*warnings=*/0, "ark backup describe c");
  EXPECT_EQ(out.str(),
            "There were 2 errors and 1 warning: run `ark backup describe b` to see them.\n");
}

}  // namespace
}  // namespace ark::cli
