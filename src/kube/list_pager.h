#pragma once

#include <functional>
#include <string>

#include "kube/dynamic_client.h"
#include "kube/rest_client.h"

namespace ark::kube {

// One paged LIST (DynamicClient::List). Each page is parsed once and its items are moved
// into the ListPage, stamped with apiVersion and kind from the list. When the continue token
// expires (410) the list restarts from the beginning and skips every item whose
// "namespace/name" key is not after the last one delivered: the API server returns items in
// key order, so nothing is delivered twice and nothing that still exists is missed.
// Single use; not thread-safe (each List call builds its own).
class ListPager {
 public:
  ListPager(RestClient& rest, const GroupVersionResource& gvr, std::string_view ns,
            const ListOptions& options);
  Status Run(const std::function<Status(ListPage& page)>& on_page);

 private:
  std::string PageUrl(const std::string& continue_token) const;

  RestClient& rest_;
  const GroupVersionResource gvr_;
  const std::string ns_;
  const ListOptions options_;
};

// The key a list is ordered by: "namespace/name" ("/name" when cluster-scoped).
std::string ListKey(const Json& object);

}  // namespace ark::kube
