#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ark::kube {

// A resource at one version: {"apps", "v1", "deployments"}. The core group is "".
struct GroupVersionResource {
  std::string group;
  std::string version;
  std::string resource;

  // "deployments.apps", or "pods" for the core group: the name used in tarball paths,
  // include/exclude lists and restore priorities.
  std::string GroupResource() const;
  // "apps/v1", or "v1" for the core group.
  std::string GroupVersion() const;
  bool operator==(const GroupVersionResource&) const = default;
};

// One entry of a discovery APIResourceList, at its group's preferred version.
struct ApiResource {
  std::string group;
  std::string version;
  std::string name;  // plural: "deployments"
  std::string singular_name;
  std::string kind;
  bool namespaced = false;
  std::vector<std::string> verbs;
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
  std::vector<std::string> subresources;  // "status", "scale", ...

  bool HasVerb(std::string_view verb) const;
  GroupVersionResource Gvr() const { return {group, version, name}; }
  std::string GroupResource() const { return Gvr().GroupResource(); }
};

}  // namespace ark::kube
