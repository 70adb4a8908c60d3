#include "restore/crd_waiter.h"

#include "util/json_access.h"

namespace ark::restore {
namespace {

bool Established(const kube::Json& crd) {
  for (const kube::Json& c : Arr(Obj(crd, "status"), "conditions")) {
    if (Str(c, "type") == "Established" && Str(c, "status") == "True") {
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
