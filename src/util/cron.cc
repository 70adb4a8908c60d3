#include "util/cron.h"

#include <cctype>
#include <vector>

#include "util/ascii.h"
#include "util/duration.h"

namespace ark {
namespace {

constexpr uint64_t kStarBit = uint64_t{1} << 63;

struct Bounds {
  const char* field;
  unsigned min, max;
  const char* const* names;  // nullptr-terminated, names[i] is value min+i... see below
  unsigned names_base;       // the value of names[0]
};

const char* const kMonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun",  "jul",
                                   "aug", "sep", "oct", "nov", "dec", nullptr};
const char* const kDowNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat", nullptr};

constexpr Bounds kMinute{"minute", 0, 59, nullptr, 0};
constexpr Bounds kHour{"hour", 0, 23, nullptr, 0};
constexpr Bounds kDom{"day-of-month", 1, 31, nullptr, 0};
constexpr Bounds kMonth{"month", 1, 12, kMonthNames, 1};
constexpr Bounds kDow{"day-of-week", 0, 6, kDowNames, 0};

uint64_t BitRange(unsigned min, unsigned max, unsigned step) {
  uint64_t bits = 0;
  for (unsigned i = min; i <= max; i += step) bits |= uint64_t{1} << i;
  return bits;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    if (at == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, at - start));
    start = at + 1;
  }
}

Result<unsigned> ParseNumber(std::string_view s, std::string_view expr) {
  if (s.empty() || s.size() > 9) {
    return InvalidArgument("failed to parse int from \"" + std::string(s) + "\" in " +
                           std::string(expr));
  }
  unsigned v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return InvalidArgument("failed to parse int from \"" + std::string(s) + "\" in " +
                             std::string(expr));
    }
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  return v;
}

Result<unsigned> ParseIntOrName(std::string_view s, const Bounds& b, std::string_view expr) {
  if (b.names != nullptr) {
    const std::string lower = AsciiLower(s);
    for (unsigned i = 0; b.names[i] != nullptr; ++i) {
      if (lower == b.names[i]) return b.names_base + i;
    }
  }
  return ParseNumber(s, expr);
}

// One comma-separated part: "*", "?", "5", "1-5", "*/15", "1-30/2", "5/10", "mon-fri".
Result<uint64_t> ParseRange(std::string_view expr, const Bounds& b) {
  std::vector<std::string_view> range_and_step = Split(expr, '/');
  std::vector<std::string_view> low_high = Split(range_and_step[0], '-');
  bool single = low_high.size() == 1;
  unsigned start = 0, end = 0, step = 1;
  uint64_t extra = 0;
  if (low_high[0] == "*" || low_high[0] == "?") {
    if (!single) return InvalidArgument("'*' cannot start a range: " + std::string(expr));
    start = b.min;
    end = b.max;
    extra = kStarBit;
  } else {
    ARK_ASSIGN_OR_RETURN(start, ParseIntOrName(low_high[0], b, expr));
    if (low_high.size() == 1) {
      end = start;
    } else if (low_high.size() == 2) {
      ARK_ASSIGN_OR_RETURN(end, ParseIntOrName(low_high[1], b, expr));
    } else {
      return InvalidArgument("too many hyphens: " + std::string(expr));
    }
  }
  if (range_and_step.size() == 2) {
    ARK_ASSIGN_OR_RETURN(step, ParseNumber(range_and_step[1], expr));
    if (single) end = b.max;  // "N/step" means "N-max/step".
    if (step > 1) extra = 0;
  } else if (range_and_step.size() > 2) {
    return InvalidArgument("too many slashes: " + std::string(expr));
  }
  if (start < b.min) {
    return InvalidArgument("beginning of range (" + std::to_string(start) + ") below minimum (" +
                           std::to_string(b.min) + "): " + std::string(expr));
  }
  if (end > b.max) {
    return InvalidArgument("end of range (" + std::to_string(end) + ") above maximum (" +
                           std::to_string(b.max) + "): " + std::string(expr));
  }
  if (start > end) {
    return InvalidArgument("beginning of range (" + std::to_string(start) +
                           ") beyond end of range (" + std::to_string(end) +
                           "): " + std::string(expr));
  }
  if (step == 0)
    return InvalidArgument("step of range should be a positive number: " + std::string(expr));
  return BitRange(start, end, step) | extra;
}

Result<uint64_t> ParseField(std::string_view field, const Bounds& b) {
  uint64_t bits = 0;
  for (std::string_view part : Split(field, ',')) {
    auto r = ParseRange(part, b);
    if (!r.ok()) {
      Status s = r.status();
      return InvalidArgument(std::string(b.field) + ": " + s.message());
    }
    bits |= *r;
  }
  return bits;
}

std::vector<std::string_view> Fields(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

}  // namespace

Result<CronSchedule> CronSchedule::Parse(std::string_view spec) {
  auto fail = [&](const std::string& why) -> Status {
    return InvalidArgument("cron expression \"" + std::string(spec) + "\": " + why);
  };
  CronSchedule s;
  s.spec_ = std::string(spec);
  std::vector<std::string_view> fields = Fields(spec);
  if (fields.empty()) return fail("empty spec string");

  if (fields[0].front() == '@') {
    std::string_view d = fields[0];
    std::string expanded;
    if (d == "@every") {
      if (fields.size() != 2) return fail("@every takes exactly one duration, e.g. @every 1h30m");
      auto dur = ParseDuration(fields[1]);
      if (!dur.ok()) return fail(dur.status().message());
      // robfig/cron turns "@every 0s" into every second; a zero or negative interval is a
      // mistake, not a request for the busiest schedule there is.
      if (dur->count() <= 0) return fail("the interval must be positive, e.g. @every 1h");
      auto secs = std::chrono::duration_cast<std::chrono::seconds>(*dur);
      if (secs < std::chrono::seconds(1)) secs = std::chrono::seconds(1);
      s.every_ = secs;
      return s;
    }
    if (fields.size() != 1) return fail("descriptor " + std::string(d) + " takes no fields");
    if (d == "@yearly" || d == "@annually") {
      expanded = "0 0 1 1 *";
    } else if (d == "@monthly") {
      expanded = "0 0 1 * *";
    } else if (d == "@weekly") {
      expanded = "0 0 * * 0";
    } else if (d == "@daily" || d == "@midnight") {
      expanded = "0 0 * * *";
    } else if (d == "@hourly") {
      expanded = "0 * * * *";
    } else {
      return fail("unrecognized descriptor " + std::string(d) +
                  " (known: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, "
                  "@every <duration>)");
    }
    auto r = Parse(expanded);
    if (!r.ok()) return r.status();
    r->spec_ = std::string(spec);
    return r;
  }
  if (fields.size() != 5) {
    return fail("expected exactly 5 fields (minute hour day-of-month month day-of-week), found " +
                std::to_string(fields.size()));
  }
  const Bounds* bounds[] = {&kMinute, &kHour, &kDom, &kMonth, &kDow};
  uint64_t* targets[] = {&s.minute_, &s.hour_, &s.dom_, &s.month_, &s.dow_};
  for (size_t i = 0; i < 5; ++i) {
    auto bits = ParseField(fields[i], *bounds[i]);
    if (!bits.ok()) return fail(bits.status().message());
    *targets[i] = *bits;
  }
  return s;
}

namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

bool Has(uint64_t bits, unsigned v) { return (bits & (uint64_t{1} << v)) != 0; }

}  // namespace

Clock::TimePoint CronSchedule::Next(Clock::TimePoint after) const {
  if (every_.count() > 0) {
    return floor<seconds>(after) + every_;
  }
  // Start at the next whole minute strictly after `after` (seconds field is always 0).
  auto t = floor<minutes>(after) + minutes(1);
  const int year_limit = static_cast<int>(std::chrono::year_month_day{floor<days>(t)}.year()) + 5;

  auto dow_of = [](std::chrono::sys_days d) {
    return std::chrono::weekday{d}.c_encoding();  // Sunday = 0
  };
  auto day_matches = [&](std::chrono::sys_days d) {
    std::chrono::year_month_day ymd{d};
    bool dom_match = Has(dom_, static_cast<unsigned>(ymd.day()));
    bool dow_match = Has(dow_, dow_of(d));
    if ((dom_ & kStarBit) || (dow_ & kStarBit)) return dom_match && dow_match;
    return dom_match || dow_match;
  };

  while (true) {
    auto day = floor<days>(t);
    std::chrono::year_month_day ymd{day};
    if (static_cast<int>(ymd.year()) > year_limit) return Clock::TimePoint{};
    // Month: jump to the first day of the next month.
    if (!Has(month_, static_cast<unsigned>(ymd.month()))) {
      auto first = std::chrono::year_month_day{ymd.year(), ymd.month(), std::chrono::day(1)};
      t = std::chrono::sys_days(first + std::chrono::months(1));
      continue;
    }
    if (!day_matches(day)) {
      t = day + days(1);
      continue;
    }
    auto since_midnight = floor<minutes>(t) - day;
    unsigned hour = static_cast<unsigned>(floor<hours>(since_midnight).count());
    unsigned minute =
        static_cast<unsigned>((since_midnight - floor<hours>(since_midnight)).count());
    if (!Has(hour_, hour)) {
      t = day + hours(hour + 1);
      continue;
    }
    if (!Has(minute_, minute)) {
      t = floor<minutes>(t) + minutes(1);
      continue;
    }
    return t;
  }
}

}  // namespace ark
