#include "restore/created_objects.h"

#include "util/json_scan.h"

namespace ark::restore {

bool CreatedObjects::Add(const kube::GroupVersionResource& gvr, const std::string& gr,
                         const std::string& ns, const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  Created& created = by_resource_[gr];
  created.gvr = gvr;
  return created.objects.emplace(ns, name).second;
}

void CreatedObjects::CheckStillPresent(kube::DynamicClient& client,
                                       const std::string& label_selector, ResultCollector& results,
                                       int64_t page_limit) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [gr, created] : by_resource_) {
    std::set<std::pair<std::string, std::string>> missing = created.objects;
    kube::ListOptions options;
    options.label_selector = label_selector;
    options.limit = page_limit;
    Status listed = client.ListRaw(created.gvr, "", options, [&](kube::RawListPage& page) {
      for (std::string_view item : page.items) {
        missing.erase({json_scan::StringAt(item, "metadata", "namespace"),
                       json_scan::StringAt(item, "metadata", "name")});
      }
      return Status::Ok();
    });
    if (!listed.ok()) {
      results.ArkError("checking that the restored " + gr +
                       " are still present: " + listed.ToString());
      continue;
    }
    for (const auto& [ns, name] : missing) {
      results.Error(ns, gr + " \"" + (ns.empty() ? name : ns + "/" + name) +
                            "\" was created but the cluster has deleted it since");
    }
  }
}

}  // namespace ark::restore
