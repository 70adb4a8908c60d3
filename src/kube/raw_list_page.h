#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace ark::kube {

class ListPager;

// One page of a LIST as the server sent it: `items` are spans of `body`, each checked to be a
// well-formed JSON object but not parsed, so a page costs little more than its transfer.
// Items of built-in kinds carry no apiVersion and kind; `api_version` and `kind` (the list's,
// without "List") give them. The spans point into `body`: keep the page where it is handed
// over (copying or moving it invalidates them).
//
// A page listed with ListOptions::split_items = false arrives with `items` empty: the caller
// reads them with WalkItems, which finds and checks each item as the caller's reader copies
// it, so the page is read once rather than split first and read again.
struct RawListPage {
  std::string body;
  std::vector<std::string_view> items;
  std::string api_version;
  std::string kind;
  std::string resource_version;
  // metadata.remainingItemCount: the items after this page, as the API server counts them;
  // -1 when it does not say (the last page, a list with a selector, an older server).
  int64_t remaining_item_count = -1;

  // Hands each item to `read_item` in order. On a split page the reader's argument is the
  // item; on an unsplit one it is the page's text from the item's first byte on, and the
  // reader returns the item's length (npos when it is not well-formed JSON). Every item read
  // is appended to `items`. An error names the request and what is malformed; the items
  // before it have been read.
  Status WalkItems(const std::function<size_t(std::string_view text)>& read_item);

 private:
  friend class ListPager;
  std::string what_;      // the request, for errors
  size_t items_at_ = 0;   // where the unsplit items array starts in `body`
  bool unsplit_ = false;  // true until WalkItems has read the array
  size_t items_end_ = 0;  // just past the array's ']', once read
};

}  // namespace ark::kube
