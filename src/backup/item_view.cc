#include "backup/item_view.h"

#include "util/json_scan.h"

namespace ark::backup {

ItemView ItemView::FromText(std::string_view text, std::string api_version, std::string kind,
                            std::string ns, const json_scan::MemberSpans* members) {
  ItemView view;
  view.text_ = text;
  view.api_version_ = std::move(api_version);
  view.kind_ = std::move(kind);
  view.ns_ = std::move(ns);
  view.members_ = members;
  return view;
}

ItemView ItemView::FromTree(const nlohmann::json& tree, std::string ns) {
  ItemView view;
  view.tree_ = &tree;
  view.ns_ = std::move(ns);
  return view;
}

std::string_view ItemView::Member(std::string_view key) const {
  if (members_ == nullptr) return json_scan::FindMember(text(), key);
  for (const auto& [raw_key, value] : *members_) {
    if (json_scan::KeyEquals(raw_key, key)) return value;
  }
  return {};
}

std::string_view ItemView::text() const {
  if (tree_ == nullptr) return text_;
  if (!dumped_) dumped_ = tree_->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return *dumped_;
}

const nlohmann::json* ItemView::tree() const {
  if (tree_ != nullptr) return tree_;
  if (!parsed_) {
    parsed_ = nlohmann::json::parse(text_, nullptr, /*allow_exceptions=*/false);
    if (parsed_->is_object()) {
      parsed_->erase("status");
      if (!parsed_->contains("apiVersion")) (*parsed_)["apiVersion"] = api_version_;
      if (!parsed_->contains("kind") && !kind_.empty()) (*parsed_)["kind"] = kind_;
    }
  }
  return parsed_->is_object() ? &*parsed_ : nullptr;
}

}  // namespace ark::backup
