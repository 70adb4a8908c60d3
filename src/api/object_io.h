#pragma once

#include <string>
#include <string_view>

#include "api/json_fields.h"
#include "util/status.h"

namespace ark::api {

// Shared steps of reading and writing a top-level API object.

// OK when `j` is an object whose kind is `kind` (or has no kind); otherwise InvalidArgument,
// e.g. `expected a Backup object, got kind "Restore"`.
Status CheckKind(const Json& j, std::string_view kind);

// `Backup "heptio-ark/b1"` (or `Backup ""` without a name): the prefix of errors about `j`.
std::string ObjectRef(std::string_view kind, const Json& j);

// Prefixes `s` with ObjectRef: `Backup "heptio-ark/b1": spec.ttl: ...`.
Status InObject(Status s, std::string_view kind, const Json& j);

// Sets apiVersion (ark.heptio.com/v1) and kind when `out` lacks them.
void SetTypeMeta(Json& out, std::string_view kind);

}  // namespace ark::api
