#include "api/config_status.h"

namespace ark::api {

Json ConfigStatus::ToJson() const {
  Json out = BaseObject(raw);
  WriteString(out, "phase", phase);
  out["message"] = message;
  WriteOptionalInt(out, "observedGeneration", observed_generation);
  return out;
}

}  // namespace ark::api
