#include "cli/progress_printer.h"

#include <gtest/gtest.h>

#include <sstream>

namespace ark::cli {
namespace {

using nlohmann::json;

json Backup(int64_t done, int64_t total) {
  return {
      {"status",
       {{"phase", "InProgress"}, {"progress", {{"itemsBackedUp", done}, {"totalItems", total}}}}}};
}

TEST(ProgressPrinterTest, PrintsALinePerChangeWhenNotOnATerminal) {
  std::ostringstream out;
  ProgressPrinter print(out, "itemsBackedUp", /*terminal=*/false);
  print(json{{"status", {{"phase", "New"}}}});  // nothing recorded yet
  print(Backup(0, 3003));
  print(Backup(0, 3003));
  print(Backup(1500, 3003));
  print.Finish();
  EXPECT_EQ(out.str(),
            "Progress: 0/3003 items (0%)\n"
            "Progress: 1500/3003 items (49%)\n");
}

TEST(ProgressPrinterTest, RewritesOneLineOnATerminal) {
  std::ostringstream out;
  ProgressPrinter print(out, "itemsRestored", /*terminal=*/true);
  print(json{{"status", {{"progress", {{"itemsRestored", 1}, {"totalItems", 4}}}}}});
  print(json{{"status", {{"progress", {{"itemsRestored", 4}, {"totalItems", 4}}}}}});
  print.Finish();
  EXPECT_EQ(out.str(),
            "\r\033[KProgress: 1/4 items (25%)"
            "\r\033[KProgress: 4/4 items (100%)\n");
}

TEST(PrintProblemCountsTest, NamesTheCountsAndTheCommandThatListsThem) {
  std::ostringstream out;
  PrintProblemCounts(out, json{{"status", {{"errors", 2}, {"warnings", 1}}}},
                     "ark backup describe b");
  PrintProblemCounts(out, json{{"status", {{"errors", 0}, {"warnings", 0}}}},
                     "ark backup describe c");
  EXPECT_EQ(out.str(),
            "There were 2 errors and 1 warning: run `ark backup describe b` to see them.\n");
}

}  // namespace
}  // namespace ark::cli
