#include "api/resources.h"

#include "api/group.h"

namespace ark::api {

using nlohmann::json;

kube::GroupVersionResource BackupsGvr() { return ArkResource(kBackups); }
kube::GroupVersionResource RestoresGvr() { return ArkResource(kRestores); }
kube::GroupVersionResource SchedulesGvr() { return ArkResource(kSchedules); }
kube::GroupVersionResource ConfigsGvr() { return ArkResource(kConfigs); }
kube::GroupVersionResource DownloadRequestsGvr() { return ArkResource(kDownloadRequests); }
kube::GroupVersionResource DeleteBackupRequestsGvr() { return ArkResource(kDeleteBackupRequests); }
kube::GroupVersionResource BackupVerificationsGvr() { return ArkResource(kBackupVerifications); }
kube::GroupVersionResource NamespacesGvr() { return {"", "v1", "namespaces"}; }

namespace {

// object[outer][inner] when it is a string, else "".
std::string NestedString(const json& object, const char* outer, const char* inner) {
  auto it = object.find(outer);
  if (it == object.end() || !it->is_object()) return "";
  auto v = it->find(inner);
  return v != it->end() && v->is_string() ? v->get<std::string>() : "";
}

}  // namespace

std::string Phase(const json& object) { return NestedString(object, "status", "phase"); }
std::string Name(const json& object) { return NestedString(object, "metadata", "name"); }
std::string Namespace(const json& object) { return NestedString(object, "metadata", "namespace"); }

int64_t CountResult(const json& result) {
  if (!result.is_object()) return 0;
  int64_t n = 0;
  for (const char* key : {"ark", "cluster"}) {
    if (auto it = result.find(key); it != result.end() && it->is_array()) n += it->size();
  }
  if (auto it = result.find("namespaces"); it != result.end() && it->is_object()) {
    for (const auto& [ns, list] : it->items()) {
      if (list.is_array()) n += list.size();
    }
  }
  return n;
}

}  // namespace ark::api
