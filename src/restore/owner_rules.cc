#include "restore/owner_rules.h"

namespace ark::restore {
namespace {

using Json = nlohmann::json;

bool IsAppsGroup(std::string_view group) {
  // Old backups name the workload kinds under extensions/v1beta1.
  return group == "apps" || group == "extensions";
}

}  // namespace

std::string GroupOf(std::string_view api_version) {
  const size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? "" : std::string(api_version.substr(0, slash));
}

const Json* ControllerReference(const Json& obj) {
  if (!obj.is_object()) return nullptr;
  auto metadata = obj.find("metadata");
  if (metadata == obj.end() || !metadata->is_object()) return nullptr;
  auto owners = metadata->find("ownerReferences");
  if (owners == metadata->end() || !owners->is_array()) return nullptr;
  for (const Json& ref : *owners) {
    const auto controller = ref.is_object() ? ref.find("controller") : ref.end();
    if (ref.is_object() && controller != ref.end() && controller->is_boolean() &&
        controller->get<bool>()) {
      return &ref;
    }
  }
  return nullptr;
}

OwnerRef ParseOwnerRef(const Json& ref) {
  auto text = [&](const char* key) {
    auto it = ref.find(key);
    return it != ref.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  return {GroupOf(text("apiVersion")), text("kind"), text("name"), text("uid")};
}

bool RecreatesDependents(const OwnerRef& owner, std::string_view dependent_gr) {
  const std::string_view kind = owner.kind;
  const bool pods = dependent_gr == "pods";
  const bool revisions = dependent_gr == "controllerrevisions.apps";
  if (IsAppsGroup(owner.group)) {
    if (kind == "Deployment") {
      return dependent_gr == "replicasets.apps" || dependent_gr == "replicasets.extensions";
    }
    if (kind == "ReplicaSet") return pods;
    if (kind == "StatefulSet" || kind == "DaemonSet") return pods || revisions;
    return false;
  }
  if (owner.group == "batch") {
    if (kind == "Job") return pods;
    if (kind == "CronJob") return dependent_gr == "jobs.batch";
    return false;
  }
  if (owner.group.empty()) {
    if (kind == "ReplicationController") return pods;
    if (kind == "Service") return dependent_gr == "endpointslices.discovery.k8s.io";
  }
  return false;
}

std::string RecreatingOwnerResource(std::string_view group, std::string_view kind) {
  if (IsAppsGroup(group)) {
    if (kind == "Deployment") return "deployments.apps";
    if (kind == "ReplicaSet") return "replicasets.apps";
    if (kind == "StatefulSet") return "statefulsets.apps";
    if (kind == "DaemonSet") return "daemonsets.apps";
  } else if (group == "batch") {
    if (kind == "Job") return "jobs.batch";
    if (kind == "CronJob") return "cronjobs.batch";
  } else if (group.empty()) {
    if (kind == "ReplicationController") return "replicationcontrollers";
    if (kind == "Service") return "services";
  }
  return "";
}

bool DeploymentIsPaused(const Json& deployment) {
  if (!deployment.is_object()) return false;
  auto spec = deployment.find("spec");
  if (spec == deployment.end() || !spec->is_object()) return false;
  auto paused = spec->find("paused");
  return paused != spec->end() && paused->is_boolean() && paused->get<bool>();
}

}  // namespace ark::restore
