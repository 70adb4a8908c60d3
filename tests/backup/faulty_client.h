#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kube/dynamic_client.h"
#include "support/forwarding_client.h"

namespace ark::testing {

// A fault-injecting kube::DynamicClient: forwards to a real client except that LIST and GET
// of the group-resources in `fail_list` / `fail_get` return Unavailable (as a broken
// aggregated API server would), and that the LIST pages of those in `pretty_list` arrive
// with their items pretty-printed and of those in `cut_list` with each page's last item cut
// in half (a server that sends other JSON than the API server's compact text, or a broken
// one). Thread-safe when the sets are not changed during use.
class FaultyClient final : public ForwardingClient {
 public:
  explicit FaultyClient(kube::DynamicClient& real) : ForwardingClient(real) {}

  std::set<std::string> fail_list;  // group-resources: "configmaps", "deployments.apps"
  std::set<std::string> fail_get;
  std::set<std::string> pretty_list;
  std::set<std::string> cut_list;

  Result<kube::Json> Get(const kube::GroupVersionResource& gvr, std::string_view ns,
                         std::string_view name) override {
    if (fail_get.count(gvr.GroupResource())) return Unavailable("injected GET failure");
    return real_.Get(gvr, ns, name);
  }
  Status ListRaw(const kube::GroupVersionResource& gvr, std::string_view ns,
                 const kube::ListOptions& options,
                 const std::function<Status(kube::RawListPage&)>& on_page) override {
    if (fail_list.count(gvr.GroupResource())) {
      return Status(Code::kUnavailable, "injected LIST failure")
          .WithHttp(503, "ServiceUnavailable");
    }
    const bool pretty = pretty_list.count(gvr.GroupResource()) != 0;
    const bool cut = cut_list.count(gvr.GroupResource()) != 0;
    if (!pretty && !cut) return real_.ListRaw(gvr, ns, options, on_page);
    kube::ListOptions split = options;
    split.split_items = true;
    return real_.ListRaw(gvr, ns, split, [&](kube::RawListPage& page) {
      std::vector<std::string> texts;
      for (std::string_view item : page.items) {
        texts.push_back(pretty ? kube::Json::parse(item).dump(2) : std::string(item));
      }
      if (cut && !texts.empty()) texts.back().resize(texts.back().size() / 2);
      kube::RawListPage rewritten;
      rewritten.api_version = page.api_version;
      rewritten.kind = page.kind;
      rewritten.resource_version = page.resource_version;
      std::vector<size_t> offsets;
      for (const std::string& text : texts) {
        offsets.push_back(rewritten.body.size());
        rewritten.body += text;
      }
      for (size_t i = 0; i < texts.size(); ++i) {
        rewritten.items.push_back(
            std::string_view(rewritten.body).substr(offsets[i], texts[i].size()));
      }
      return on_page(rewritten);
    });
  }
};

}  // namespace ark::testing
