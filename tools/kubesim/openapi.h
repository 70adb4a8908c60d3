#pragma once

#include "kubesim/api_types.h"
#include "kubesim/resource_registry.h"

namespace ark::kubesim {

// Serves /openapi/v3 (an index of every served group version, with content hashes) and
// /openapi/v3/<api|apis/g>/<v>: documents that declare, for each resource, the PATCH
// operation with its x-kubernetes-group-version-kind and the fieldValidation query
// parameter. That is what kubectl (1.27+) checks to use server-side field validation
// instead of client-side schema validation. No schemas are included: kubectl then computes
// strategic merge patches from its compiled-in types. /openapi/v2 answers a minimal valid
// protobuf (or JSON) document without definitions.
ApiResponse ServeOpenApi(const ResourceRegistry& registry, const ApiRequest& req);

}  // namespace ark::kubesim
