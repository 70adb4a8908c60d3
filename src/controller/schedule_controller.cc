#include "controller/schedule_controller.h"

#include "api/resources.h"
#include "api/schedule.h"
#include "api/validation.h"
#include "controller/ark_objects.h"
#include "controller/schedule_decisions.h"

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
  if (NeedsVerdict(phase, errors)) {
    if (!errors.empty()) {
      log_.Info("Schedule failed validation",
                {{"schedule", ns + "/" + name}, {"errors", std::to_string(errors.size())}});
    }
    const json verdict = ScheduleVerdict(errors).ToJson();
    auto updated = UpdateWithRetry(client_, api::SchedulesGvr(), ns, name,
                                   [&](json& s) { MergeStatus(s, verdict); });
    if (!updated.ok()) return updated.status();
    if (!errors.empty()) return Status::Ok();
    schedule = std::move(*updated);
  }
  const auto now = clock_.Now();
  if (!BackupDue(*schedule, now)) return Status::Ok();

  const json backup = ScheduledBackup(*schedule, now);
  const std::string backup_name = api::Name(backup);
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
