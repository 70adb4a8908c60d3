#pragma once

#include <memory>

#include "kube/dynamic_client.h"
#include "support/kubesim.h"

namespace ark::controller {

// A kubesim for a controller test, with examples/common/00-prereqs.yaml applied (the Ark
// CRDs and namespace heptio-ark) when `prereqs`, and a dynamic client for it.
struct KubesimClient {
  std::unique_ptr<ark::testing::Kubesim> sim;
  std::unique_ptr<kube::DynamicClient> client;
};

// Records a gtest failure and returns nullptr members when kubesim, kubectl or the client
// fails.
KubesimClient StartKubesimClient(bool prereqs = true);

}  // namespace ark::controller
