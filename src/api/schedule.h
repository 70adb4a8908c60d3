#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/backup.h"
#include "api/json_fields.h"
#include "api/object_meta.h"
#include "util/cron.h"
#include "util/result.h"

namespace ark::api {

struct ScheduleSpec {
  BackupSpec backup_template;  // "template": the spec of every Backup the schedule creates
  std::string schedule;        // cron expression, see util/cron.h
  Json raw;

  static Result<ScheduleSpec> FromJson(const Json& j, std::string_view where = "spec");
  Json ToJson() const;
};

struct ScheduleStatus {
  std::string phase;  // New, Enabled, FailedValidation
  std::optional<Clock::TimePoint> last_backup;
  std::vector<std::string> validation_errors;
  Json raw;

  static Result<ScheduleStatus> FromJson(const Json& j, std::string_view where = "status");
  Json ToJson() const;
};

struct Schedule {
  ObjectMeta metadata;
  ScheduleSpec spec;
  ScheduleStatus status;
  Json raw;

  static Result<Schedule> FromJson(const Json& j);
  Json ToJson() const;
};

// A new Schedule named `name` in namespace `ns` as `ark schedule create` writes one: schedule
// "", the template as NewBackupSpec, status {phase: ""} (see NewBackup).
Schedule NewSchedule(const std::string& name, const std::string& ns);

// The Backup `schedule` creates at `now`: named "<schedule>-YYYYMMDDhhmmss" (UTC) in the
// schedule's namespace, labelled ark-schedule=<schedule> (plus the schedule's labels), with the
// template as its spec and the backup defaults applied.
Backup NewScheduledBackup(const Schedule& schedule, Clock::TimePoint now);

// When the schedule runs next: the cron's next activation after status.lastBackup, where a
// schedule that never ran counts from the epoch (so its first backup is due at once).
Clock::TimePoint NextRun(const CronSchedule& cron, const ScheduleStatus& status);
// True when a backup is due at `now` (now is after NextRun); no catch-up of missed runs.
bool ScheduleDue(const CronSchedule& cron, const ScheduleStatus& status, Clock::TimePoint now);

}  // namespace ark::api
