#include "restore/crd_waiter.h"

namespace ark::restore {
namespace {

bool Established(const kube::Json& crd) {
  if (!crd.contains("status") || !crd["status"].is_object()) return false;
  const kube::Json& conditions = crd["status"].value("conditions", kube::Json::array());
  if (!conditions.is_array()) return false;
  for (const kube::Json& c : conditions) {
    if (c.is_object() && c.value("type", "") == "Established" && c.value("status", "") == "True") {
      return true;
    }
  }
  return false;
}

}  // namespace

Status WaitForCrdEstablished(kube::DynamicClient& client, const kube::GroupVersionResource& crds,
                             const std::string& name, const Clock& clock,
                             std::chrono::milliseconds timeout, std::chrono::milliseconds poll) {
  const Clock::TimePoint deadline = clock.Now() + timeout;
  while (true) {
    Result<kube::Json> crd = client.Get(crds, "", name);
    if (crd.ok() && Established(*crd)) return Status::Ok();
    if (!crd.ok() && crd.status().code() != Code::kNotFound) {
      Status s = crd.status();
      return s.Annotate("waiting for CRD \"" + name + "\"");
    }
    if (clock.Now() >= deadline) {
      return DeadlineExceeded("CRD \"" + name + "\" was not established after " +
                              std::to_string(timeout.count()) + "ms");
    }
    clock.SleepFor(poll);
  }
}

}  // namespace ark::restore
