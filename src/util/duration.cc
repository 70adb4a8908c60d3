#include "util/duration.h"

#include <cstdint>
#include <limits>

namespace ark {
namespace {

struct Unit {
  std::string_view name;
  uint64_t nanos;
};

constexpr Unit kUnits[] = {
    {"ns", 1},
    {"us", 1000},
    {"\xC2\xB5s", 1000},  // U+00B5 micro sign
    {"\xCE\xBCs", 1000},  // U+03BC Greek mu
    {"ms", 1000000},
    {"s", 1000000000ULL},
    {"m", 60ULL * 1000000000ULL},
    {"h", 3600ULL * 1000000000ULL},
};

Status Invalid(std::string_view text, std::string_view why) {
  return InvalidArgument("invalid duration \"" + std::string(text) + "\": " + std::string(why));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Result<std::chrono::nanoseconds> ParseDuration(std::string_view text) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return std::chrono::nanoseconds(0);
  if (s.empty()) return Invalid(text, "empty");

  // Accumulate in unsigned 64 bits like Go; the magnitude limit is 1<<63 (for the minimum).
  constexpr uint64_t kLimit = uint64_t{1} << 63;
  uint64_t total = 0;
  while (!s.empty()) {
    if (!IsDigit(s[0]) && s[0] != '.') return Invalid(text, "expected a number");
    uint64_t whole = 0;
    bool overflow = false;
    size_t i = 0;
    bool any_digit = false;
    for (; i < s.size() && IsDigit(s[i]); ++i) {
      any_digit = true;
      if (whole > (kLimit - 9) / 10) overflow = true;
      whole = whole * 10 + static_cast<uint64_t>(s[i] - '0');
    }
    uint64_t frac = 0;
    uint64_t frac_scale = 1;
    if (i < s.size() && s[i] == '.') {
      ++i;
      for (; i < s.size() && IsDigit(s[i]); ++i) {
        any_digit = true;
        if (frac_scale < 1000000000000000000ULL) {
          frac = frac * 10 + static_cast<uint64_t>(s[i] - '0');
          frac_scale *= 10;
        }
      }
    }
    if (!any_digit) return Invalid(text, "expected a number");
    if (overflow)
      return Status(Code::kOutOfRange, "duration \"" + std::string(text) + "\" is out of range");
    s.remove_prefix(i);

    size_t unit_len = 0;
    while (unit_len < s.size() && !IsDigit(s[unit_len]) && s[unit_len] != '.') ++unit_len;
    if (unit_len == 0) return Invalid(text, "missing unit (valid: ns, us, ms, s, m, h)");
    std::string_view unit_name = s.substr(0, unit_len);
    s.remove_prefix(unit_len);
    const Unit* unit = nullptr;
    for (const Unit& u : kUnits) {
      if (u.name == unit_name) unit = &u;
    }
    if (unit == nullptr) {
      return Invalid(
          text, "unknown unit \"" + std::string(unit_name) + "\" (valid: ns, us, ms, s, m, h)");
    }

    if (whole > kLimit / unit->nanos) {
      return Status(Code::kOutOfRange, "duration \"" + std::string(text) + "\" is out of range");
    }
    uint64_t value = whole * unit->nanos;
    if (frac > 0) {
      // frac / frac_scale * unit, computed in long double to keep sub-nanosecond rounding sane.
      long double part = static_cast<long double>(frac) * static_cast<long double>(unit->nanos) /
                         static_cast<long double>(frac_scale);
      value += static_cast<uint64_t>(part);
    }
    if (value > kLimit || total > kLimit - value) {
      return Status(Code::kOutOfRange, "duration \"" + std::string(text) + "\" is out of range");
    }
    total += value;
  }
  if (total == kLimit) {
    if (!negative) {
      return Status(Code::kOutOfRange, "duration \"" + std::string(text) + "\" is out of range");
    }
    return std::chrono::nanoseconds(std::numeric_limits<int64_t>::min());
  }
  int64_t signed_total = static_cast<int64_t>(total);
  return std::chrono::nanoseconds(negative ? -signed_total : signed_total);
}

namespace {

// Writes v/10^prec into buf ending at w (Go's fmtFrac): omits trailing zeros and the
// decimal point when the fraction is zero. Returns the new start and v / 10^prec.
size_t FormatFrac(char* buf, size_t w, uint64_t v, int prec, uint64_t* out) {
  bool print = false;
  for (int i = 0; i < prec; ++i) {
    uint64_t digit = v % 10;
    print = print || digit != 0;
    if (print) buf[--w] = static_cast<char>('0' + digit);
    v /= 10;
  }
  if (print) buf[--w] = '.';
  *out = v;
  return w;
}

size_t FormatInt(char* buf, size_t w, uint64_t v) {
  if (v == 0) {
    buf[--w] = '0';
    return w;
  }
  while (v > 0) {
    buf[--w] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return w;
}

}  // namespace

std::string FormatDuration(std::chrono::nanoseconds d) {
  char buf[40];
  size_t w = sizeof(buf);
  int64_t n = d.count();
  bool negative = n < 0;
  uint64_t u = negative ? uint64_t{0} - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);

  if (u < 1000000000ULL) {
    // Below one second: use a smaller unit, e.g. "1.2ms".
    int prec = 0;
    buf[--w] = 's';
    --w;
    if (u == 0) {
      return "0s";
    } else if (u < 1000) {
      prec = 0;
      buf[w] = 'n';
    } else if (u < 1000000) {
      prec = 3;
      // "µs" is two bytes in UTF-8.
      buf[w] = '\xB5';
      buf[--w] = '\xC2';
    } else {
      prec = 6;
      buf[w] = 'm';
    }
    w = FormatFrac(buf, w, u, prec, &u);
    w = FormatInt(buf, w, u);
  } else {
    buf[--w] = 's';
    w = FormatFrac(buf, w, u, 9, &u);
    w = FormatInt(buf, w, u % 60);  // whole seconds
    u /= 60;
    if (u > 0) {
      buf[--w] = 'm';
      w = FormatInt(buf, w, u % 60);
      u /= 60;
      if (u > 0) {
        buf[--w] = 'h';
        w = FormatInt(buf, w, u);
      }
    }
  }
  if (negative) buf[--w] = '-';
  return std::string(buf + w, sizeof(buf) - w);
}

}  // namespace ark
