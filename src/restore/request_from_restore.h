#pragma once

#include "api/restore.h"
#include "restore/restore_request.h"
#include "util/result.h"

namespace ark::restore {

// The engine's request for a Restore resource: its name, filters, label selector, namespace
// mapping, cluster-resources and PV switches and existing-resource policy (Ark v0.3's
// spec.namespaces add to the included namespaces). resource_priorities is left empty: it comes
// from the server's Config, not from the Restore. The server's restore runs and the CLI's dry
// run both build their request here. InvalidArgument names the field (spec.labelSelector,
// spec.existingResourcePolicy).
Result<RestoreRequest> RequestFromRestore(const api::Restore& restore);

}  // namespace ark::restore
