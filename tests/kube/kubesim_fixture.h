#pragma once

// A kubesim (TLS + bearer token) and clients for it, loaded through the kubeconfig kubesim
// writes, exactly as `ark --kubeconfig` would.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "kube/discovery.h"
#include "kube/dynamic_client.h"
#include "kube/rest_client.h"
#include "kube/rest_config.h"
#include "support/kubesim.h"
#include "util/log.h"

namespace ark::kube::testing {

struct KubesimClients {
  std::unique_ptr<ark::testing::Kubesim> sim;
  RestConfig config;
  std::shared_ptr<RestClient> rest;
  std::unique_ptr<DynamicClient> client;
  std::unique_ptr<Discovery> discovery;

  // extra_args go to kubesim; `logger` (may be null) receives the transport's debug lines.
  static std::unique_ptr<KubesimClients> Start(std::vector<std::string> extra_args = {},
                                               const Logger* logger = nullptr) {
    auto out = std::make_unique<KubesimClients>();
    out->sim = ark::testing::Kubesim::Start(
        {.tls = true, .token = "s3cret-t0ken", .extra_args = std::move(extra_args)});
    if (!out->sim) return nullptr;
    LoadOptions load;
    load.kubeconfig = out->sim->kubeconfig();
    auto config = LoadRestConfig(load);
    EXPECT_TRUE(config.ok()) << config.status().ToString();
    if (!config.ok()) return nullptr;
    out->config = *config;
    ClientEnv env;
    env.logger = logger;
    auto rest = RestClient::New(out->config, std::move(env));
    EXPECT_TRUE(rest.ok()) << rest.status().ToString();
    if (!rest.ok()) return nullptr;
    out->rest = *rest;
    out->client = NewDynamicClient(out->rest);
    out->discovery = NewDiscovery(out->rest);
    return out;
  }
};

inline nlohmann::json ConfigMap(const std::string& ns, const std::string& name,
                                nlohmann::json data = nlohmann::json::object()) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"namespace", ns}}},
          {"data", std::move(data)}};
}

inline nlohmann::json Namespace(const std::string& name) {
  return {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}};
}

inline const GroupVersionResource kConfigMapsGvr{"", "v1", "configmaps"};
inline const GroupVersionResource kNamespacesGvr{"", "v1", "namespaces"};

}  // namespace ark::kube::testing
