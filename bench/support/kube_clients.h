#pragma once

// The connection a bench makes to the cluster under test (kubesim in the runs).

#include <memory>
#include <string>

#include "kube/discovery.h"
#include "kube/dynamic_client.h"

namespace ark::bench {

struct KubeClients {
  std::unique_ptr<kube::DynamicClient> client;
  std::unique_ptr<kube::Discovery> discovery;
};

// The dynamic client and the discovery of the cluster `kubeconfig` names; ends the process
// (Die) with the reason when the kubeconfig does not load or a client cannot be made.
KubeClients ConnectToCluster(const std::string& kubeconfig);

}  // namespace ark::bench
