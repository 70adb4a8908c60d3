#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "api/backup.h"
#include "api/restore.h"

namespace ark::cli {

// Items done out of the total, from status.progress of a Backup or Restore.
struct ItemProgress {
  int64_t done = 0;
  int64_t total = 0;
};

// status.progress of a backup or restore; nullopt before the server recorded any.
std::optional<ItemProgress> ProgressOf(const api::BackupStatus& status);
std::optional<ItemProgress> ProgressOf(const api::RestoreStatus& status);

// Shows the progress of a Backup or Restore being waited for: "Progress: 1200/3003 items
// (39%)". On a terminal one line is rewritten in place; otherwise a line is printed each time
// the counts change (the server writes them about once a second).
class ProgressPrinter {
 public:
  ProgressPrinter(std::ostream& out, bool terminal);
  // Call with the progress of each polled object (nullopt: none recorded yet, nothing shown).
  void Show(const std::optional<ItemProgress>& progress);
  // Ends the rewritten line, if any, before the outcome is printed.
  void Finish();

 private:
  std::ostream& out_;
  const bool terminal_;
  std::string last_;
  bool line_open_ = false;
};

// When the status counts of a finished backup or restore are not zero:
// "There were 2 errors and 1 warning: run `<describe_command>` to see them."
void PrintProblemCounts(std::ostream& out, int64_t errors, int64_t warnings,
                        const std::string& describe_command);

// Whether `out` is this process's standard output and that is a terminal.
bool IsTerminal(const std::ostream& out);

}  // namespace ark::cli
