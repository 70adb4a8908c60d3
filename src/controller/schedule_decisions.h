#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/schedule.h"
#include "util/clock.h"

namespace ark::controller {

// What the schedule and GC controllers decide, as functions of the object and the time: no
// client, store or clock in here (tests/controller/schedule_decisions_test.cc). Objects are
// JSON, as the controllers judge objects whose fields have the wrong type too.

// The validation verdict a Schedule's status records: Enabled, or FailedValidation with
// `errors` (the schedule then creates nothing until its spec is fixed).
api::ScheduleStatus ScheduleVerdict(const std::vector<std::string>& errors);

// Whether the verdict is (re)written: a schedule no server has judged yet (phase "" or New),
// or one that fails validation now (its spec was edited since it was Enabled).
bool NeedsVerdict(const std::string& phase, const std::vector<std::string>& errors);

// Whether the Schedule's next backup is due at `now`: at once for a schedule that never ran
// (no readable status.lastBackup), else from the first cron time after the last backup; never
// for an expression that does not parse or never fires.
bool BackupDue(const nlohmann::json& schedule, Clock::TimePoint now);

// The Backup the Schedule creates at `now`: named <schedule>-<yyyyMMddHHmmss> in the
// schedule's namespace, with the schedule's labels and ark-schedule=<schedule> (which wins
// over a label of that key on the schedule), its spec the schedule's template.
nlohmann::json ScheduledBackup(const nlohmann::json& schedule, Clock::TimePoint now);

// Whether the GC deletes `backup` at `now`: its status.expiration has passed, and it is not
// InProgress. A backup without an expiration (ttl 0) is kept.
bool BackupExpired(const nlohmann::json& backup, Clock::TimePoint now);

}  // namespace ark::controller
