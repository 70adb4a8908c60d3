#pragma once

#include <string>
#include <vector>

namespace ark::kubesim {

// Where a request path points. Paths follow the Kubernetes API layout:
//   /api/v1[/namespaces/<ns>]/<resource>[/<name>[/<subresource>]]
//   /apis/<group>/<version>[/namespaces/<ns>]/<resource>[/<name>[/<subresource>]]
// Because "/api/v1/namespaces/<x>/<y>" is either a namespaced collection or a namespace's
// subresource, the router asks `is_namespaced_resource` which one it is.
struct Route {
  enum class Kind {
    kNone,          // not an API path
    kCoreVersions,  // /api
    kGroupList,     // /apis
    kGroup,         // /apis/<group>
    kResourceList,  // /api/v1, /apis/<group>/<version>
    kResource,      // anything below a group version
  };
  Kind kind = Kind::kNone;
  std::string group;
  std::string version;
  std::string ns;  // "" for cluster-scoped requests and all-namespace lists
  bool ns_in_path = false;
  std::string resource;
  std::string name;         // "" for collections
  std::string subresource;  // "status", ...
  bool malformed = false;   // too many segments
};

template <typename F>
Route ParseRoute(const std::string& path, const F& is_namespaced_resource);

// Splits a path on '/', dropping empty segments.
std::vector<std::string> SplitPath(const std::string& path);

template <typename F>
Route ParseRoute(const std::string& path, const F& is_namespaced_resource) {
  Route r;
  std::vector<std::string> s = SplitPath(path);
  size_t i = 0;
  if (s.empty()) return r;
  if (s[0] == "api") {
    if (s.size() == 1) {
      r.kind = Route::Kind::kCoreVersions;
      return r;
    }
    r.version = s[1];
    i = 2;
  } else if (s[0] == "apis") {
    if (s.size() == 1) {
      r.kind = Route::Kind::kGroupList;
      return r;
    }
    r.group = s[1];
    if (s.size() == 2) {
      r.kind = Route::Kind::kGroup;
      return r;
    }
    r.version = s[2];
    i = 3;
  } else {
    return r;
  }
  if (i == s.size()) {
    r.kind = Route::Kind::kResourceList;
    return r;
  }
  r.kind = Route::Kind::kResource;
  std::vector<std::string> rest(s.begin() + static_cast<long>(i), s.end());
  if (rest[0] == "namespaces" && rest.size() >= 3 &&
      is_namespaced_resource(r.group, r.version, rest[2])) {
    r.ns = rest[1];
    r.ns_in_path = true;
    rest.erase(rest.begin(), rest.begin() + 2);
  }
  r.resource = rest[0];
  if (rest.size() > 1) r.name = rest[1];
  if (rest.size() > 2) r.subresource = rest[2];
  if (rest.size() > 3) r.malformed = true;
  return r;
}

}  // namespace ark::kubesim
