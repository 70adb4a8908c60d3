#include "kube/discovery.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "kube/rest_client.h"
#include "kube/status_mapping.h"
#include "util/ascii.h"
#include "util/worker_pool.h"

namespace ark::kube {
namespace {

using Json = nlohmann::json;

constexpr int kParallelFetches = 8;

struct GroupVersion {
  std::string group;
  std::string version;
  bool preferred = false;
  std::string Path() const {
    return group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }
};

// What one full discovery pass found.
struct Snapshot {
  std::vector<ApiResource> preferred;
  std::vector<ApiResource> all;
};

// "v1", "v2beta3", "v1alpha1".
bool LooksLikeVersion(std::string_view s) {
  if (s.size() < 2 || s[0] != 'v' || !std::isdigit(static_cast<unsigned char>(s[1]))) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c); });
}

std::vector<std::string> Strings(const Json& object, const char* key) {
  std::vector<std::string> out;
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

// Parses an APIResourceList: top-level resources, each with its subresources attached.
Result<std::vector<ApiResource>> ParseResourceList(const std::string& body,
                                                   const GroupVersion& gv) {
  Json doc = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object())
    return Internal("discovery " + gv.Path() + ": response is not a JSON object");
  std::vector<ApiResource> out;
  auto resources = doc.find("resources");
  if (resources == doc.end() || !resources->is_array()) return out;
  for (const auto& r : *resources) {
    if (!r.is_object()) continue;
    std::string name = r.value("name", "");
    auto slash = name.find('/');
    if (slash != std::string::npos) {
      std::string parent = name.substr(0, slash);
      for (auto& resource : out) {
        if (resource.name == parent) resource.subresources.push_back(name.substr(slash + 1));
      }
      continue;
    }
    ApiResource resource;
    resource.group = gv.group;
    resource.version = gv.version;
    resource.name = std::move(name);
    resource.singular_name = r.value("singularName", "");
    resource.kind = r.value("kind", "");
    resource.namespaced = r.value("namespaced", false);
    resource.verbs = Strings(r, "verbs");
    resource.short_names = Strings(r, "shortNames");
    resource.categories = Strings(r, "categories");
    if (resource.singular_name.empty()) resource.singular_name = AsciiLower(resource.kind);
    out.push_back(std::move(resource));
  }
  return out;
}

class RestDiscovery final : public Discovery {
 public:
  explicit RestDiscovery(std::shared_ptr<RestClient> rest) : rest_(std::move(rest)) {}

  Result<std::vector<ApiResource>> PreferredResources() override {
    ARK_ASSIGN_OR_RETURN(auto snapshot, Get());
    return snapshot->preferred;
  }

  Result<std::vector<ApiResource>> AllResources() override {
    ARK_ASSIGN_OR_RETURN(auto snapshot, Get());
    return snapshot->all;
  }

  void Invalidate() override {
    std::lock_guard<std::mutex> lock(mu_);
    cache_.reset();
  }

  Result<ApiResource> Resolve(std::string_view name) override {
    ARK_ASSIGN_OR_RETURN(auto snapshot, Get());
    const std::string input = AsciiLower(name);
    // Candidate splits: "res" | "res.group" | "res.version.group".
    struct Query {
      std::string resource;
      std::optional<std::string> group;
      std::optional<std::string> version;
    };
    std::vector<Query> queries;
    auto dot = input.find('.');
    if (dot != std::string::npos) {
      std::string resource = input.substr(0, dot);
      std::string rest = input.substr(dot + 1);
      auto dot2 = rest.find('.');
      if (dot2 != std::string::npos && LooksLikeVersion(rest.substr(0, dot2))) {
        queries.push_back({resource, rest.substr(dot2 + 1), rest.substr(0, dot2)});
      }
      if (LooksLikeVersion(rest)) queries.push_back({resource, std::string(), rest});  // pods.v1
      queries.push_back({resource, rest, std::nullopt});
    }
    queries.push_back({input, std::nullopt, std::nullopt});

    for (const Query& q : queries) {
      // An explicit version may name a non-preferred one.
      const auto& pool = q.version ? snapshot->all : snapshot->preferred;
      auto matches = [&](const ApiResource& r, int pass) {
        if (q.group && r.group != *q.group) return false;
        if (q.version && r.version != *q.version) return false;
        switch (pass) {
          case 0:
            return r.name == q.resource;
          case 1:
            return r.singular_name == q.resource;
          case 2:
            return std::find(r.short_names.begin(), r.short_names.end(), q.resource) !=
                   r.short_names.end();
          default:
            return AsciiLower(r.kind) == q.resource;
        }
      };
      for (int pass = 0; pass < 4; ++pass) {
        for (const auto& r : pool) {
          if (matches(r, pass)) return r;
        }
      }
    }
    return NotFound("the server doesn't have a resource type \"" + std::string(name) + "\"");
  }

 private:
  Result<std::shared_ptr<const Snapshot>> Get() {
    std::lock_guard<std::mutex> fetch_lock(fetch_mu_);  // one fetch at a time
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (cache_) return cache_;
    }
    ARK_ASSIGN_OR_RETURN(auto snapshot, Fetch());
    std::lock_guard<std::mutex> lock(mu_);
    cache_ = std::move(snapshot);
    return cache_;
  }

  Result<std::string> GetBody(const std::string& path) {
    http::Request request;
    request.url = path;
    ARK_ASSIGN_OR_RETURN(auto response, rest_->Do(std::move(request), /*idempotent=*/true));
    return std::move(response.body);
  }

  Result<std::vector<GroupVersion>> GroupVersions() {
    std::vector<GroupVersion> out;
    ARK_ASSIGN_OR_RETURN(std::string core_body, GetBody("/api"));
    Json core = Json::parse(core_body, nullptr, false);
    if (!core.is_object()) return Internal("discovery /api: response is not a JSON object");
    auto core_versions = Strings(core, "versions");
    for (size_t i = 0; i < core_versions.size(); ++i) {
      out.push_back({"", core_versions[i], i == 0});
    }
    ARK_ASSIGN_OR_RETURN(std::string groups_body, GetBody("/apis"));
    Json groups = Json::parse(groups_body, nullptr, false);
    if (!groups.is_object()) return Internal("discovery /apis: response is not a JSON object");
    auto list = groups.find("groups");
    if (list == groups.end() || !list->is_array()) return out;
    for (const auto& g : *list) {
      if (!g.is_object()) continue;
      std::string name = g.value("name", "");
      std::string preferred;
      if (auto p = g.find("preferredVersion"); p != g.end() && p->is_object()) {
        preferred = p->value("version", "");
      }
      auto versions = g.find("versions");
      if (versions == g.end() || !versions->is_array()) continue;
      bool first = true;
      for (const auto& v : *versions) {
        std::string version = v.value("version", "");
        bool is_preferred = preferred.empty() ? first : version == preferred;
        out.push_back({name, version, is_preferred});
        first = false;
      }
    }
    return out;
  }

  Result<std::shared_ptr<const Snapshot>> Fetch() {
    ARK_ASSIGN_OR_RETURN(auto versions, GroupVersions());
    std::vector<std::optional<Result<std::vector<ApiResource>>>> results(versions.size());
    {
      WorkerPool pool(static_cast<int>(std::min<size_t>(kParallelFetches, versions.size())),
                      static_cast<int>(versions.size()));
      for (size_t i = 0; i < versions.size(); ++i) {
        pool.Submit([this, &versions, &results, i] {
          auto body = GetBody(versions[i].Path());
          if (!body.ok()) {
            results[i].emplace(std::move(body).status());
          } else {
            results[i].emplace(ParseResourceList(*body, versions[i]));
          }
        });
      }
    }  // the pool's end waits for every fetch

    auto snapshot = std::make_shared<Snapshot>();
    for (size_t i = 0; i < versions.size(); ++i) {
      auto& result = *results[i];
      if (!result.ok()) {
        // A group whose server is down (an aggregated API) is skipped as kubectl does;
        // anything else fails discovery.
        if (result.status().code() == Code::kUnavailable ||
            result.status().code() == Code::kNotFound) {
          continue;
        }
        return result.status();
      }
      for (const auto& r : *result) {
        snapshot->all.push_back(r);
        if (versions[i].preferred) snapshot->preferred.push_back(r);
      }
    }
    return std::shared_ptr<const Snapshot>(std::move(snapshot));
  }

  std::shared_ptr<RestClient> rest_;
  std::mutex fetch_mu_;
  std::mutex mu_;
  std::shared_ptr<const Snapshot> cache_;  // guarded by mu_
};

}  // namespace

std::unique_ptr<Discovery> NewDiscovery(std::shared_ptr<RestClient> rest) {
  return std::make_unique<RestDiscovery>(std::move(rest));
}

Result<std::unique_ptr<Discovery>> NewDiscovery(const RestConfig& config) {
  ARK_ASSIGN_OR_RETURN(auto rest, RestClient::New(config));
  return NewDiscovery(std::move(rest));
}

}  // namespace ark::kube
