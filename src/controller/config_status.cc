#include "controller/config_status.h"

#include "api/config.h"
#include "api/resources.h"
#include "util/json_access.h"

namespace ark::controller {

using nlohmann::json;

json ConfigStatus(const json& config, const Status& verdict) {
  json status = {{"phase", verdict.ok() ? api::kConfigValid : api::kConfigInvalid},
                 {"message", verdict.ok() ? std::string() : verdict.message()}};
  const json& meta = Obj(config, "metadata");
  if (auto g = meta.find("generation"); g != meta.end() && g->is_number_integer()) {
    status["observedGeneration"] = *g;
  }
  return status;
}

Status WriteConfigStatus(kube::DynamicClient& client, const json& config, const Status& verdict) {
  const json status = ConfigStatus(config, verdict);
  if (config.is_object() && config.value("status", json()) == status) return Status::Ok();
  json updated = config;
  updated["status"] = status;
  auto written = client.UpdateStatus(api::ConfigsGvr(), api::Namespace(config), updated);
  if (!written.ok() && written.status().code() == Code::kNotFound) {
    // No status subresource (a CRD installed before it had one), or the Config is gone.
    written = client.Update(api::ConfigsGvr(), api::Namespace(config), updated);
  }
  if (written.ok() || written.status().code() == Code::kConflict ||
      written.status().code() == Code::kNotFound) {
    return Status::Ok();
  }
  return Status(written.status())
      .Annotate("writing the status of Config \"" + api::Name(config) + "\"");
}

}  // namespace ark::controller
