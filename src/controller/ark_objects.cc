#include "controller/ark_objects.h"

namespace ark::controller {

using nlohmann::json;

Result<json> UpdateWithRetry(kube::DynamicClient& client, const kube::GroupVersionResource& gvr,
                             const std::string& ns, const std::string& name,
                             const std::function<void(json&)>& mutate) {
  Status last;
  for (int attempt = 0; attempt < 5; ++attempt) {
    ARK_ASSIGN_OR_RETURN(json object, client.Get(gvr, ns, name));
    mutate(object);
    auto updated = client.Update(gvr, ns, object);
    if (updated.ok() || updated.status().code() != Code::kConflict) return updated;
    last = updated.status();
  }
  return last;
}

void MergeStatus(nlohmann::json& object, const nlohmann::json& fragment) {
  nlohmann::json& status = object["status"];
  if (!status.is_object()) status = nlohmann::json::object();
  status.update(fragment);
}

}  // namespace ark::controller
