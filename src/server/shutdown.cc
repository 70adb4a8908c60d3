#include "server/shutdown.h"

#include "api/resources.h"
#include "controller/ark_objects.h"
#include "controller/final_status.h"

namespace ark::server {
namespace {

using std::chrono::steady_clock;

constexpr char kStopReason[] = "the server was stopped";

bool AllIdle(const std::vector<controller::GenericController*>& controllers,
             steady_clock::time_point by) {
  for (controller::GenericController* c : controllers) {
    if (!c->WaitIdle(by)) return false;
  }
  return true;
}

// Marks `ns/name` Failed unless it already left InProgress (its controller got there first).
void FailStuck(kube::DynamicClient& client, const kube::GroupVersionResource& gvr,
               const std::string& key, const Clock& clock, const Logger& log) {
  const size_t slash = key.find('/');
  const std::string ns = slash == std::string::npos ? "" : key.substr(0, slash);
  const std::string name = slash == std::string::npos ? key : key.substr(slash + 1);
  const std::string kind = gvr.resource == "backups" ? "backup" : "restore";
  auto updated = controller::UpdateWithRetry(client, gvr, ns, name, [&](nlohmann::json& o) {
    if (api::Phase(o) != "InProgress") return;
    controller::MergeStatus(
        o, controller::FailedStatusOf(
               gvr, std::string(kStopReason) + " before the " + kind + " finished", clock.Now()));
  });
  if (!updated.ok()) {
    log.Error("Cannot mark a " + kind +
                  " the server could not stop as Failed; the next server "
                  "start will",
              {{kind, key}, {"error", updated.status().ToString()}});
  }
}

}  // namespace

bool StopControllers(const std::vector<controller::GenericController*>& controllers,
                     const std::vector<RequestController>& requests, CancelToken& cancel,
                     const StopTimes& times, kube::DynamicClient& client, const Clock& clock,
                     const Logger& log) {
  const steady_clock::time_point start = steady_clock::now();
  const Clock::TimePoint wrap_up_by =
      clock.Now() + std::chrono::duration_cast<Clock::TimePoint::duration>(times.deadline);
  for (controller::GenericController* c : controllers) c->StopTaking();
  if (AllIdle(controllers, start + times.grace)) return true;

  std::vector<std::string> running;
  for (const RequestController& r : requests) {
    for (const std::string& key : r.controller->Processing()) running.push_back(key);
  }
  log.Warn("Stopping: cancelling what is still running",
           {{"running", std::to_string(running.size())}});
  cancel.Cancel(kStopReason, wrap_up_by);
  if (AllIdle(controllers, start + times.deadline)) return true;

  for (const RequestController& r : requests) {
    for (const std::string& key : r.controller->Processing()) {
      log.Error("Still running at the stop deadline; marking it Failed",
                {{"controller", r.controller->name()}, {"key", key}});
      FailStuck(client, r.gvr, key, clock, log);
    }
  }
  for (controller::GenericController* c : controllers) {
    for (const std::string& key : c->Processing()) {
      log.Error("Still running at the stop deadline", {{"controller", c->name()}, {"key", key}});
    }
  }
  return false;
}

}  // namespace ark::server
