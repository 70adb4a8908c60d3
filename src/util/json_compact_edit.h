#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/json_canonical.h"

namespace ark::json_scan {

// Appends the object `object` to `out` as it was written, with `edit` applied to its top
// level (dropped members left out, missing ones added first), and reads the names in its
// "metadata" member in the same pass. This is the fast path for the text an API server
// sends: compact JSON is copied, not re-encoded, so each byte is read once and written once.
//
// It applies only to compact text (no whitespace between tokens) that is a well-formed
// object; otherwise it returns false with `out` unchanged, and the caller falls back to
// AppendCanonical. Members keep their order and escapes; of duplicate top-level keys, all
// are copied (an API server never sends any).
//
// `members` (optional) is cleared and receives each top-level member of `object` as it was
// written: its raw key and its value's text, both views into `object`.
using MemberSpans = std::vector<std::pair<std::string_view, std::string_view>>;
bool AppendCompactEdited(std::string_view object, std::string* out, const TopLevelEdit& edit,
                         ObjectNames* metadata_names, MemberSpans* members = nullptr);

// AppendCompactEdited for an object at the start of `text`, which may go on past it (the rest
// of a LIST page): returns the offset just past the object, or npos with `out` unchanged. A
// page's items are then found and copied in the same pass.
size_t AppendCompactEditedAt(std::string_view text, std::string* out, const TopLevelEdit& edit,
                             ObjectNames* metadata_names, MemberSpans* members = nullptr);

}  // namespace ark::json_scan
