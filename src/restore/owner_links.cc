#include "restore/owner_links.h"

#include <optional>

#include "restore/owner_rules.h"

namespace ark::restore {
namespace {

using Json = nlohmann::json;

// The served resource of `kind` in `api_version`'s group, at that version when served.
std::optional<kube::ApiResource> ResourceOfKind(kube::Discovery& discovery,
                                                const std::string& api_version,
                                                const std::string& kind) {
  Result<std::vector<kube::ApiResource>> all = discovery.AllResources();
  if (!all.ok()) return std::nullopt;
  const std::string group = GroupOf(api_version);
  std::optional<kube::ApiResource> found;
  for (const kube::ApiResource& r : *all) {
    if (r.group != group || r.kind != kind) continue;
    if (r.Gvr().GroupVersion() == api_version) return r;
    if (!found) found = r;
  }
  return found;
}

std::string Describe(const std::string& gr, const std::string& ns, const std::string& name) {
  return gr + " \"" + (ns.empty() ? name : ns + "/" + name) + "\"";
}

}  // namespace

void OwnerLinks::Add(const kube::GroupVersionResource& gvr, const std::string& gr,
                     const std::string& ns, const std::string& name, Json references) {
  std::lock_guard<std::mutex> lock(mu_);
  owned_.push_back({gvr, gr, ns, name, std::move(references)});
}

void OwnerLinks::Link(kube::DynamicClient& client, kube::Discovery& discovery,
                      ResultCollector& results, const Logger& log) const {
  std::lock_guard<std::mutex> lock(mu_);
  // The owner each (apiVersion, kind, namespace, name) resolves to: its reference with the
  // target's uid, or null when the target has no such object.
  std::map<std::string, Json> owners;
  for (const Owned& owned : owned_) {
    Json linked = Json::array();
    for (const Json& ref : owned.references) {
      if (!ref.is_object()) continue;
      const std::string api_version = ref.value("apiVersion", "");
      const std::string kind = ref.value("kind", "");
      const std::string name = ref.value("name", "");
      std::optional<kube::ApiResource> resource = ResourceOfKind(discovery, api_version, kind);
      const std::string owner_ns = resource && resource->namespaced ? owned.ns : "";
      const std::string key = api_version + "/" + kind + "/" + owner_ns + "/" + name;
      auto cached = owners.find(key);
      if (cached == owners.end()) {
        Json target = nullptr;
        Result<Json> live = resource && !name.empty() ? client.Get(resource->Gvr(), owner_ns, name)
                                                      : Result<Json>(NotFound("not served"));
        if (live.ok() && live->contains("metadata") && (*live)["metadata"].contains("uid")) {
          target = ref;
          target["uid"] = (*live)["metadata"]["uid"];
          target["apiVersion"] = live->value("apiVersion", api_version);
        }
        cached = owners.emplace(key, std::move(target)).first;
      }
      if (cached->second.is_null()) {
        results.Warn(owned.ns, Describe(owned.group_resource, owned.ns, owned.name) +
                                   " restored without its owner reference to " + kind + " \"" +
                                   name + "\": the cluster has no such owner");
        continue;
      }
      linked.push_back(cached->second);
    }
    if (linked.empty()) continue;
    const Json patch = {{"metadata", {{"ownerReferences", linked}}}};
    Result<Json> patched =
        client.Patch(owned.gvr, owned.ns, owned.name, kube::PatchType::kMerge, patch.dump());
    if (!patched.ok()) {
      results.Error(owned.ns, "setting the owner references of " +
                                  Describe(owned.group_resource, owned.ns, owned.name) + ": " +
                                  patched.status().ToString());
      continue;
    }
    log.Info("Linked restored item to its owners", {{"resource", owned.group_resource},
                                                    {"namespace", owned.ns},
                                                    {"name", owned.name},
                                                    {"owners", std::to_string(linked.size())}});
  }
}

}  // namespace ark::restore
