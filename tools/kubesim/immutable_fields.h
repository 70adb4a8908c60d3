#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "kubesim/api_error.h"
#include "kubesim/resource_registry.h"

namespace ark::kubesim {

// The fields kube-apiserver v1.26 refuses to change on update (422 Invalid, one cause per
// field, with the real field path and message):
//  - Deployments, ReplicaSets, DaemonSets (apps/v1): spec.selector
//    (`spec.selector: Invalid value: v1.LabelSelector{...}: field is immutable`);
//  - Jobs: spec.selector, spec.completionMode, spec.completions and spec.template, except
//    that a suspended Job that never started may change its template's labels, annotations,
//    nodeSelector, affinity, tolerations and schedulingGates;
//  - PersistentVolumeClaims: spec (`spec: Forbidden: spec is immutable after creation except
//    resources.requests for bound claims`), but spec.volumeName may be set once, and a bound
//    claim may change resources.requests (not shrink storage: `spec.resources.requests.storage:
//    Forbidden: field can not be less than previous value`);
//  - ConfigMaps and Secrets with `immutable: true`: data, binaryData (ConfigMaps) and
//    immutable itself (`data: Forbidden: field is immutable when `immutable` is set`);
//    Secrets' type always (`type: Invalid value: "x": field is immutable`).
// Values compare as the real server's semantic equality does: null, {} and [] are the same
// as an absent field. Where the real message prints a Go struct dump or a go-cmp diff (Job
// template, PVC spec), kubesim prints the JSON instead; the field path, reason and the text
// around the value are the real ones.
// `old` and `obj` are the stored and the new object, after defaulting.
std::optional<ApiError> CheckImmutableFields(const ResourceInfo& r, const nlohmann::json& old,
                                             const nlohmann::json& obj);

}  // namespace ark::kubesim
