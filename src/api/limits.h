#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "api/json_fields.h"

namespace ark::api {

// Caps on what a Backup, Restore or Schedule may ask for. They keep a hostile or mistaken
// spec (200,000 namespaces, a megabyte-long name) from costing the server memory and time in
// proportion to its size: such a spec fails validation before any of it is expanded.

// Entries of any list or map in a spec: include/exclude lists, selectors, mappings, hooks.
inline constexpr size_t kMaxSpecListEntries = 1000;
// A spec serialized as JSON.
inline constexpr size_t kMaxSpecBytes = 1 << 20;
// Nesting of objects and lists in a spec.
inline constexpr size_t kMaxSpecDepth = 32;
// Longest resource name ("storageclasses.storage.k8s.io") and object name.
inline constexpr size_t kMaxNameLength = 253;
// Validation messages kept in status.validationErrors; more are counted in a last message.
inline constexpr size_t kMaxValidationErrors = 20;

// Appends to `errors` one message per cap `spec` exceeds, each naming the field (under
// `where`, e.g. "spec") and the limit:
//   spec.includedNamespaces: 200000 entries: at most 1000 are allowed
//   spec: 2.4 MiB as JSON: at most 1 MiB is allowed
// The walk stops counting bytes at the cap, so it costs O(size) once and no copies.
void CheckSpecLimits(const Json& spec, std::string_view where, std::vector<std::string>* errors);

// `errors` cut to kMaxValidationErrors, the last one saying how many were left out.
std::vector<std::string> CapErrors(std::vector<std::string> errors);

}  // namespace ark::api
