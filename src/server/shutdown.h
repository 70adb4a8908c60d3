#pragma once

#include <chrono>
#include <vector>

#include "controller/generic_controller.h"
#include "kube/dynamic_client.h"
#include "util/cancel.h"
#include "util/clock.h"
#include "util/log.h"

namespace ark::server {

// When a stopping server gives up on running work. Measured from the start of
// StopControllers; the process itself is ended shortly after `deadline` by `ark server`'s
// signal watcher if a sync is still stuck (a hook or a request that ignores cancellation).
struct StopTimes {
  // Running backups and restores may finish on their own until then...
  std::chrono::milliseconds grace{4000};
  // ...then they are cancelled, and must have written their final status by then.
  std::chrono::milliseconds deadline{8000};
};

// A controller whose syncs are Backups or Restores (`gvr`): what it still runs at the deadline
// is written Failed by StopControllers itself.
struct RequestController {
  controller::GenericController* controller;
  kube::GroupVersionResource gvr;
};

// Stops a server's controllers in bounded time (issue 16, "Process"):
//   1. no controller takes a new key or starts a resync (GenericController::StopTaking);
//   2. running syncs get `times.grace` to finish;
//   3. then `cancel` is cancelled with "the server was stopped" and a wrap-up time of
//      `times.deadline`: engines stop between items, uploads at their next chunk, and the
//      controllers write Failed with that reason;
//   4. at `times.deadline`, a Backup or Restore still being synced by a `requests` controller
//      and still InProgress is written Failed here (one attempt), and every stuck key is
//      logged.
// Returns true when every controller is idle (so joining them will not block).
bool StopControllers(const std::vector<controller::GenericController*>& controllers,
                     const std::vector<RequestController>& requests, CancelToken& cancel,
                     const StopTimes& times, kube::DynamicClient& client, const Clock& clock,
                     const Logger& log);

}  // namespace ark::server
