#include "controller/schedule_controller.h"

#include "api/resources.h"
#include "api/schedule.h"
#include "api/validation.h"
#include "controller/ark_objects.h"
#include "util/cron.h"
#include "util/json_access.h"
#include "util/time_format.h"

namespace ark::controller {

using nlohmann::json;

Status ScheduleController::Sync(const std::string& key) {
  auto schedule = schedules_.Get(key);
  if (!schedule) return Status::Ok();
  const std::string ns = api::Namespace(*schedule);
  const std::string name = api::Name(*schedule);
  std::string phase = api::Phase(*schedule);
  if (phase == "FailedValidation") return Status::Ok();

  // Validated in every phase (as Ark does): an Enabled schedule whose spec was edited into an
  // invalid one stops creating backups that would all fail.
  const std::vector<std::string> errors = api::ValidateSchedule(*schedule);
  if (!errors.empty() || phase.empty() || phase == "New") {
    api::ScheduleStatus verdict;
    verdict.phase = "Enabled";
    if (!errors.empty()) {
      log_.Info("Schedule failed validation",
                {{"schedule", ns + "/" + name}, {"errors", std::to_string(errors.size())}});
      verdict.phase = "FailedValidation";
      verdict.validation_errors = errors;
    }
    auto updated = UpdateWithRetry(client_, api::SchedulesGvr(), ns, name,
                                   [&](json& s) { MergeStatus(s, verdict.ToJson()); });
    if (!updated.ok()) return updated.status();
    if (!errors.empty()) return Status::Ok();
    schedule = std::move(*updated);
  }
  const json spec = Obj(*schedule, "spec");
  auto cron = CronSchedule::Parse(Str(spec, "schedule"));
  if (!cron.ok()) return Status::Ok();  // validated above; changed since

  Clock::TimePoint last{};
  std::string last_text = Str(Obj(*schedule, "status"), "lastBackup");
  if (!last_text.empty()) {
    auto parsed = ParseRfc3339(last_text);
    if (parsed.ok()) last = *parsed;
  }
  const auto now = clock_.Now();
  if (last != Clock::TimePoint{}) {
    auto next = cron->Next(last);
    if (next == Clock::TimePoint{} || now < next) return Status::Ok();
  }

  const std::string backup_name = name + "-" + FormatNameTimestamp(now);
  json backup = {
      {"apiVersion", "ark.heptio.com/v1"},
      {"kind", "Backup"},
      {"metadata",
       {{"name", backup_name}, {"namespace", ns}, {"labels", {{"ark-schedule", name}}}}},
      {"spec", Obj(spec, "template")},
  };
  auto created = client_.Create(api::BackupsGvr(), ns, backup);
  if (!created.ok() && created.status().code() != Code::kAlreadyExists) {
    return Status(created.status()).Annotate("creating backup " + backup_name);
  }
  log_.Info("Created backup for schedule",
            {{"schedule", ns + "/" + name}, {"backup", backup_name}});
  api::ScheduleStatus ran;
  ran.last_backup = now;
  return UpdateWithRetry(client_, api::SchedulesGvr(), ns, name,
                         [&](json& s) { MergeStatus(s, ran.ToJson()); })
      .status();
}

}  // namespace ark::controller
