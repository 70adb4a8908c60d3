#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ark::json_scan {

// Changes to the top-level object made while it is rewritten.
struct TopLevelEdit {
  std::vector<std::string_view> drop;  // member keys left out ("status")
  // Members added when the object lacks them: key and the member's JSON value text
  // (`"v1"`), e.g. apiVersion and kind, which a LIST's items of built-in kinds omit.
  std::vector<std::pair<std::string_view, std::string>> add_if_missing;
};

// The decoded string members "name" and "namespace" of an object ("" when absent).
struct ObjectNames {
  std::string name;
  std::string ns;
};

// Appends the JSON value `value` to `out` in the canonical form of a backup entry, without
// building a tree: no insignificant whitespace, every object's members sorted by key (bytes
// of the decoded key; of duplicate keys the last wins), strings that used escapes
// re-escaped the way nlohmann::json's dump() writes them, other strings and all numbers
// copied as written. For the text an API server sends this equals
// nlohmann::json::parse(value).dump() (numbers aside: "1e2" stays "1e2"), at a fraction of
// its cost. `edit` (optional) applies to the top-level object; `metadata_names` (optional)
// receives the names in the top-level object's "metadata" member, read in the same pass.
// Returns false, leaving `out` with unspecified appended text, when `value` is malformed.
bool AppendCanonical(std::string_view value, std::string* out, const TopLevelEdit* edit = nullptr,
                     ObjectNames* metadata_names = nullptr);

// Appends `decoded` as a JSON string, escaped as nlohmann::json's dump() does.
void AppendQuoted(std::string_view decoded, std::string* out);

}  // namespace ark::json_scan
