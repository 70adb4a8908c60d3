#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kubesim/resource_registry.h"
#include "util/clock.h"

namespace ark::kubesim {

// A meta.k8s.io/v1 Table of `objects`: NAME, the kind's own columns (PrinterColumns) and
// AGE, each row carrying its object's metadata (what `kubectl get` prints from). `rv` and `cont` go
// into the list metadata.
nlohmann::json ToTable(const ResourceInfo& r, const std::vector<nlohmann::json>& objects,
                       Clock::TimePoint now, const std::string& rv, const std::string& cont);

}  // namespace ark::kubesim
