#include "kubesim/resource_registry.h"

#include <algorithm>
#include <mutex>
#include <regex>
#include <set>

#include "kubesim/embedded_data.h"

namespace ark::kubesim {

using nlohmann::json;

namespace {

// The parts of a Kubernetes version name: v<major>[(alpha|beta)<minor>].
struct VersionParts {
  bool kube = false;
  int major = 0;
  int stability = 3;  // 3 GA, 2 beta, 1 alpha
  int minor = 0;
};

VersionParts ParseVersion(const std::string& v) {
  static const std::regex re("^v([0-9]+)(?:(alpha|beta)([0-9]+))?$");
  std::smatch m;
  VersionParts p;
  if (!std::regex_match(v, m, re)) return p;
  p.kube = true;
  p.major = std::stoi(m[1]);
  if (m[2].matched) {
    p.stability = m[2] == "beta" ? 2 : 1;
    p.minor = std::stoi(m[3]);
  }
  return p;
}

const json* DocByName(const std::string& name) {
  static std::map<std::string, json>* cache = [] {
    auto* m = new std::map<std::string, json>();
    for (const EmbeddedDoc& d : EmbeddedDiscovery()) {
      (*m)[std::string(d.name)] = json::parse(d.json, nullptr, /*allow_exceptions=*/false);
    }
    return m;
  }();
  auto it = cache->find(name);
  return it == cache->end() || it->second.is_discarded() ? nullptr : &it->second;
}

ResourceInfo InfoFromEntry(const std::string& group, const std::string& version, const json& e) {
  ResourceInfo r;
  r.group = group;
  r.version = version;
  r.name = e.value("name", "");
  r.singular = e.value("singularName", "");
  if (r.singular.empty()) {
    // The real server leaves singularName empty for built-ins; kubectl lowercases the kind.
    r.singular = e.value("kind", "");
    std::transform(r.singular.begin(), r.singular.end(), r.singular.begin(), ::tolower);
  }
  r.kind = e.value("kind", "");
  r.namespaced = e.value("namespaced", false);
  if (e.contains("verbs")) r.verbs = e["verbs"].get<std::vector<std::string>>();
  return r;
}

}  // namespace

bool KubeVersionLess(const std::string& a, const std::string& b) {
  VersionParts pa = ParseVersion(a), pb = ParseVersion(b);
  if (pa.kube != pb.kube) return !pa.kube;  // non-kube names sort below
  if (!pa.kube) return a > b;               // alphabetical, earlier name = higher priority
  if (pa.stability != pb.stability) return pa.stability < pb.stability;
  if (pa.major != pb.major) return pa.major < pb.major;
  return pa.minor < pb.minor;
}

bool ResourceInfo::HasVerb(const std::string& verb) const {
  return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

std::unique_ptr<ResourceRegistry> ResourceRegistry::NewBuiltin(std::string* error) {
  std::unique_ptr<ResourceRegistry> reg(new ResourceRegistry());
  const json* version = DocByName("version");
  const json* core = DocByName("api_v1");
  const json* apis = DocByName("apis");
  if (!version || !core || !apis) {
    *error = "embedded discovery data is missing version, api_v1 or apis";
    return nullptr;
  }
  reg->version_ = *version;
  reg->version_["gitVersion"] = "v1.26.4-kubesim";

  auto add_gv = [&](const std::string& group, const std::string& version, const json& doc) {
    GroupVersionData& gv = reg->groups_[group].by_version[version];
    for (const json& e : doc.value("resources", json::array())) {
      gv.entries.push_back(e);
      std::string name = e.value("name", "");
      size_t slash = name.find('/');
      if (slash == std::string::npos) {
        gv.resources[name] = InfoFromEntry(group, version, e);
      } else if (name.substr(slash + 1) == "status") {
        auto it = gv.resources.find(name.substr(0, slash));
        if (it != gv.resources.end()) it->second.has_status = true;
      }
    }
  };
  reg->group_order_.push_back("");
  reg->groups_[""].versions = {"v1"};
  add_gv("", "v1", *core);
  reg->builtin_groups_[""] = true;
  for (const json& g : (*apis)["groups"]) {
    std::string name = g["name"];
    reg->group_order_.push_back(name);
    reg->builtin_groups_[name] = true;
    GroupData& gd = reg->groups_[name];
    for (const json& v : g["versions"]) {
      std::string ver = v["version"];
      gd.versions.push_back(ver);
      std::string doc_name = "apis_" + name + "_" + ver;
      const json* doc = DocByName(doc_name);
      if (!doc) {
        *error = "embedded discovery data has no document " + doc_name;
        return nullptr;
      }
      add_gv(name, ver, *doc);
    }
  }
  return reg;
}

std::optional<ResourceInfo> ResourceRegistry::Find(const std::string& group,
                                                   const std::string& version,
                                                   const std::string& resource) const {
  std::shared_lock lock(mu_);
  auto g = groups_.find(group);
  if (g == groups_.end()) return std::nullopt;
  auto v = g->second.by_version.find(version);
  if (v == g->second.by_version.end()) return std::nullopt;
  auto r = v->second.resources.find(resource);
  if (r == v->second.resources.end()) return std::nullopt;
  return r->second;
}

std::vector<ResourceInfo> ResourceRegistry::StoredResources() const {
  std::shared_lock lock(mu_);
  std::vector<ResourceInfo> out;
  std::set<std::string> seen;
  for (const std::string& group : group_order_) {
    const GroupData& gd = groups_.at(group);
    for (const std::string& v : gd.versions) {
      for (const auto& [name, info] : gd.by_version.at(v).resources) {
        if (!info.HasVerb("get") || !seen.insert(info.StorageKey()).second) continue;
        out.push_back(info);
      }
    }
  }
  return out;
}

bool ResourceRegistry::IsBuiltinGroup(const std::string& group) const {
  return builtin_groups_.count(group) > 0;
}

void ResourceRegistry::AddCustom(const CustomResourceSpec& spec) {
  std::unique_lock lock(mu_);
  crds_[spec.crd_name] = spec;
  RebuildCustomGroup(spec.group);
}

void ResourceRegistry::RemoveCustom(const std::string& crd_name) {
  std::unique_lock lock(mu_);
  auto it = crds_.find(crd_name);
  if (it == crds_.end()) return;
  std::string group = it->second.group;
  crds_.erase(it);
  RebuildCustomGroup(group);
}

// Rebuilds the served data of a CRD group from every CRD of that group. Caller holds mu_.
void ResourceRegistry::RebuildCustomGroup(const std::string& group) {
  if (builtin_groups_.count(group)) return;  // a CRD may not take over a built-in group
  GroupData gd;
  std::set<std::string> versions;
  for (const auto& [crd_name, spec] : crds_) {
    if (spec.group != group) continue;
    for (const auto& v : spec.versions) {
      versions.insert(v.name);
      GroupVersionData& gv = gd.by_version[v.name];
      ResourceInfo r;
      r.group = group;
      r.version = v.name;
      r.name = spec.plural;
      r.singular = spec.singular;
      r.kind = spec.kind;
      r.namespaced = spec.namespaced;
      r.verbs = {"delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"};
      r.has_status = v.has_status;
      r.custom = true;
      gv.resources[r.name] = r;
      json e = {{"name", r.name},
                {"singularName", r.singular},
                {"namespaced", r.namespaced},
                {"kind", r.kind},
                {"verbs", r.verbs}};
      if (!spec.short_names.empty()) e["shortNames"] = spec.short_names;
      if (!spec.categories.empty()) e["categories"] = spec.categories;
      gv.entries.push_back(e);
      if (v.has_status) {
        gv.entries.push_back({{"name", r.name + "/status"},
                              {"singularName", ""},
                              {"namespaced", r.namespaced},
                              {"kind", r.kind},
                              {"verbs", {"get", "patch", "update"}}});
      }
      if (v.has_scale) {
        gv.entries.push_back({{"name", r.name + "/scale"},
                              {"singularName", ""},
                              {"namespaced", r.namespaced},
                              {"group", "autoscaling"},
                              {"version", "v1"},
                              {"kind", "Scale"},
                              {"verbs", {"get", "patch", "update"}}});
      }
    }
  }
  gd.versions.assign(versions.begin(), versions.end());
  std::sort(gd.versions.begin(), gd.versions.end(),
            [](const std::string& a, const std::string& b) { return KubeVersionLess(b, a); });
  auto pos = std::find(group_order_.begin(), group_order_.end(), group);
  if (gd.versions.empty()) {
    groups_.erase(group);
    if (pos != group_order_.end()) group_order_.erase(pos);
    return;
  }
  groups_[group] = std::move(gd);
  if (pos == group_order_.end()) group_order_.push_back(group);
}

json ResourceRegistry::Version() const { return version_; }

json ResourceRegistry::CoreVersions() const {
  return {{"kind", "APIVersions"},
          {"versions", {"v1"}},
          {"serverAddressByClientCIDRs",
           {{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", "127.0.0.1:6443"}}}}};
}

std::optional<json> ResourceRegistry::GroupLocked(const std::string& group) const {
  auto it = groups_.find(group);
  if (group.empty() || it == groups_.end()) return std::nullopt;
  json versions = json::array();
  for (const std::string& v : it->second.versions) {
    versions.push_back({{"groupVersion", group + "/" + v}, {"version", v}});
  }
  return json{{"kind", "APIGroup"},
              {"apiVersion", "v1"},
              {"name", group},
              {"versions", versions},
              {"preferredVersion", versions[0]}};
}

json ResourceRegistry::GroupList() const {
  std::shared_lock lock(mu_);
  json groups = json::array();
  for (const std::string& g : group_order_) {
    if (g.empty()) continue;
    json entry = *GroupLocked(g);
    entry.erase("kind");
    entry.erase("apiVersion");
    groups.push_back(entry);
  }
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}};
}

std::optional<json> ResourceRegistry::Group(const std::string& group) const {
  std::shared_lock lock(mu_);
  return GroupLocked(group);
}

std::optional<json> ResourceRegistry::ResourceList(const std::string& group,
                                                   const std::string& version) const {
  std::shared_lock lock(mu_);
  auto g = groups_.find(group);
  if (g == groups_.end()) return std::nullopt;
  auto v = g->second.by_version.find(version);
  if (v == g->second.by_version.end()) return std::nullopt;
  return json{{"kind", "APIResourceList"},
              {"apiVersion", "v1"},
              {"groupVersion", group.empty() ? version : group + "/" + version},
              {"resources", v->second.entries}};
}

std::vector<std::pair<std::string, std::string>> ResourceRegistry::GroupVersions() const {
  std::shared_lock lock(mu_);
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& g : group_order_) {
    for (const std::string& v : groups_.at(g).versions) out.emplace_back(g, v);
  }
  return out;
}

std::vector<ResourceInfo> ResourceRegistry::Resources(const std::string& group,
                                                      const std::string& version) const {
  std::shared_lock lock(mu_);
  std::vector<ResourceInfo> out;
  auto g = groups_.find(group);
  if (g == groups_.end()) return out;
  auto v = g->second.by_version.find(version);
  if (v == g->second.by_version.end()) return out;
  for (const auto& [name, info] : v->second.resources) out.push_back(info);
  return out;
}

}  // namespace ark::kubesim
