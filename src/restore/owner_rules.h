#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace ark::restore {

// What an ownerReferences entry names: the owner's API group, kind, name and uid (in the
// owned object's namespace when the owner is namespaced).
struct OwnerRef {
  std::string group;  // "" for the core group
  std::string kind;
  std::string name;
  std::string uid;
};

// The API group of an apiVersion: "apps/v1" -> "apps", "v1" -> "".
std::string GroupOf(std::string_view api_version);

// The entry of `obj`'s ownerReferences with controller: true, or nullptr.
const nlohmann::json* ControllerReference(const nlohmann::json& obj);
OwnerRef ParseOwnerRef(const nlohmann::json& ref);

// Whether a controller of kube-controller-manager makes objects of `dependent_gr` for an owner
// of this kind on its own, so that a restored (or existing) owner brings its missing dependents
// back without the restore creating them:
//   Deployment -> ReplicaSet (not while the Deployment is paused: see DeploymentIsPaused);
//   ReplicaSet, ReplicationController, StatefulSet, DaemonSet, Job -> Pod;
//   StatefulSet, DaemonSet -> ControllerRevision (their revision history);
//   CronJob -> Job (the next scheduled run; past runs are history);
//   Service -> EndpointSlice (the endpointslice and endpointslice-mirroring controllers).
// Every other owned object (a ConfigMap of a custom resource, a PVC of a StatefulSet, ...) is
// made by nobody once lost, and is restored.
bool RecreatesDependents(const OwnerRef& owner, std::string_view dependent_gr);

// The group-resource of the owner kinds RecreatesDependents knows ("apps", "Deployment" ->
// "deployments.apps"), "" for any other kind.
std::string RecreatingOwnerResource(std::string_view group, std::string_view kind);

// spec.paused of a Deployment: the Deployment controller makes no ReplicaSet for it.
bool DeploymentIsPaused(const nlohmann::json& deployment);

}  // namespace ark::restore
