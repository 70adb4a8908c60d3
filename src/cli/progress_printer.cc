#include "cli/progress_printer.h"

#include <unistd.h>

#include <iostream>

#include "util/json_access.h"

namespace ark::cli {

ProgressPrinter::ProgressPrinter(std::ostream& out, const char* done_key, bool terminal)
    : out_(out), done_key_(done_key), terminal_(terminal) {}

void ProgressPrinter::operator()(const nlohmann::json& object) {
  const nlohmann::json p = Obj(Obj(object, "status"), "progress");
  if (!p.is_object() || !p.contains("totalItems")) return;
  const int64_t done = p.value(done_key_, int64_t{0});
  const int64_t total = p.value("totalItems", int64_t{0});
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

int64_t Count(const nlohmann::json& status, const char* key) {
  auto it = status.find(key);
  return it != status.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

std::string Counted(int64_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

}  // namespace

void PrintProblemCounts(std::ostream& out, const nlohmann::json& object,
                        const std::string& describe_command) {
  const nlohmann::json& status = Obj(object, "status");
  const int64_t errors = Count(status, "errors");
  const int64_t warnings = Count(status, "warnings");
  if (errors == 0 && warnings == 0) return;
  out << "There were " << Counted(errors, "error") << " and " << Counted(warnings, "warning")
      << ": run `" << describe_command << "` to see them.\n";
}

bool IsTerminal(const std::ostream& out) {
  return &out == &std::cout && ::isatty(STDOUT_FILENO) == 1;
}

}  // namespace ark::cli
