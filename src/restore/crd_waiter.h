#pragma once

#include <chrono>
#include <string>

#include "kube/dynamic_client.h"
#include "util/clock.h"
#include "util/status.h"

namespace ark::restore {

// Polls CustomResourceDefinition `name` (served as `crds`) every `poll` until its
// Established condition is True. DeadlineExceeded after `timeout` (naming the CRD and the
// time waited); API errors other than NotFound are returned at once.
Status WaitForCrdEstablished(kube::DynamicClient& client, const kube::GroupVersionResource& crds,
                             const std::string& name, const Clock& clock,
                             std::chrono::milliseconds timeout, std::chrono::milliseconds poll);

}  // namespace ark::restore
