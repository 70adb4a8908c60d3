#include "kube/list_pager.h"

#include <future>
#include <optional>

#include "kube/resource_path.h"
#include "util/json_cursor.h"
#include "util/json_scan.h"
#include "util/percent_encode.h"

namespace ark::kube {
namespace {

constexpr int kMaxRestarts = 5;

std::string DecodedOr(std::string_view value, std::string fallback) {
  std::string out;
  return !value.empty() && json_scan::DecodeString(value, &out) ? out : fallback;
}

constexpr std::string_view kSpace = " \t\r\n";

// Whether the array at text[pos] ('[') has no elements.
bool IsEmptyArray(std::string_view text, size_t pos) {
  const size_t next = text.find_first_not_of(kSpace, pos + 1);
  return next != std::string_view::npos && text[next] == ']';
}

// Whether `members` read the whole object and only whitespace follows it.
bool EndsObject(const json_scan::MemberCursor& members, std::string_view text) {
  return members.done() && text.find_first_not_of(kSpace, members.end()) == std::string_view::npos;
}

// metadata.remainingItemCount of a list, -1 when absent or not a count.
int64_t RemainingItemCount(std::string_view metadata) {
  const std::string_view value = json_scan::FindMember(metadata, "remainingItemCount");
  if (value.empty() || value.size() > 18) return -1;
  int64_t n = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

struct ListPager::Fetched {
  RawListPage page;
  std::string next;  // the continue token; "" on the last page
  // A page whose items are left to the caller's walk: the body's members, stopped at "items",
  // to read the rest of the body once the walk has found the array's end.
  std::optional<json_scan::MemberCursor> rest;
};

std::string ListKey(std::string_view object) {
  return json_scan::StringAt(object, "metadata", "namespace") + "/" +
         json_scan::StringAt(object, "metadata", "name");
}

Result<ListPage> ParsePage(RawListPage& raw) {
  ListPage page;
  page.resource_version = raw.resource_version;
  page.items.reserve(raw.items.size());
  for (std::string_view text : raw.items) {
    Json item = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (item.is_discarded() || !item.is_object()) {
      return Internal("a list item of " + raw.kind + " is not a JSON object");
    }
    if (!item.contains("apiVersion")) item["apiVersion"] = raw.api_version;
    if (!item.contains("kind") && !raw.kind.empty()) item["kind"] = raw.kind;
    page.items.push_back(std::move(item));
  }
  raw.items.clear();
  raw.body = std::string();
  return page;
}

ListPager::ListPager(RestClient& rest, const GroupVersionResource& gvr, std::string_view ns,
                     const ListOptions& options)
    : rest_(rest),
      gvr_(gvr),
      ns_(ns),
      options_(options),
      collection_path_(CollectionPath(gvr, ns)) {}

std::string ListPager::PageUrl(const std::string& continue_token) const {
  std::string url = *collection_path_;
  char sep = '?';
  auto add = [&](std::string_view key, std::string_view value) {
    url += sep;
    url += key;
    url += '=';
    url += PercentEncode(value);
    sep = '&';
  };
  if (options_.limit > 0) add("limit", std::to_string(options_.limit));
  if (!continue_token.empty()) add("continue", continue_token);
  if (!options_.label_selector.empty()) add("labelSelector", options_.label_selector);
  if (!options_.field_selector.empty()) add("fieldSelector", options_.field_selector);
  return url;
}

Result<http::Response> ListPager::Get(const std::string& continue_token,
                                      std::string* body_storage) const {
  http::Request request;
  request.url = PageUrl(continue_token);
  request.body_storage = body_storage;
  return rest_.Do(std::move(request), /*idempotent=*/true);
}

std::string PeekContinue(std::string_view body) {
  // API servers write metadata before items, so this stops after a few hundred bytes.
  std::string_view metadata = json_scan::FindMember(body, "metadata");
  if (metadata.empty() || metadata.front() != '{') return "";
  return DecodedOr(json_scan::FindMember(metadata, "continue"), "");
}

Result<ListPager::Fetched> ListPager::Split(std::string response_body, const std::string& what,
                                            bool defer_items) const {
  Fetched fetched;
  RawListPage& page = fetched.page;
  page.body = std::move(response_body);
  // The item spans must survive moves of the page: a body in the string's inline buffer
  // (a few bytes) would move with it, a heap buffer does not.
  page.body.reserve(32);
  page.what_ = what;
  // One pass over the body: the items are split while they are checked, or, deferred, left
  // for the caller's walk.
  std::string_view metadata, kind, api_version;
  const std::string_view body = page.body;
  json_scan::MemberCursor members(body, 0);
  std::string_view key;
  size_t pos = 0;
  while (members.Next(&key, &pos)) {
    size_t end = json_scan::npos;
    if (body[pos] != 'n' && json_scan::KeyEquals(key, "items")) {
      // "items": null is an empty list; anything else must be an array.
      if (body[pos] != '[') return Internal(what + ": items is not an array");
      // Deferred only when the list's metadata came first, as API servers write it: the
      // continue token must be known before the caller sees the items.
      if (defer_items && !metadata.empty() && !IsEmptyArray(body, pos)) {
        page.unsplit_ = true;
        page.items_at_ = pos;
        fetched.rest = members;
        break;
      }
      end = json_scan::SplitArrayAt(body, pos, &page.items);
    } else {
      end = json_scan::ValueEnd(body, pos);
      if (end != json_scan::npos) {
        std::string_view value = body.substr(pos, end - pos);
        if (json_scan::KeyEquals(key, "metadata"))
          metadata = value;
        else if (json_scan::KeyEquals(key, "kind"))
          kind = value;
        else if (json_scan::KeyEquals(key, "apiVersion"))
          api_version = value;
      }
    }
    members.ValueEndsAt(end);
  }
  if (!page.unsplit_ && !EndsObject(members, body)) {
    return Internal(what + ": response is not a JSON object");
  }
  for (std::string_view item : page.items) {
    if (item.front() != '{') return Internal(what + ": a list item is not an object");
  }
  page.kind = DecodedOr(kind, "");
  if (page.kind.size() > 4 && page.kind.compare(page.kind.size() - 4, 4, "List") == 0) {
    page.kind.resize(page.kind.size() - 4);
  }
  page.api_version = DecodedOr(api_version, gvr_.GroupVersion());
  if (!metadata.empty() && metadata.front() == '{') {
    page.resource_version = DecodedOr(json_scan::FindMember(metadata, "resourceVersion"), "");
    fetched.next = DecodedOr(json_scan::FindMember(metadata, "continue"), "");
    page.remaining_item_count = RemainingItemCount(metadata);
  }
  return fetched;
}

Status ListPager::CheckAfterItems(Fetched& fetched) const {
  RawListPage& page = fetched.page;
  if (page.unsplit_) {
    // The caller did not walk the items: they are still checked.
    ARK_RETURN_IF_ERROR(
        page.WalkItems([](std::string_view text) { return json_scan::ValueEnd(text, 0); }));
  }
  json_scan::MemberCursor& members = *fetched.rest;
  const std::string_view body = page.body;
  members.ValueEndsAt(page.items_end_);
  std::string_view key;
  size_t pos = 0;
  while (members.Next(&key, &pos)) members.ValueEndsAt(json_scan::ValueEnd(body, pos));
  if (!EndsObject(members, body)) return Internal(page.what_ + ": response is not a JSON object");
  return Status::Ok();
}

Status ListPager::RunRaw(const std::function<Status(RawListPage& page)>& on_page) {
  ARK_RETURN_IF_ERROR(collection_path_.status());
  std::string last_key;  // of the last item delivered
  bool skipping = false;
  bool delivered_a_page = false;
  int restarts = 0;
  std::string token;  // of the pending request
  // Two page buffers take turns: one receives the next page while the caller reads the
  // other, so a long list reuses their memory instead of faulting in fresh pages each time.
  std::string recycled;      // the last page's body, once the caller is done with it
  std::string next_storage;  // handed to the pending request, which moves it out at once
  std::future<Result<http::Response>> pending =
      std::async(std::launch::deferred, [this] { return Get(""); });
  while (true) {
    Result<http::Response> response = pending.get();
    if (!response.ok()) {
      if (response.status().code() == Code::kGone && !token.empty() && restarts < kMaxRestarts) {
        ++restarts;
        skipping = !last_key.empty();
        token.clear();
        pending = std::async(std::launch::deferred, [this] { return Get(""); });
        continue;
      }
      return response.status();
    }
    const std::string what = "GET " + PageUrl(token);
    // The next page travels while this one is split and handed over.
    std::string next = PeekContinue(response->body);
    token = next;
    if (!next.empty()) {
      next_storage = std::move(recycled);
      pending = std::async(std::launch::async,
                           [this, next, storage = &next_storage] { return Get(next, storage); });
    }
    ARK_ASSIGN_OR_RETURN(Fetched fetched,
                         Split(std::move(response->body), what,
                               /*defer_items=*/!options_.split_items && !skipping));
    if (fetched.next != next) return Internal(what + ": the continue token is not where it was");
    RawListPage& page = fetched.page;

    if (skipping) {
      size_t keep = 0;
      while (keep < page.items.size() && ListKey(page.items[keep]) <= last_key) ++keep;
      page.items.erase(page.items.begin(), page.items.begin() + keep);
      skipping = page.items.empty();
    }
    if (!page.items.empty() || page.unsplit_ || (next.empty() && !delivered_a_page)) {
      delivered_a_page = true;
      ARK_RETURN_IF_ERROR(on_page(page));
    }
    if (fetched.rest) ARK_RETURN_IF_ERROR(CheckAfterItems(fetched));
    if (!page.items.empty()) last_key = ListKey(page.items.back());
    if (next.empty()) return Status::Ok();
    recycled = std::move(page.body);
  }
}

Status ListPager::Run(const std::function<Status(ListPage& page)>& on_page) {
  return RunRaw([&](RawListPage& raw) -> Status {
    ARK_ASSIGN_OR_RETURN(ListPage page, ParsePage(raw));
    return on_page(page);
  });
}

}  // namespace ark::kube
