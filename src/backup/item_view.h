#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ark::backup {

// An item as item actions see it: its JSON text and its tree, each made from the other on
// first use. A listed item comes as the server's text and is parsed only if an action asks
// for the tree; an action that needs a field or two reads them from text() with json_scan
// and spares the parse (a pod's claims). Not thread-safe: one item, one worker.
class ItemView {
 public:
  // `text` (the item as listed, possibly with status and without apiVersion/kind) must
  // outlive the view. The tree gets status removed and apiVersion/kind set from the list.
  static ItemView FromText(std::string_view text, std::string api_version, std::string kind);
  // `tree` (status already removed) must outlive the view.
  static ItemView FromTree(const nlohmann::json& tree);

  std::string_view text() const;
  // nullptr when the text is not valid JSON to nlohmann (invalid UTF-8 in a string).
  const nlohmann::json* tree() const;

 private:
  ItemView() = default;

  std::string_view text_;
  const nlohmann::json* tree_ = nullptr;
  std::string api_version_;
  std::string kind_;
  mutable std::optional<std::string> dumped_;
  mutable std::optional<nlohmann::json> parsed_;
};

}  // namespace ark::backup
