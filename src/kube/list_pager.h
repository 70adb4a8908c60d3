#pragma once

#include <functional>
#include <string>

#include "kube/dynamic_client.h"
#include "kube/rest_client.h"

namespace ark::kube {

// One paged LIST (DynamicClient::ListRaw). Each response is split into its items without
// being parsed, and the next page is requested while the caller handles the current one.
// When the continue token expires (410) the list restarts from the beginning and skips every
// item whose "namespace/name" key is not after the last one delivered: the API server returns
// items in key order, so nothing is delivered twice and nothing that still exists is missed.
// Single use; not thread-safe (each List call builds its own).
class ListPager {
 public:
  ListPager(RestClient& rest, const GroupVersionResource& gvr, std::string_view ns,
            const ListOptions& options);
  Status RunRaw(const std::function<Status(RawListPage& page)>& on_page);
  // RunRaw with each page parsed (ParsePage).
  Status Run(const std::function<Status(ListPage& page)>& on_page);

 private:
  struct Fetched;
  // `body_storage` (optional): memory to read the body into (http::Request::body_storage).
  Result<http::Response> Get(const std::string& continue_token,
                             std::string* body_storage = nullptr) const;
  // The page in `body` split into its items, or with `defer_items` left for the caller's
  // RawListPage::WalkItems; `what` names the request in errors.
  Result<Fetched> Split(std::string body, const std::string& what, bool defer_items) const;
  // After the caller is done with a deferred page: its items walked if the caller did not,
  // and the members after the items array checked.
  Status CheckAfterItems(Fetched& fetched) const;
  std::string PageUrl(const std::string& continue_token) const;

  RestClient& rest_;
  const GroupVersionResource gvr_;
  const std::string ns_;
  const ListOptions options_;
  // The collection's path, or why `ns_` cannot stand in one (RunRaw returns that).
  const Result<std::string> collection_path_;
};

// The page's items parsed and stamped with apiVersion and kind; releases `raw.body`.
Result<ListPage> ParsePage(RawListPage& raw);

// The key a list is ordered by: "namespace/name" ("/name" when cluster-scoped).
std::string ListKey(std::string_view object);

}  // namespace ark::kube
