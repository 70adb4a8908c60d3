#pragma once

#include <string>

#include "controller/informer.h"
#include "controller/metrics.h"
#include "kube/dynamic_client.h"
#include "util/clock.h"
#include "util/log.h"

namespace ark::controller {

// Keeps Schedules running (Ark v0.5, robfig/cron ParseStandard semantics, UTC):
//   New: validate spec.schedule -> Enabled or FailedValidation (status.validationErrors);
//   Enabled: next = cron.Next(status.lastBackup) (a zero lastBackup runs at once); when
//   due, creates Backup "<schedule>-<YYYYMMDDhhmmss>" labelled ark-schedule=<schedule>
//   with spec = spec.template, then sets status.lastBackup = now. No catch-up of missed
//   runs. The server enqueues every schedule each scheduleSyncPeriod.
class ScheduleController {
 public:
  ScheduleController(kube::DynamicClient& client, const Informer& schedules, const Clock& clock,
                     Logger log)
      : client_(client), schedules_(schedules), clock_(clock), log_(std::move(log)) {}

  Status Sync(const std::string& key);

 private:
  kube::DynamicClient& client_;
  const Informer& schedules_;
  const Clock& clock_;
  Logger log_;
};

}  // namespace ark::controller
