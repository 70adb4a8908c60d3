#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "kubesim/api_error.h"

namespace ark::kubesim {

class Objects;

// The admission plugins of kube-apiserver v1.26 that change or refuse a Pod on create, in
// their order:
//  - ServiceAccount: spec.serviceAccountName defaults to "default" (serviceAccount mirrors
//    it); the account must exist in the namespace, else 403 `pods "x" is forbidden: error
//    looking up service account ns/sa: serviceaccount "sa" not found`; unless the pod or the
//    account sets automountServiceAccountToken false, every container and init container
//    without a mount at /var/run/secrets/kubernetes.io/serviceaccount gets one of a projected
//    volume `kube-api-access-<5 random characters>` (token, kube-root-ca.crt's ca.crt and
//    the namespace); spec.imagePullSecrets come from the account when the pod has none;
//  - Priority: priority and preemptionPolicy from spec.priorityClassName (none: 0 and
//    PreemptLowerPriority; system-node-critical and system-cluster-critical built in;
//    other names looked up as scheduling.k8s.io PriorityClasses), 403
//    `pods "x" is forbidden: no PriorityClass with name foo was found` otherwise.
// `pod` is the complete object about to be stored (metadata.name and namespace set).
std::optional<ApiError> AdmitNewPod(Objects& objects, nlohmann::json& pod);

}  // namespace ark::kubesim
