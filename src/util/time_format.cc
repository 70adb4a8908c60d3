#include "util/time_format.h"

#include <cstdio>

namespace ark {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::seconds;

struct Civil {
  int year;
  unsigned month, day, hour, minute, second;
};

Civil ToCivil(Clock::TimePoint t) {
  auto secs = floor<seconds>(t);
  auto day_point = floor<days>(secs);
  std::chrono::year_month_day ymd{day_point};
  std::chrono::hh_mm_ss<seconds> hms{secs - day_point};
  return {static_cast<int>(ymd.year()),
          static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day()),
          static_cast<unsigned>(hms.hours().count()),
          static_cast<unsigned>(hms.minutes().count()),
          static_cast<unsigned>(hms.seconds().count())};
}

// `t` in UTC through `pattern`, a printf pattern given year (int), then month, day, hour,
// minute and second (unsigned), in that order; a pattern may stop early (a date).
std::string FormatCivil(Clock::TimePoint t, const char* pattern) {
  Civil c = ToCivil(t);
  char buf[40];
  std::snprintf(buf, sizeof(buf), pattern, c.year, c.month, c.day, c.hour, c.minute, c.second);
  return buf;
}

Status BadTime(std::string_view text, std::string_view why) {
  return InvalidArgument("invalid RFC 3339 time \"" + std::string(text) +
                         "\": " + std::string(why) + " (expected e.g. 2017-11-06T22:46:06Z)");
}

// Reads exactly `n` digits at text[*pos].
bool Digits(std::string_view text, size_t* pos, size_t n, int* out) {
  if (*pos + n > text.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = text[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

bool Expect(std::string_view text, size_t* pos, char a, char b = 0) {
  if (*pos >= text.size()) return false;
  char c = text[*pos];
  if (c != a && (b == 0 || c != b)) return false;
  ++*pos;
  return true;
}

}  // namespace

std::string FormatRfc3339(Clock::TimePoint t) {
  return FormatCivil(t, "%04d-%02u-%02uT%02u:%02u:%02uZ");
}

std::string FormatIso8601Basic(Clock::TimePoint t) {
  return FormatCivil(t, "%04d%02u%02uT%02u%02u%02uZ");
}

std::string FormatBasicDate(Clock::TimePoint t) { return FormatCivil(t, "%04d%02u%02u"); }

std::string FormatRfc1123(Clock::TimePoint t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  Civil c = ToCivil(t);
  std::chrono::weekday weekday{floor<days>(t)};
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%s, %02u %s %04d %02u:%02u:%02u GMT",
                kDays[weekday.c_encoding()], c.day, kMonths[c.month - 1], c.year, c.hour, c.minute,
                c.second);
  return buf;
}

std::string FormatNameTimestamp(Clock::TimePoint t) {
  return FormatCivil(t, "%04d%02u%02u%02u%02u%02u");
}

Result<Clock::TimePoint> ParseRfc3339(std::string_view text) {
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!Digits(text, &pos, 4, &year) || !Expect(text, &pos, '-') || !Digits(text, &pos, 2, &month) ||
      !Expect(text, &pos, '-') || !Digits(text, &pos, 2, &day)) {
    return BadTime(text, "bad date");
  }
  if (!Expect(text, &pos, 'T', 't')) return BadTime(text, "missing 'T' between date and time");
  if (!Digits(text, &pos, 2, &hour) || !Expect(text, &pos, ':') ||
      !Digits(text, &pos, 2, &minute) || !Expect(text, &pos, ':') ||
      !Digits(text, &pos, 2, &second)) {
    return BadTime(text, "bad time of day");
  }
  std::chrono::nanoseconds frac{0};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    size_t start = pos;
    int64_t nanos = 0;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 9) {
        nanos = nanos * 10 + (text[pos] - '0');
        ++digits;
      }
      ++pos;
    }
    if (pos == start) return BadTime(text, "empty fraction of a second");
    for (; digits < 9; ++digits) nanos *= 10;
    frac = std::chrono::nanoseconds(nanos);
  }
  int offset_seconds = 0;
  if (Expect(text, &pos, 'Z', 'z')) {
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh, om;
    if (!Digits(text, &pos, 2, &oh) || !Expect(text, &pos, ':') || !Digits(text, &pos, 2, &om) ||
        oh > 23 || om > 59) {
      return BadTime(text, "bad UTC offset");
    }
    offset_seconds = sign * (oh * 3600 + om * 60);
  } else {
    return BadTime(text, "missing time zone ('Z' or an offset such as +02:00)");
  }
  if (pos != text.size()) return BadTime(text, "unexpected text after the time zone");

  std::chrono::year_month_day ymd{std::chrono::year(year),
                                  std::chrono::month(static_cast<unsigned>(month)),
                                  std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) return BadTime(text, "no such date");
  // Second 60 is a leap second; Go rejects it too.
  if (hour > 23 || minute > 59 || second > 59) return BadTime(text, "no such time of day");
  Clock::TimePoint t = std::chrono::sys_days(ymd) + std::chrono::hours(hour) +
                       std::chrono::minutes(minute) + std::chrono::seconds(second) -
                       std::chrono::seconds(offset_seconds);
  return t + std::chrono::duration_cast<Clock::TimePoint::duration>(frac);
}

bool SplitNameTimestamp(std::string_view name, std::string_view* prefix, std::string_view* stamp) {
  constexpr size_t kStamp = 14;
  if (name.size() < kStamp + 2 || name[name.size() - kStamp - 1] != '-') return false;
  std::string_view tail = name.substr(name.size() - kStamp);
  for (char c : tail) {
    if (c < '0' || c > '9') return false;
  }
  if (prefix != nullptr) *prefix = name.substr(0, name.size() - kStamp - 1);
  if (stamp != nullptr) *stamp = tail;
  return true;
}

}  // namespace ark
