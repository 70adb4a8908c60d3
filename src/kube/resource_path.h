#pragma once

#include <string>
#include <string_view>

#include "kube/resource.h"
#include "util/result.h"

namespace ark::kube {

// The REST paths of collections and objects:
//   CollectionPath({"", "v1", "pods"}, "ns")           -> /api/v1/namespaces/ns/pods
//   ObjectPath({"apps", "v1", "deployments"}, "", "x") -> /apis/apps/v1/deployments/x
// `ns` is "" for cluster-scoped resources and all-namespaces collections; `subresource`
// ("status") is appended after the name.
//
// Names and namespaces come from users (a command line, a spec's backupName, a bucket's
// folder names), so each is one path segment or an error, never a way to another resource:
// InvalidArgument when the namespace or name is "." or "..", or contains '/' or '%' (the API
// server's own rule for names in paths, which kubectl applies before it sends anything).
// Every other byte outside the unreserved set is percent-encoded ("a b" -> "a%20b").
Result<std::string> CollectionPath(const GroupVersionResource& gvr, std::string_view ns);
// An empty `name` is an error too: the path would name the collection, and a DELETE of that
// deletes every object in it.
Result<std::string> ObjectPath(const GroupVersionResource& gvr, std::string_view ns,
                               std::string_view name, std::string_view subresource = "");

// OK when `segment` may stand in a path as a name: not "." or "..", no '/' or '%'. `what`
// ("name", "namespace") opens the message: `name "../x" may not contain '/'`.
Status CheckPathSegmentName(std::string_view segment, std::string_view what);

}  // namespace ark::kube
