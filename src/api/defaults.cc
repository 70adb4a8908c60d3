#include "api/defaults.h"

#include <algorithm>

namespace ark::api {

void ApplyBackupDefaults(BackupSpec& spec) {
  if (spec.included_namespaces.empty()) spec.included_namespaces = {"*"};
  if (spec.ttl.count() == 0) spec.ttl = kDefaultBackupTtl;
}

void ApplyRestoreDefaults(RestoreSpec& spec) {
  if (spec.included_namespaces.empty()) spec.included_namespaces = {"*"};
  auto& ex = spec.excluded_resources;
  if (std::find(ex.begin(), ex.end(), "nodes") == ex.end()) ex.push_back("nodes");
}

void ApplyScheduleDefaults(ScheduleSpec& spec) { ApplyBackupDefaults(spec.backup_template); }

}  // namespace ark::api
