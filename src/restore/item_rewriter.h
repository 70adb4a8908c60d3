#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace ark::restore {

inline constexpr char kServiceAccountTokenType[] = "kubernetes.io/service-account-token";
inline constexpr char kServiceAccountNameAnnotation[] = "kubernetes.io/service-account.name";
inline constexpr char kServiceAccountUidAnnotation[] = "kubernetes.io/service-account.uid";

// Backed-up namespace -> namespace restored into.
using NamespaceMapping = std::map<std::string, std::string>;

// The label every restored object carries: ark-restore=<RestoreLabelValue(restore name)>.
inline constexpr std::string_view kRestoreLabel = "ark-restore";

// `name` when it is a valid label value length (<= 63), otherwise its first 55 characters,
// '-' and a 7-hex-digit hash of the whole name, so long restore names stay distinct.
std::string RestoreLabelValue(std::string_view restore_name);

// Why an object of `group_resource` is deliberately not restored whatever else the restore
// holds, nullopt when it is: the token secrets a cluster generated for its service accounts
// (<account>-token-*), mirror pods, the APIServices the API server manages itself (automanaged
// label or no spec.service), and -- when the backup kept their status (Velero's do) --
// Succeeded/Failed pods and Complete/Failed jobs. (Objects left to their owner's controller are
// decided by RecreatingOwners, which knows what else the restore brings back.)
std::optional<std::string> SkipReason(std::string_view group_resource, const nlohmann::json& obj);

// Turns a backed-up object into what is submitted to the API server (Ark v0.5 restorers plus
// the later fixes Velero made):
//  - every object: drops `status` and every metadata field except name, namespace, labels and
//    annotations (uid, resourceVersion, ownerReferences, finalizers, managedFields, ...;
//    OwnerLinks sets the owner references again once the owners are restored);
//  - pods: drops spec.nodeName and the service-account token volumes (default-token-*,
//    kube-api-access-*) with their mounts in containers, initContainers and ephemeralContainers;
//  - services: keeps what the last-applied configuration set explicitly (a fixed clusterIP,
//    nodePorts by port name or, unnamed, by number, healthCheckNodePort) and drops what the
//    source cluster allocated; headless services keep clusterIP "None";
//  - jobs.batch: drops spec.selector (unless spec.manualSelector) and the controller-uid
//    labels of the template, which the target generates anew;
//  - persistentvolumes: keeps spec.claimRef (namespace mapped, uid and resourceVersion
//    dropped) so the PV binds again to the restored claim only; drops the binder's annotations;
//  - persistentvolumeclaims: drops the binder's pv.kubernetes.io/bind-completed and
//    bound-by-controller annotations (spec.volumeName is kept so the claim binds to its PV);
//  - serviceaccounts: drops the <name>-token-* entries of `secrets`;
//  - rolebindings and clusterrolebindings: subjects' namespaces are mapped;
//  - service-account token secrets: drops the account's uid annotation and the token, which
//    the target's token controller fills in for the restored account.
// Then sets metadata.namespace to `target_ns` (removed for "") and adds the restore label.
void RewriteForRestore(std::string_view group_resource, const std::string& target_ns,
                       const std::string& restore_label_value, nlohmann::json& obj,
                       const NamespaceMapping& namespace_mapping = {});

// Removes a Service's clusterIP, clusterIPs (unless headless), node ports and
// healthCheckNodePort, leaving them to the cluster. False when there was none to remove.
bool DropServiceAddresses(nlohmann::json& service);

// True when every field of `desired` has the same value in `live`: objects compare key by
// key, arrays element by element (same length), numbers by value; a null, empty object or
// empty array in `desired` also matches an absent field. Fields only `live` has (server
// defaults, allocated IPs, uid, status) are ignored. The restore label is ignored on both.
bool MatchesLive(const nlohmann::json& desired, const nlohmann::json& live);

// The JSON merge patch that makes `live` carry `desired`'s labels, annotations and every
// top-level field other than apiVersion, kind, metadata and status.
nlohmann::json UpdatePatch(const nlohmann::json& desired);

}  // namespace ark::restore
