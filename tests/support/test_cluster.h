#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/kubesim.h"
#include "support/process.h"

namespace ark::testing {

// Which API server the end-to-end scenarios run against. `make test` runs them on kubesim;
// `make test-cluster` sets ARK_E2E_CLUSTER=real and runs the same scenarios on real
// kube-apiservers (with kube-controller-manager), where the real server's behaviour decides.
enum class ClusterKind { kKubesim, kReal };

struct TestClusterOptions {
  // Which cluster of a scenario this is: 0 for the first (the source), 1 for the second (the
  // restore target). A real cluster named by the user is ARK_E2E_KUBECONFIG for slot 0 and
  // ARK_E2E_KUBECONFIG2 for slot 1.
  int slot = 0;
  // Kubernetes version of a cluster the tests start ("" = real-k8s's default, e.g. "1.21").
  // kubesim and clusters named by the user ignore it.
  std::string version = "";
  // Extra kubesim flags (e.g. {"--data-dir", DIR} to start with the objects of DIR/state.jsonl);
  // real clusters ignore them.
  std::vector<std::string> kubesim_args = {};
  // Always kubesim, whatever ARK_E2E_CLUSTER says: for tests of ark's own limits with objects
  // no real API server accepts (etcd refuses requests over 1.5 MiB), so there is no real
  // cluster to run them on.
  bool kubesim_only = false;
};

// One Kubernetes API server for a test: a kubesim process, a real control plane started with
// real-k8s's start.sh (stopped when this is destroyed; a watchdog stops it if the test process
// dies), or a cluster the user named by its kubeconfig (left running).
//
//   auto cluster = TestCluster::Start();
//   ASSERT_NE(cluster, nullptr);
//   Run({"kubectl", "--kubeconfig", cluster->kubeconfig(), "get", "ns"});
class TestCluster {
 public:
  // ARK_E2E_CLUSTER=real selects real clusters; anything else (or unset) kubesim.
  static ClusterKind SelectedKind();
  // Starts (or connects to) a cluster of the selected kind. Returns nullptr and records a
  // gtest failure saying how to get a cluster when none can be had.
  static std::unique_ptr<TestCluster> Start(const TestClusterOptions& options = {});
  ~TestCluster();

  const std::string& kubeconfig() const { return kubeconfig_; }
  ClusterKind kind() const { return kind_; }
  bool real() const { return kind_ == ClusterKind::kReal; }
  // "v1.26.9" for a real cluster (from its /version), "kubesim" for kubesim.
  const std::string& version() const { return version_; }

 private:
  TestCluster() = default;
  ClusterKind kind_ = ClusterKind::kKubesim;
  std::string kubeconfig_;
  std::string version_;
  std::string state_dir_;  // a real cluster this object started ("" otherwise)
  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<Kubesim> kubesim_;
};

// The folder of real-k8s's start.sh: $REAL_K8S_DIR, else ../shared/tools/real-k8s beside the
// source tree.
std::string RealK8sDir();

}  // namespace ark::testing
