#include "controller/config_status.h"

#include "api/config.h"
#include "api/config_status.h"
#include "api/resources.h"
#include "util/json_access.h"

namespace ark::controller {

using nlohmann::json;

json ConfigStatus(const json& config, const Status& verdict,
                  const std::vector<std::string>& notes) {
  api::ConfigStatus status;
  status.phase = verdict.ok() ? api::kConfigValid : api::kConfigInvalid;
  if (!verdict.ok()) {
    status.message = verdict.message();
  } else {
    for (const std::string& note : notes) {
      status.message += (status.message.empty() ? "" : "; ") + note;
    }
  }
  // Read by hand rather than through the resource model: an Invalid Config is judged too.
  const json& meta = Obj(config, "metadata");
  if (auto g = meta.find("generation"); g != meta.end() && g->is_number_integer()) {
    status.observed_generation = g->get<int64_t>();
  }
  return status.ToJson();
}

Status WriteConfigStatus(kube::DynamicClient& client, const json& config, const Status& verdict,
                         const std::vector<std::string>& notes) {
  const json status = ConfigStatus(config, verdict, notes);
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
