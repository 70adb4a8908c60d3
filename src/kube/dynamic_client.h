#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "kube/raw_list_page.h"
#include "kube/resource.h"
#include "kube/rest_config.h"
#include "util/result.h"

namespace ark::kube {

using Json = nlohmann::json;

struct ListOptions {
  std::string label_selector;  // "app=nginx,tier in (a,b)"
  std::string field_selector;  // "metadata.name=x"
  int64_t limit = 500;         // page size; 0 = the whole list in one response
  // ListRaw only. False: pages arrive with their items unsplit, for a caller that reads each
  // item in full anyway (RawListPage::WalkItems finds and checks them in that same pass).
  bool split_items = true;
};

// One page of a LIST, handed over and then dropped. `items` carry apiVersion and kind even
// for built-in kinds (the client sets them from the list's kind), so each item stands alone.
struct ListPage {
  std::vector<Json> items;
  std::string resource_version;  // the list's resourceVersion
};

enum class PatchType { kMerge, kJson, kStrategicMerge };

struct DeleteOptions {
  std::string propagation_policy;  // "", "Background", "Foreground", "Orphan"
};

struct WatchEvent {
  std::string type;  // ADDED, MODIFIED, DELETED, BOOKMARK
  Json object;
};

struct WatchOptions {
  std::string label_selector;
  std::string field_selector;
  std::string resource_version;  // start after this version; "" = from now
  bool allow_bookmarks = true;
  int timeout_seconds = 0;  // the server ends each stream after this; 0 = the server's default
};

// Typed-less access to every resource the API server serves. Errors are Status values whose
// code follows the API's Status (404 -> kNotFound, 409 AlreadyExists -> kAlreadyExists,
// 409 Conflict -> kConflict, 410 -> kGone, 422 -> kInvalidArgument, ...) and which carry the
// HTTP status, the Status reason and message. Idempotent calls are retried on 429 (honouring
// Retry-After), 5xx, resets and timeouts. Safe to use from many threads at once.
class DynamicClient {
 public:
  virtual ~DynamicClient() = default;

  // `ns` is "" for cluster-scoped resources (and for an all-namespaces LIST or WATCH).
  virtual Result<Json> Get(const GroupVersionResource& gvr, std::string_view ns,
                           std::string_view name) = 0;
  // Pages through the list, calling `on_page` for each page in order. At most two pages are
  // held: the one handed over and the next, fetched meanwhile. When a continue token expires
  // (410) the list restarts and items already delivered are skipped, so each item is
  // delivered once. An error from `on_page` stops the list and is returned.
  virtual Status ListRaw(const GroupVersionResource& gvr, std::string_view ns,
                         const ListOptions& options,
                         const std::function<Status(RawListPage& page)>& on_page) = 0;
  // ListRaw with each page's items parsed (and stamped with apiVersion and kind).
  Status List(const GroupVersionResource& gvr, std::string_view ns, const ListOptions& options,
              const std::function<Status(ListPage& page)>& on_page);
  virtual Result<Json> Create(const GroupVersionResource& gvr, std::string_view ns,
                              const Json& object) = 0;
  // Create for a caller that needs only the outcome: the created object the server sends
  // back is not parsed (a restore creates thousands of objects and reads none of them).
  // Unlike Create, an object with metadata.name is also retried on 5xx, resets and timeouts:
  // the server refuses a second create of one name, so a retry never duplicates it, but a
  // retry whose first try landed (its answer lost) gets AlreadyExists for the caller's own
  // object. Callers tell that apart by what the existing object carries (a restore's label).
  virtual Status CreateWithoutResult(const GroupVersionResource& gvr, std::string_view ns,
                                     const Json& object) {
    return Create(gvr, ns, object).status();
  }
  virtual Result<Json> Update(const GroupVersionResource& gvr, std::string_view ns,
                              const Json& object) = 0;
  virtual Result<Json> UpdateStatus(const GroupVersionResource& gvr, std::string_view ns,
                                    const Json& object) = 0;
  virtual Result<Json> Patch(const GroupVersionResource& gvr, std::string_view ns,
                             std::string_view name, PatchType type, std::string_view patch) = 0;
  // Deleting a missing object returns kNotFound.
  virtual Status Delete(const GroupVersionResource& gvr, std::string_view ns, std::string_view name,
                        const DeleteOptions& options = {}) = 0;
  // Streams events to `on_event` until it returns false (then OK) or an error occurs. When
  // the server ends the stream it resumes from the last resourceVersion seen; when that is
  // too old (410) it re-lists and delivers the current objects as ADDED before resuming.
  virtual Status Watch(const GroupVersionResource& gvr, std::string_view ns,
                       const WatchOptions& options,
                       const std::function<bool(WatchEvent& event)>& on_event) = 0;
};

Result<std::unique_ptr<DynamicClient>> NewDynamicClient(const RestConfig& config);

class RestClient;
// Over a shared RestClient (one connection pool and rate limiter for several clients, or a
// test's injected clock and transport; see kube/rest_client.h).
std::unique_ptr<DynamicClient> NewDynamicClient(std::shared_ptr<RestClient> rest);

}  // namespace ark::kube
