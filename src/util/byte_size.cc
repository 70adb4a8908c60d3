#include "util/byte_size.h"

#include <array>
#include <limits>
#include <utility>

namespace ark {
namespace {

// Largest first, so FormatByteSize finds the largest exact unit.
constexpr std::array<std::pair<std::string_view, int64_t>, 8> kSuffixes = {{
    {"Ti", int64_t{1} << 40},
    {"T", 1'000'000'000'000},
    {"Gi", int64_t{1} << 30},
    {"G", 1'000'000'000},
    {"Mi", int64_t{1} << 20},
    {"M", 1'000'000},
    {"Ki", int64_t{1} << 10},
    {"k", 1'000},
}};

}  // namespace

Result<int64_t> ParseByteSize(std::string_view text) {
  std::string quoted(1, '"');  // appended: GCC 12 misreads "x" + string (-Wrestrict)
  quoted.append(text).push_back('"');
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0) {
    return InvalidArgument("invalid size " + quoted +
                           ": want a whole number of bytes with an optional suffix, such as "
                           "256Mi or 1G");
  }
  int64_t value = 0;
  for (size_t i = 0; i < digits; ++i) {
    const int d = text[i] - '0';
    if (value > (std::numeric_limits<int64_t>::max() - d) / 10) {
      return Status(Code::kOutOfRange, "size " + quoted + " is too large");
    }
    value = value * 10 + d;
  }
  const std::string_view suffix = text.substr(digits);
  if (suffix.empty()) return value;
  for (const auto& [name, factor] : kSuffixes) {
    if (suffix != name) continue;
    if (value > std::numeric_limits<int64_t>::max() / factor) {
      return Status(Code::kOutOfRange, "size " + quoted + " is too large");
    }
    return value * factor;
  }
  return InvalidArgument("invalid size " + quoted + ": unknown suffix \"" + std::string(suffix) +
                         "\" (valid: Ki, Mi, Gi, Ti, k, M, G, T)");
}

std::string FormatByteSize(int64_t bytes) {
  if (bytes > 0) {
    for (const auto& [name, factor] : kSuffixes) {
      if (bytes % factor == 0) return std::to_string(bytes / factor) + std::string(name);
    }
  }
  return std::to_string(bytes);
}

}  // namespace ark
