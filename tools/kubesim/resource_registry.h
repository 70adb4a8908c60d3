#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

namespace ark::kubesim {

// One served resource of one group version, as discovery describes it.
struct ResourceInfo {
  std::string group;    // "" for the core group
  std::string version;  // "v1"
  std::string name;     // plural, "configmaps"
  std::string singular;
  std::string kind;  // "ConfigMap"
  bool namespaced = true;
  std::vector<std::string> verbs;
  bool has_status = false;  // serves <name>/status
  bool custom = false;      // defined by a CustomResourceDefinition

  std::string ApiVersion() const { return group.empty() ? version : group + "/" + version; }
  // Objects of every version of a group resource live under this key: "apps/deployments".
  std::string StorageKey() const { return group + "/" + name; }
  bool HasVerb(const std::string& verb) const;
};

// A custom resource definition reduced to what serving it needs.
struct CustomResourceSpec {
  std::string crd_name;  // "backups.ark.heptio.com"
  std::string group;
  std::string plural, singular, kind, list_kind;
  std::vector<std::string> short_names, categories;
  bool namespaced = true;
  struct Version {
    std::string name;
    bool has_status = false;
    bool has_scale = false;
  };
  std::vector<Version> versions;  // served versions only
};

// The set of served group versions and their resources: the built-in set of a real
// kube-apiserver v1.26.4 (from the embedded discovery documents) plus the resources of
// established CRDs. Produces the discovery documents. Thread-safe.
class ResourceRegistry {
 public:
  // The built-in set. Fails (nullptr and `error` set) only if the embedded data is corrupt.
  static std::unique_ptr<ResourceRegistry> NewBuiltin(std::string* error);

  std::optional<ResourceInfo> Find(const std::string& group, const std::string& version,
                                   const std::string& resource) const;
  // Every stored resource once per storage key (preferred version first), for namespace
  // deletion and persistence.
  std::vector<ResourceInfo> StoredResources() const;
  bool IsBuiltinGroup(const std::string& group) const;

  // Serves (or re-serves, after a change) the resources of a CRD.
  void AddCustom(const CustomResourceSpec& spec);
  void RemoveCustom(const std::string& crd_name);

  nlohmann::json Version() const;                                       // GET /version
  nlohmann::json CoreVersions() const;                                  // GET /api
  nlohmann::json GroupList() const;                                     // GET /apis
  std::optional<nlohmann::json> Group(const std::string& group) const;  // GET /apis/<g>
  // GET /api/v1 or /apis/<g>/<v>: an APIResourceList.
  std::optional<nlohmann::json> ResourceList(const std::string& group,
                                             const std::string& version) const;
  // Every served (group, version) pair, core first.
  std::vector<std::pair<std::string, std::string>> GroupVersions() const;
  // The resources of one group version (no subresources).
  std::vector<ResourceInfo> Resources(const std::string& group, const std::string& version) const;

 private:
  struct GroupVersionData {
    std::vector<nlohmann::json> entries;            // APIResource entries, subresources too
    std::map<std::string, ResourceInfo> resources;  // by plural name
  };
  struct GroupData {
    std::vector<std::string> versions;  // preferred first
    std::map<std::string, GroupVersionData> by_version;
  };

  ResourceRegistry() = default;
  std::optional<nlohmann::json> GroupLocked(const std::string& group) const;
  void RebuildCustomGroup(const std::string& group);

  mutable std::shared_mutex mu_;
  nlohmann::json version_;                          // immutable after construction
  std::vector<std::string> group_order_;            // guarded by mu_; "" is the core group
  std::map<std::string, GroupData> groups_;         // guarded by mu_
  std::map<std::string, bool> builtin_groups_;      // immutable after construction
  std::map<std::string, CustomResourceSpec> crds_;  // guarded by mu_, by CRD name
};

// Orders Kubernetes version names as the API machinery does: GA > beta > alpha, then by
// number (v2 > v1 > v1beta2 > v1beta1 > v1alpha1 > anything else alphabetically).
bool KubeVersionLess(const std::string& a, const std::string& b);

}  // namespace ark::kubesim
