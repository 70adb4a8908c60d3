#include "controller/schedule_decisions.h"

#include "api/group.h"
#include "api/resources.h"
#include "util/cron.h"
#include "util/json_access.h"
#include "util/time_format.h"

namespace ark::controller {

using nlohmann::json;

api::ScheduleStatus ScheduleVerdict(const std::vector<std::string>& errors) {
  api::ScheduleStatus verdict;
  verdict.phase = errors.empty() ? "Enabled" : "FailedValidation";
  verdict.validation_errors = errors;
  return verdict;
}

bool NeedsVerdict(const std::string& phase, const std::vector<std::string>& errors) {
  return !errors.empty() || phase.empty() || phase == "New";
}

bool BackupDue(const json& schedule, Clock::TimePoint now) {
  auto cron = CronSchedule::Parse(Str(Obj(schedule, "spec"), "schedule"));
  if (!cron.ok()) return false;
  auto last = ParseRfc3339(Str(Obj(schedule, "status"), "lastBackup"));
  if (!last.ok() || *last == Clock::TimePoint{}) return true;
  const Clock::TimePoint next = cron->Next(*last);
  return next != Clock::TimePoint{} && now >= next;
}

json ScheduledBackup(const json& schedule, Clock::TimePoint now) {
  const std::string name = api::Name(schedule);
  // The schedule's labels (`ark schedule create --labels`) go on each backup, as Velero does.
  json labels = json::object();
  for (const auto& [key, value] : Obj(Obj(schedule, "metadata"), "labels").items()) {
    if (value.is_string()) labels[key] = value;
  }
  labels[std::string(api::kScheduleNameLabel)] = name;
  return {
      {"apiVersion", "ark.heptio.com/v1"},
      {"kind", "Backup"},
      {"metadata",
       {{"name", name + "-" + FormatNameTimestamp(now)},
        {"namespace", api::Namespace(schedule)},
        {"labels", std::move(labels)}}},
      {"spec", Obj(Obj(schedule, "spec"), "template")},
  };
}

bool BackupExpired(const json& backup, Clock::TimePoint now) {
  if (api::Phase(backup) == "InProgress") return false;
  const std::string text = Str(Obj(backup, "status"), "expiration");
  if (text.empty()) return false;
  auto t = ParseRfc3339(text);
  return t.ok() && *t <= now;
}

}  // namespace ark::controller
