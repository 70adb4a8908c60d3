#pragma once

#include <optional>
#include <string>

#include "api/json_fields.h"

namespace ark::api {

// What the server writes in a Config's `status` after reading it (ark's own: Ark and Velero
// write none), so `kubectl get config default -o yaml` shows whether the server could use it.
struct ConfigStatus {
  std::string phase;  // kConfigValid or kConfigInvalid (api/config.h)
  // Why the Config is Invalid; "" when Valid. Always written, "" included, as the server always
  // has: the status is replaced whole, and an empty message says there is nothing wrong.
  std::string message;
  // metadata.generation of the Config judged; unset (not written) when it had none.
  std::optional<int64_t> observed_generation;
  Json raw;

  Json ToJson() const;
};

}  // namespace ark::api
