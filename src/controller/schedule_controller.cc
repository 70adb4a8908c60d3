#include "util/json_access.h"
#include "controller/schedule_controller.h"

#include "controller/ark_objects.h"
#include "util/cron.h"
#include "util/time_format.h"

namespace ark::controller {

using nlohmann::json;

Status ScheduleController::Sync(const std::string& key) {
  auto schedule = schedules_.Get(key);
  if (!schedule) return Status::Ok();
  const std::string ns = Namespace(*schedule);
  const std::string name = Name(*schedule);
  std::string phase = Phase(*schedule);
  if (phase == "FailedValidation") return Status::Ok();

  const json spec = Obj(*schedule, "spec");
  auto cron = CronSchedule::Parse(Str(spec, "schedule"));
  if (phase.empty() || phase == "New") {
    json status;
    if (!cron.ok()) {
      std::string why = Str(spec, "schedule").empty()
                            ? std::string("Schedule must be a non-empty valid Cron expression")
                            : "invalid schedule: " + cron.status().message();
      status = {{"phase", "FailedValidation"}, {"validationErrors", {why}}};
    } else {
      status = {{"phase", "Enabled"}};
    }
    auto updated = UpdateWithRetry(client_, SchedulesGvr(), ns, name, [&](json& s) {
      if (!s["status"].is_object()) s["status"] = json::object();
      s["status"].update(status);
    });
    if (!updated.ok()) return updated.status();
    if (!cron.ok()) return Status::Ok();
    schedule = std::move(*updated);
  }
  if (!cron.ok()) return Status::Ok();

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
      {"metadata", {{"name", backup_name}, {"namespace", ns}, {"labels", {{"ark-schedule", name}}}}},
      {"spec", Obj(spec, "template")},
  };
  auto created = client_.Create(BackupsGvr(), ns, backup);
  if (!created.ok() && created.status().code() != Code::kAlreadyExists) {
    return Status(created.status()).Annotate("creating backup " + backup_name);
  }
  log_.Info("Created backup for schedule", {{"schedule", ns + "/" + name}, {"backup", backup_name}});
  return UpdateWithRetry(client_, SchedulesGvr(), ns, name, [&](json& s) {
           if (!s["status"].is_object()) s["status"] = json::object();
           s["status"]["lastBackup"] = FormatRfc3339(now);
         }).status();
}

}  // namespace ark::controller
