#include "support/kube_clients.h"

#include "kube/rest_config.h"
#include "support/bench_process.h"

namespace ark::bench {

KubeClients ConnectToCluster(const std::string& kubeconfig) {
  kube::LoadOptions load;
  load.kubeconfig = kubeconfig;
  auto config = kube::LoadRestConfig(load);
  if (!config.ok()) Die(config.status().ToString());
  auto client = kube::NewDynamicClient(*config);
  if (!client.ok()) Die(client.status().ToString());
  auto discovery = kube::NewDiscovery(*config);
  if (!discovery.ok()) Die(discovery.status().ToString());
  return {std::move(*client), std::move(*discovery)};
}

}  // namespace ark::bench
