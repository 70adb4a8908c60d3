#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ark::restore {

// The label every restored object carries: ark-restore=<RestoreLabelValue(restore name)>.
inline constexpr std::string_view kRestoreLabel = "ark-restore";

// `name` when it is a valid label value length (<= 63), otherwise its first 55 characters,
// '-' and a 7-hex-digit hash of the whole name, so long restore names stay distinct.
std::string RestoreLabelValue(std::string_view restore_name);

// Why an object of `group_resource` is deliberately not restored, nullopt when it is:
//   "has a controller owner (ReplicaSet nginx-744b5f7549)", service-account token secrets,
//   mirror pods.
std::optional<std::string> SkipReason(std::string_view group_resource, const nlohmann::json& obj);

// Turns a backed-up object into what is submitted to the API server (Ark v0.5 restorers plus
// the later fixes Velero made):
//  - every object: drops `status` and every metadata field except name, namespace, labels and
//    annotations (uid, resourceVersion, ownerReferences, finalizers, managedFields, ...);
//  - pods: drops spec.nodeName and the service-account token volumes (default-token-*,
//    kube-api-access-*) with their mounts in containers, initContainers and ephemeralContainers;
//  - services: drops spec.clusterIP and spec.clusterIPs unless the service is headless
//    (clusterIP "None"), every ports[].nodePort and spec.healthCheckNodePort;
//  - jobs.batch: drops the controller-uid labels from spec.selector.matchLabels and
//    spec.template.metadata.labels;
//  - persistentvolumes: drops spec.claimRef;
//  - persistentvolumeclaims: drops the binder's pv.kubernetes.io/bind-completed and
//    bound-by-controller annotations (spec.volumeName is kept so the claim binds to its PV);
//  - serviceaccounts: drops the <name>-token-* entries of `secrets`.
// Then sets metadata.namespace to `target_ns` (removed for "") and adds the restore label.
void RewriteForRestore(std::string_view group_resource, const std::string& target_ns,
                       const std::string& restore_label_value, nlohmann::json& obj);

// True when every field of `desired` has the same value in `live`: objects compare key by
// key, arrays element by element (same length), numbers by value; a null, empty object or
// empty array in `desired` also matches an absent field. Fields only `live` has (server
// defaults, allocated IPs, uid, status) are ignored. The restore label is ignored on both.
bool MatchesLive(const nlohmann::json& desired, const nlohmann::json& live);

// The JSON merge patch that makes `live` carry `desired`'s labels, annotations and every
// top-level field other than apiVersion, kind, metadata and status.
nlohmann::json UpdatePatch(const nlohmann::json& desired);

}  // namespace ark::restore
