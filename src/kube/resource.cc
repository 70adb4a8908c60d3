#include "kube/resource.h"

#include <algorithm>

namespace ark::kube {

std::string GroupVersionResource::GroupResource() const {
  return group.empty() ? resource : resource + "." + group;
}

std::string GroupVersionResource::GroupVersion() const {
  return group.empty() ? version : group + "/" + version;
}

bool ApiResource::HasVerb(std::string_view verb) const {
  return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

}  // namespace ark::kube
