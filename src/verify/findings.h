#pragma once

#include <cstdint>
#include <string>

#include "verify/backup_verifier.h"

namespace ark::verify {

// Adds problems to a report, keeping at most kMaxProblems and counting the rest.
class Findings {
 public:
  explicit Findings(VerifyReport& report) : report_(report) {}

  void Problem(std::string where, std::string what) {
    if (report_.problems.size() < kMaxProblems) {
      report_.problems.push_back({std::move(where), std::move(what)});
    } else {
      ++report_.problems_not_kept;
    }
  }
  void Check(std::string line) { report_.checks.push_back(std::move(line)); }
  VerifyReport& report() { return report_; }

 private:
  VerifyReport& report_;
};

// "4,212,331 bytes".
inline std::string Bytes(int64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-') out += ',';
    out += digits[i];
  }
  return out + (n == 1 ? " byte" : " bytes");
}

}  // namespace ark::verify
