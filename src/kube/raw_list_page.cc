#include "kube/raw_list_page.h"

#include "util/json_cursor.h"
#include "util/json_scan.h"

namespace ark::kube {

Status RawListPage::WalkItems(const std::function<size_t(std::string_view text)>& read_item) {
  if (!unsplit_) {
    for (std::string_view item : items) {
      if (read_item(item) != item.size()) {
        return Internal(what_ + ": a list item is not well-formed JSON");
      }
    }
    return Status::Ok();
  }
  const std::string_view text = body;
  json_scan::ElementCursor elements(text, items_at_);
  size_t pos = 0;
  while (elements.Next(&pos)) {
    if (text[pos] != '{') return Internal(what_ + ": a list item is not an object");
    const size_t length = read_item(text.substr(pos));
    if (length == json_scan::npos || length > text.size() - pos) {
      return Internal(what_ + ": a list item is not well-formed JSON");
    }
    items.push_back(text.substr(pos, length));
    elements.ValueEndsAt(pos + length);
  }
  if (!elements.done()) return Internal(what_ + ": the items array is not well-formed");
  unsplit_ = false;
  items_end_ = elements.end();
  return Status::Ok();
}

}  // namespace ark::kube
