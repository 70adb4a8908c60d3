#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "kubesim/api_error.h"
#include "kubesim/resource_registry.h"

namespace ark::kubesim {

class Objects;

// What the real server's per-kind strategies, admission plugins and controllers do that
// matters to clients, each in its own file:
//  - defaulting of workloads, PVCs, PVs and Secrets (object_defaults.h) and pod specs
//    (pod_defaults.h); on update, the immutable fields (immutable_fields.h);
//  - namespaces: label kubernetes.io/metadata.name, spec.finalizers [kubernetes], phase
//    Active; a "default" ServiceAccount and a "kube-root-ca.crt" ConfigMap kept in each
//    (namespace_defaults.h);
//  - services: cluster IPs and node ports (service_rules.h);
//  - pods: admission (service account, priority: pod_admission.h), phase Pending;
//  - PVCs start Pending, PVs Available; a PVC whose spec.volumeName names an existing PV
//    binds both (phase Bound, PV claimRef);
//  - CustomResourceDefinitions: validated, status Established/NamesAccepted, and their
//    resources served (AfterWrite) or removed with all their objects (AfterDelete).

// Adjusts or rejects an object about to be created (metadata is already complete).
std::optional<ApiError> PrepareCreate(Objects& objects, const ResourceInfo& r, nlohmann::json& obj);
// Adjusts or rejects an update of `old` to `obj`.
std::optional<ApiError> PrepareUpdate(Objects& objects, const ResourceInfo& r,
                                      const nlohmann::json& old, nlohmann::json& obj);
// Reacts to a stored create or update.
void AfterWrite(Objects& objects, const ResourceInfo& r, const nlohmann::json& obj);
// Reacts to a removal.
void AfterDelete(Objects& objects, const ResourceInfo& r, const nlohmann::json& obj);

}  // namespace ark::kubesim
