#include "restore/resource_resolver.h"

namespace ark::restore {

Result<kube::ApiResource> ResourceResolver::Find(const std::string& gr) {
  ARK_ASSIGN_OR_RETURN(std::vector<kube::ApiResource> preferred, discovery_.PreferredResources());
  for (const kube::ApiResource& r : preferred) {
    if (r.GroupResource() == gr) return r;
  }
  ARK_ASSIGN_OR_RETURN(std::vector<kube::ApiResource> all, discovery_.AllResources());
  for (const kube::ApiResource& r : all) {
    if (r.GroupResource() == gr) return r;
  }
  return NotFound("resource \"" + gr + "\" is not served by the cluster");
}

std::set<std::string> ResourceResolver::ServedVersions(const std::string& gr) {
  std::set<std::string> versions;
  Result<std::vector<kube::ApiResource>> all = discovery_.AllResources();
  if (!all.ok()) return versions;
  for (const kube::ApiResource& r : *all) {
    if (r.GroupResource() == gr) versions.insert(r.version);
  }
  return versions;
}

std::string ResourceResolver::Canonical(const std::string& name,
                                        const std::set<std::string>& in_backup) {
  if (name == "*" || in_backup.count(name) > 0) return name;
  Result<kube::ApiResource> resolved = discovery_.Resolve(name);
  if (resolved.ok()) return resolved->GroupResource();
  if (name.find('.') == std::string::npos) {
    std::string match;
    int matches = 0;
    for (const std::string& gr : in_backup) {
      if (gr.size() > name.size() && gr.compare(0, name.size(), name) == 0 &&
          gr[name.size()] == '.') {
        match = gr;
        ++matches;
      }
    }
    if (matches == 1) return match;
  }
  return name;
}

std::vector<std::string> ResourceResolver::Canonical(const std::vector<std::string>& names,
                                                     const std::set<std::string>& in_backup) {
  std::vector<std::string> out;
  out.reserve(names.size());
  for (const std::string& n : names) out.push_back(Canonical(n, in_backup));
  return out;
}

}  // namespace ark::restore
