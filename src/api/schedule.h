#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/backup.h"
#include "api/json_fields.h"
#include "api/object_meta.h"
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

}  // namespace ark::api
