#include "api/schedule.h"

#include "api/defaults.h"
#include "api/group.h"
#include "api/object_io.h"
#include "util/time_format.h"

namespace ark::api {

Result<ScheduleSpec> ScheduleSpec::FromJson(const Json& j, std::string_view where) {
  ScheduleSpec s;
  if (j.is_null()) return s;
  if (!j.is_object())
    return InvalidArgument(std::string(where) + ": expected an object, got " + j.type_name());
  s.raw = j;
  const Json* t;
  ARK_RETURN_IF_ERROR(ReadObject(j, where, "template", &t));
  ARK_ASSIGN_OR_RETURN(s.backup_template, BackupSpec::FromJson(*t, FieldPath(where, "template")));
  ARK_RETURN_IF_ERROR(ReadString(j, where, "schedule", &s.schedule));
  return s;
}

Json ScheduleSpec::ToJson() const {
  Json out = BaseObject(raw);
  WriteObject(out, "template", backup_template.ToJson());
  WriteString(out, "schedule", schedule);
  return out;
}

Result<ScheduleStatus> ScheduleStatus::FromJson(const Json& j, std::string_view where) {
  ScheduleStatus s;
  if (j.is_null()) return s;
  if (!j.is_object())
    return InvalidArgument(std::string(where) + ": expected an object, got " + j.type_name());
  s.raw = j;
  ARK_RETURN_IF_ERROR(ReadString(j, where, "phase", &s.phase));
  ARK_RETURN_IF_ERROR(ReadTime(j, where, "lastBackup", &s.last_backup));
  ARK_RETURN_IF_ERROR(ReadStringList(j, where, "validationErrors", &s.validation_errors));
  return s;
}

Json ScheduleStatus::ToJson() const {
  Json out = BaseObject(raw);
  WriteString(out, "phase", phase);
  WriteTime(out, "lastBackup", last_backup);
  WriteStringList(out, "validationErrors", validation_errors);
  return out;
}

Result<Schedule> Schedule::FromJson(const Json& j) {
  ARK_RETURN_IF_ERROR(CheckKind(j, "Schedule"));
  Schedule s;
  s.raw = j;
  auto meta = ObjectMeta::FromJson(j.value("metadata", Json()));
  if (!meta.ok()) return InObject(meta.status(), "Schedule", j);
  s.metadata = std::move(*meta);
  auto spec = ScheduleSpec::FromJson(j.value("spec", Json()));
  if (!spec.ok()) return InObject(spec.status(), "Schedule", j);
  s.spec = std::move(*spec);
  auto status = ScheduleStatus::FromJson(j.value("status", Json()));
  if (!status.ok()) return InObject(status.status(), "Schedule", j);
  s.status = std::move(*status);
  return s;
}

Json Schedule::ToJson() const {
  Json out = BaseObject(raw);
  SetTypeMeta(out, "Schedule");
  out["metadata"] = metadata.ToJson();
  WriteObject(out, "spec", spec.ToJson());
  WriteObject(out, "status", status.ToJson());
  return out;
}

Schedule NewSchedule(const std::string& name, const std::string& ns) {
  Schedule s;
  s.metadata = NewObjectMeta(name, ns);
  s.spec.backup_template = NewBackupSpec();
  s.spec.raw = Json{{"schedule", ""}, {"template", s.spec.backup_template.raw}};
  s.status.raw = Json{{"phase", ""}};
  return s;
}

Backup NewScheduledBackup(const Schedule& schedule, Clock::TimePoint now) {
  Backup b;
  b.metadata.name = schedule.metadata.name + "-" + FormatNameTimestamp(now);
  b.metadata.ns = schedule.metadata.ns;
  b.metadata.labels = schedule.metadata.labels;
  b.metadata.labels[std::string(kScheduleNameLabel)] = schedule.metadata.name;
  b.spec = schedule.spec.backup_template;
  ApplyBackupDefaults(b.spec);
  return b;
}

Clock::TimePoint NextRun(const CronSchedule& cron, const ScheduleStatus& status) {
  return cron.Next(status.last_backup.value_or(Clock::TimePoint{}));
}

bool ScheduleDue(const CronSchedule& cron, const ScheduleStatus& status, Clock::TimePoint now) {
  Clock::TimePoint next = NextRun(cron, status);
  // An impossible schedule ("0 0 30 2 *") has no next run.
  if (next == Clock::TimePoint{}) return false;
  return now > next;
}

}  // namespace ark::api
