#include "backup/item_action.h"

namespace ark::backup {

void VolumeBackups::Record(const std::string& pv_name, nlohmann::json info) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_[pv_name] = std::move(info);
}

nlohmann::json VolumeBackups::ToJson() const {
  std::lock_guard<std::mutex> lock(mu_);
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, info] : entries_) out[name] = info;
  return out;
}

}  // namespace ark::backup
