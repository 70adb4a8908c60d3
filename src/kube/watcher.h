#pragma once

#include <functional>
#include <string>

#include "kube/dynamic_client.h"
#include "kube/rest_client.h"

namespace ark::kube {

// One DynamicClient::Watch: streams newline-delimited watch events, reconnecting from the
// last resourceVersion seen whenever the server ends the stream (its timeoutSeconds) or the
// connection breaks; on 410 (HTTP or an ERROR event) it re-lists, delivers every current
// object as ADDED and watches on from the list's resourceVersion. Single use.
class Watcher {
 public:
  Watcher(RestClient& rest, const GroupVersionResource& gvr, std::string_view ns,
          const WatchOptions& options);
  Status Run(const std::function<bool(WatchEvent& event)>& on_event);

 private:
  std::string StreamUrl() const;
  // Re-lists; false in *stopped when on_event asked to stop.
  Status Relist(const std::function<bool(WatchEvent& event)>& on_event, bool* stopped);

  RestClient& rest_;
  const GroupVersionResource gvr_;
  const std::string ns_;
  const WatchOptions options_;
  // The collection's path, or why `ns_` cannot stand in one (Run returns that).
  const Result<std::string> collection_path_;
  std::string resource_version_;
};

}  // namespace ark::kube
