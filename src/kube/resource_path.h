#pragma once

#include <string>
#include <string_view>

#include "kube/resource.h"

namespace ark::kube {

// The REST path of a collection or an object:
//   {"", "v1", "pods"}, "ns", ""        -> /api/v1/namespaces/ns/pods
//   {"apps", "v1", "deployments"}, "", "x" -> /apis/apps/v1/deployments/x
// `ns` is "" for cluster-scoped resources and all-namespaces collections; `subresource`
// ("status") is appended after the name.
std::string ResourcePath(const GroupVersionResource& gvr, std::string_view ns,
                         std::string_view name = "", std::string_view subresource = "");

}  // namespace ark::kube
