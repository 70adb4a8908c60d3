#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "util/json_compact_edit.h"

namespace ark::backup {

// An item as item actions see it: its JSON text and its tree, each made from the other on
// first use. A listed item comes as the server's text and is parsed only if an action asks
// for the tree; an action that needs a field or two reads them from text() with json_scan
// and spares the parse (a pod's claims). Not thread-safe: one item, one worker.
class ItemView {
 public:
  // `text` (the item as listed, possibly with status and without apiVersion/kind) must
  // outlive the view. The tree gets status removed and apiVersion/kind set from the list.
  // `members` (optional, outliving the view) are the spans of the text's top-level members,
  // when a pass over it has found them already. `ns` is the item's namespace.
  static ItemView FromText(std::string_view text, std::string api_version, std::string kind,
                           std::string ns, const json_scan::MemberSpans* members = nullptr);
  // `tree` (status already removed) must outlive the view.
  static ItemView FromTree(const nlohmann::json& tree, std::string ns);

  std::string_view text() const;
  // The text of the top-level member `key` ("" when absent): from the known spans, else
  // found in text().
  std::string_view Member(std::string_view key) const;
  // The item's namespace ("" for a cluster-scoped item).
  const std::string& ns() const { return ns_; }
  // nullptr when the text is not valid JSON to nlohmann (invalid UTF-8 in a string).
  const nlohmann::json* tree() const;

 private:
  ItemView() = default;

  std::string_view text_;
  const nlohmann::json* tree_ = nullptr;
  std::string api_version_;
  std::string kind_;
  std::string ns_;
  const json_scan::MemberSpans* members_ = nullptr;
  mutable std::optional<std::string> dumped_;
  mutable std::optional<nlohmann::json> parsed_;
};

}  // namespace ark::backup
