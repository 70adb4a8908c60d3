#include "controller/ark_objects.h"

#include <ctime>

namespace ark::controller {

using nlohmann::json;

std::string FormatTime(Clock::TimePoint t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<Clock::TimePoint> ParseTime(const std::string& text) {
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
                  &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6) {
    return InvalidArgument("invalid time \"" + text + "\": want RFC 3339 (2017-11-06T22:46:06Z)");
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  std::time_t secs = timegm(&tm);
  size_t i = static_cast<size_t>(consumed);
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && isdigit(static_cast<unsigned char>(text[i]))) ++i;
  }
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    int hh = 0, mm = 0;
    if (std::sscanf(text.c_str() + i + 1, "%2d:%2d", &hh, &mm) != 2) {
      return InvalidArgument("invalid time zone in \"" + text + "\"");
    }
    int offset = (hh * 60 + mm) * 60;
    secs -= text[i] == '+' ? offset : -offset;
  } else if (i >= text.size() || (text[i] != 'Z' && text[i] != 'z')) {
    return InvalidArgument("invalid time \"" + text + "\": missing time zone");
  }
  return std::chrono::system_clock::from_time_t(secs);
}

Result<json> UpdateWithRetry(kube::DynamicClient& client, const kube::GroupVersionResource& gvr,
                             const std::string& ns, const std::string& name,
                             const std::function<void(json&)>& mutate) {
  Status last;
  for (int attempt = 0; attempt < 5; ++attempt) {
    ARK_ASSIGN_OR_RETURN(json object, client.Get(gvr, ns, name));
    mutate(object);
    auto updated = client.Update(gvr, ns, object);
    if (updated.ok() || updated.status().code() != Code::kConflict) return updated;
    last = updated.status();
  }
  return last;
}

}  // namespace ark::controller
