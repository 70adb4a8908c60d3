#include "controller/final_status.h"

#include "controller/ark_objects.h"
#include "util/backoff.h"

namespace ark::controller {
namespace {

bool Transient(Code code) {
  return code == Code::kUnavailable || code == Code::kDeadlineExceeded ||
         code == Code::kInternal || code == Code::kResourceExhausted || code == Code::kConflict;
}

}  // namespace

Status WriteFinalStatus(kube::DynamicClient& client, const kube::GroupVersionResource& gvr,
                        const std::string& ns, const std::string& name,
                        const nlohmann::json& status, const Clock& clock,
                        std::chrono::milliseconds give_up_after) {
  const BackoffPolicy policy{.max_attempts = 0,
                             .initial = std::chrono::milliseconds(200),
                             .cap = std::chrono::seconds(10)};
  const Clock::TimePoint deadline = clock.Now() + give_up_after;
  for (int retry = 0;; ++retry) {
    Status written = UpdateWithRetry(client, gvr, ns, name, [&](nlohmann::json& object) {
                       if (!object["status"].is_object()) object["status"] = nlohmann::json::object();
                       object["status"].update(status);
                     }).status();
    if (written.ok() || written.code() == Code::kNotFound) return Status::Ok();
    if (!Transient(written.code())) return written;
    const std::chrono::milliseconds wait = BackoffDelay(policy, retry, JitterRandom());
    if (clock.Now() + wait > deadline) return written;
    clock.SleepFor(wait);
  }
}

}  // namespace ark::controller
