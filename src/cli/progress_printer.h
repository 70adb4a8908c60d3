#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

namespace ark::cli {

// Shows status.progress of a Backup or Restore being waited for: "Progress: 1200/3003 items
// (39%)". On a terminal one line is rewritten in place; otherwise a line is printed each time
// the counts change (the server writes them about once a second).
class ProgressPrinter {
 public:
  // `done_key`: "itemsBackedUp" or "itemsRestored".
  ProgressPrinter(std::ostream& out, const char* done_key, bool terminal);
  // Call with each polled object.
  void operator()(const nlohmann::json& object);
  // Ends the rewritten line, if any, before the outcome is printed.
  void Finish();

 private:
  std::ostream& out_;
  const char* done_key_;
  const bool terminal_;
  std::string last_;
  bool line_open_ = false;
};

// When status.errors or status.warnings (counts) of the finished `object` are not zero:
// "There were 2 errors and 1 warning: run `<describe_command>` to see them."
void PrintProblemCounts(std::ostream& out, const nlohmann::json& object,
                        const std::string& describe_command);

// Whether `out` is this process's standard output and that is a terminal.
bool IsTerminal(const std::ostream& out);

}  // namespace ark::cli
