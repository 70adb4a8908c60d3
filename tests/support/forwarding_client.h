#pragma once

#include <functional>
#include <string_view>

#include "kube/dynamic_client.h"

namespace ark::testing {

// A kube::DynamicClient that forwards every call to a real one: the base of the
// fault-injecting clients of the tests, which override only the calls they break.
// Header-only; a test binary using it links ark_kube.
class ForwardingClient : public kube::DynamicClient {
 public:
  explicit ForwardingClient(kube::DynamicClient& real) : real_(real) {}

  Result<kube::Json> Get(const kube::GroupVersionResource& gvr, std::string_view ns,
                         std::string_view name) override {
    return real_.Get(gvr, ns, name);
  }
  Status ListRaw(const kube::GroupVersionResource& gvr, std::string_view ns,
                 const kube::ListOptions& options,
                 const std::function<Status(kube::RawListPage&)>& on_page) override {
    return real_.ListRaw(gvr, ns, options, on_page);
  }
  Result<kube::Json> Create(const kube::GroupVersionResource& gvr, std::string_view ns,
                            const kube::Json& object) override {
    return real_.Create(gvr, ns, object);
  }
  Result<kube::Json> Update(const kube::GroupVersionResource& gvr, std::string_view ns,
                            const kube::Json& object) override {
    return real_.Update(gvr, ns, object);
  }
  Result<kube::Json> UpdateStatus(const kube::GroupVersionResource& gvr, std::string_view ns,
                                  const kube::Json& object) override {
    return real_.UpdateStatus(gvr, ns, object);
  }
  Result<kube::Json> Patch(const kube::GroupVersionResource& gvr, std::string_view ns,
                           std::string_view name, kube::PatchType type,
                           std::string_view patch) override {
    return real_.Patch(gvr, ns, name, type, patch);
  }
  Status Delete(const kube::GroupVersionResource& gvr, std::string_view ns, std::string_view name,
                const kube::DeleteOptions& options) override {
    return real_.Delete(gvr, ns, name, options);
  }
  Status Watch(const kube::GroupVersionResource& gvr, std::string_view ns,
               const kube::WatchOptions& options,
               const std::function<bool(kube::WatchEvent&)>& on_event) override {
    return real_.Watch(gvr, ns, options, on_event);
  }

 protected:
  kube::DynamicClient& real_;
};

}  // namespace ark::testing
