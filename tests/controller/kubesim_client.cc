#include "kubesim_client.h"

#include <gtest/gtest.h>

#include "kube/rest_config.h"
#include "support/process.h"

namespace ark::controller {

KubesimClient StartKubesimClient(bool prereqs) {
  KubesimClient out;
  auto sim = ark::testing::Kubesim::Start();
  if (sim == nullptr) return out;
  if (prereqs) {
    auto applied =
        ark::testing::Run({"kubectl", "--kubeconfig", sim->kubeconfig(), "apply", "-f",
                           std::string(ARK_SOURCE_DIR) + "/examples/common/00-prereqs.yaml"});
    EXPECT_EQ(applied.exit_code, 0) << applied.err;
    if (applied.exit_code != 0) return out;
  }
  kube::LoadOptions options;
  options.kubeconfig = sim->kubeconfig();
  auto config = kube::LoadRestConfig(options);
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  if (!config.ok()) return out;
  auto client = kube::NewDynamicClient(*config);
  EXPECT_TRUE(client.ok()) << client.status().ToString();
  if (!client.ok()) return out;
  out.sim = std::move(sim);
  out.client = std::move(*client);
  return out;
}

}  // namespace ark::controller
