#include "api/validation.h"

#include <algorithm>

#include "util/cron.h"
#include "util/includes_excludes.h"

namespace ark::api {
namespace {

void AddIncludesExcludes(const std::vector<std::string>& includes,
                         const std::vector<std::string>& excludes, const char* what,
                         std::vector<std::string>& out) {
  for (const std::string& e : ValidateIncludesExcludes(includes, excludes)) {
    out.push_back(std::string("Invalid included/excluded ") + what + " lists: " + e);
  }
}

}  // namespace

std::vector<std::string> ValidateBackupSpec(const BackupSpec& spec, bool have_pv_provider) {
  std::vector<std::string> errors;
  AddIncludesExcludes(spec.included_resources, spec.excluded_resources, "resource", errors);
  AddIncludesExcludes(spec.included_namespaces, spec.excluded_namespaces, "namespace", errors);
  if (!have_pv_provider && spec.snapshot_volumes.value_or(false)) {
    errors.push_back("Server is not configured for PV snapshots");
  }
  return errors;
}

std::vector<std::string> ValidateRestoreSpec(const RestoreSpec& spec, bool have_pv_provider) {
  std::vector<std::string> errors;
  if (spec.backup_name.empty()) {
    errors.push_back(
        "BackupName must be non-empty and correspond to the name of a backup in object storage.");
  }
  const auto& inc = spec.included_resources;
  if (std::find(inc.begin(), inc.end(), "nodes") != inc.end()) {
    errors.push_back("nodes are non-restorable resources");
  }
  AddIncludesExcludes(spec.included_namespaces, spec.excluded_namespaces, "namespace", errors);
  AddIncludesExcludes(spec.included_resources, spec.excluded_resources, "resource", errors);
  if (!have_pv_provider && spec.restore_pvs.value_or(false)) {
    errors.push_back("Server is not configured for PV snapshot restores");
  }
  return errors;
}

std::vector<std::string> ValidateScheduleSpec(const ScheduleSpec& spec) {
  if (spec.schedule.empty()) return {"Schedule must be a non-empty valid Cron expression"};
  auto parsed = CronSchedule::Parse(spec.schedule);
  if (!parsed.ok()) return {"invalid schedule: " + parsed.status().message()};
  return {};
}

std::vector<std::string> ValidateDownloadRequest(const DownloadRequest& request) {
  std::vector<std::string> errors;
  using namespace download_target;
  const std::string& k = request.target_kind;
  if (k != kBackupLog && k != kBackupContents && k != kRestoreLog && k != kRestoreResults) {
    errors.push_back("spec.target.kind \"" + k +
                     "\" is not one of BackupLog, BackupContents, RestoreLog, RestoreResults");
  }
  if (request.target_name.empty()) errors.push_back("spec.target.name must be non-empty");
  return errors;
}

}  // namespace ark::api
