#pragma once

#include <nlohmann/json.hpp>

#include "util/result.h"

namespace ark::kubesim {

// The three PATCH formats of the Kubernetes API. Each returns the patched document, or
// InvalidArgument for a malformed patch (answered 400) and FailedPrecondition for a patch
// that cannot apply to this document (a failed "test", a missing path; answered 422).

// application/merge-patch+json (RFC 7386): objects merge recursively, null deletes a key,
// anything else (lists included) replaces.
Result<nlohmann::json> ApplyMergePatch(const nlohmann::json& doc, const nlohmann::json& patch);

// application/json-patch+json (RFC 6902): add, remove, replace, move, copy, test.
Result<nlohmann::json> ApplyJsonPatch(const nlohmann::json& doc, const nlohmann::json& patch);

// application/strategic-merge-patch+json, as kubectl apply/label/annotate send it: a merge
// patch in which lists of objects with a known merge key (containers/volumes/env by "name",
// container ports by "containerPort", service ports by "port", volumeMounts by "mountPath",
// ...) merge element by element, and the directives $patch (replace/delete/merge),
// $retainKeys, $setElementOrder/<list> and $deleteFromPrimitiveList/<list> are honoured.
// Lists without a known merge key are replaced, except "finalizers", which merges as a set.
Result<nlohmann::json> ApplyStrategicMergePatch(const nlohmann::json& doc,
                                                const nlohmann::json& patch);

}  // namespace ark::kubesim
