#include "kube/list_pager.h"

#include "kube/resource_path.h"

namespace ark::kube {
namespace {

constexpr int kMaxRestarts = 5;

std::string StringAt(const Json& object, const char* a, const char* b) {
  auto i = object.find(a);
  if (i == object.end() || !i->is_object()) return "";
  auto j = i->find(b);
  return j != i->end() && j->is_string() ? j->get<std::string>() : "";
}

}  // namespace

std::string ListKey(const Json& object) {
  return StringAt(object, "metadata", "namespace") + "/" + StringAt(object, "metadata", "name");
}

ListPager::ListPager(RestClient& rest, const GroupVersionResource& gvr, std::string_view ns,
                     const ListOptions& options)
    : rest_(rest), gvr_(gvr), ns_(ns), options_(options) {}

std::string ListPager::PageUrl(const std::string& continue_token) const {
  std::string url = ResourcePath(gvr_, ns_);
  char sep = '?';
  auto add = [&](std::string_view key, std::string_view value) {
    url += sep;
    url += key;
    url += '=';
    url += QueryEscape(value);
    sep = '&';
  };
  if (options_.limit > 0) add("limit", std::to_string(options_.limit));
  if (!continue_token.empty()) add("continue", continue_token);
  if (!options_.label_selector.empty()) add("labelSelector", options_.label_selector);
  if (!options_.field_selector.empty()) add("fieldSelector", options_.field_selector);
  return url;
}

Status ListPager::Run(const std::function<Status(ListPage& page)>& on_page) {
  std::string continue_token;
  std::string last_key;  // of the last item delivered
  bool skipping = false;
  bool delivered_a_page = false;
  int restarts = 0;
  while (true) {
    http::Request request;
    request.url = PageUrl(continue_token);
    const std::string what = "GET " + request.url;
    Result<http::Response> response = rest_.Do(std::move(request), /*idempotent=*/true);
    if (!response.ok()) {
      if (response.status().code() == Code::kGone && !continue_token.empty() &&
          restarts < kMaxRestarts) {
        ++restarts;
        continue_token.clear();
        skipping = !last_key.empty();
        continue;
      }
      return response.status();
    }
    Json doc = Json::parse(response->body, nullptr, /*allow_exceptions=*/false);
    response->body = std::string();  // the parsed form replaces it
    if (doc.is_discarded() || !doc.is_object()) {
      return Internal(what + ": response is not a JSON object");
    }
    std::string kind = doc.value("kind", "");
    if (kind.size() > 4 && kind.compare(kind.size() - 4, 4, "List") == 0) {
      kind.resize(kind.size() - 4);
    }
    const std::string api_version = doc.value("apiVersion", gvr_.GroupVersion());
    ListPage page;
    page.resource_version = StringAt(doc, "metadata", "resourceVersion");
    const std::string next = StringAt(doc, "metadata", "continue");
    auto items = doc.find("items");
    if (items != doc.end() && items->is_array()) {
      page.items.reserve(items->size());
      for (Json& item : *items) {
        if (!item.is_object()) return Internal(what + ": a list item is not an object");
        if (skipping) {
          if (ListKey(item) <= last_key) continue;
          skipping = false;
        }
        if (!item.contains("apiVersion")) item["apiVersion"] = api_version;
        if (!item.contains("kind") && !kind.empty()) item["kind"] = kind;
        page.items.push_back(std::move(item));
      }
    }
    doc = Json();
    if (!page.items.empty()) last_key = ListKey(page.items.back());
    if (!page.items.empty() || (next.empty() && !delivered_a_page)) {
      delivered_a_page = true;
      ARK_RETURN_IF_ERROR(on_page(page));
    }
    if (next.empty()) return Status::Ok();
    continue_token = next;
  }
}

}  // namespace ark::kube
