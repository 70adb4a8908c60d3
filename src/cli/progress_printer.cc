#include "cli/progress_printer.h"

#include <unistd.h>

#include <iostream>

namespace ark::cli {

std::optional<ItemProgress> ProgressOf(const api::BackupStatus& status) {
  if (!status.progress.has_value()) return std::nullopt;
  return ItemProgress{status.progress->items_backed_up, status.progress->total_items};
}

std::optional<ItemProgress> ProgressOf(const api::RestoreStatus& status) {
  if (!status.progress.has_value()) return std::nullopt;
  return ItemProgress{status.progress->items_restored, status.progress->total_items};
}

ProgressPrinter::ProgressPrinter(std::ostream& out, bool terminal)
    : out_(out), terminal_(terminal) {}

void ProgressPrinter::Show(const std::optional<ItemProgress>& progress) {
  if (!progress.has_value()) return;
  const int64_t done = progress->done;
  const int64_t total = progress->total;
  std::string text = std::to_string(done) + "/" + std::to_string(total) + " items";
  if (total > 0) text += " (" + std::to_string(done * 100 / total) + "%)";
  if (text == last_) return;
  last_ = text;
  if (terminal_) {
    out_ << "\r\033[KProgress: " << text << std::flush;
    line_open_ = true;
  } else {
    out_ << "Progress: " << text << "\n" << std::flush;
  }
}

void ProgressPrinter::Finish() {
  if (line_open_) out_ << "\n";
  line_open_ = false;
}

namespace {

std::string Counted(int64_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

}  // namespace

void PrintProblemCounts(std::ostream& out, int64_t errors, int64_t warnings,
                        const std::string& describe_command) {
  if (errors == 0 && warnings == 0) return;
  out << "There were " << Counted(errors, "error") << " and " << Counted(warnings, "warning")
      << ": run `" << describe_command << "` to see them.\n";
}

bool IsTerminal(const std::ostream& out) {
  return &out == &std::cout && ::isatty(STDOUT_FILENO) == 1;
}

}  // namespace ark::cli
