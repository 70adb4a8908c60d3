#include "kubesim_client.h"

#include <gtest/gtest.h>

#include "cloud/local/local_object_store.h"
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

void KubesimStoreTest::SetUp() {
  KubesimClient env = StartKubesimClient();
  ASSERT_NE(env.client, nullptr);
  sim_ = std::move(env.sim);
  client_ = std::move(env.client);
  objects_ = std::make_unique<cloud::local::LocalObjectStore>(dir_.path());
  store_ = std::make_unique<persistence::BackupStore>(*objects_, "ark");
}

}  // namespace ark::controller
