#include "support/test_cluster.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

namespace ark::testing {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

bool IsFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string ServerVersion(const std::string& kubeconfig) {
  RunResult r = Run({"kubectl", "--kubeconfig", kubeconfig, "version", "-o", "json"});
  nlohmann::json v = nlohmann::json::parse(r.out, nullptr, false);
  if (!v.is_object() || !v.contains("serverVersion")) return "";
  return v["serverVersion"].value("gitVersion", "");
}

}  // namespace

std::string RealK8sDir() {
  std::string dir = Env("REAL_K8S_DIR");
  return dir.empty() ? std::string(ARK_SOURCE_DIR) + "/../shared/tools/real-k8s" : dir;
}

ClusterKind TestCluster::SelectedKind() {
  return Env("ARK_E2E_CLUSTER") == "real" ? ClusterKind::kReal : ClusterKind::kKubesim;
}

std::unique_ptr<TestCluster> TestCluster::Start(const TestClusterOptions& options) {
  std::unique_ptr<TestCluster> cluster(new TestCluster());
  cluster->kind_ = options.kubesim_only ? ClusterKind::kKubesim : SelectedKind();
  if (cluster->kind_ == ClusterKind::kKubesim) {
    cluster->kubesim_ = Kubesim::Start({.extra_args = options.kubesim_args});
    if (cluster->kubesim_ == nullptr) return nullptr;
    cluster->kubeconfig_ = cluster->kubesim_->kubeconfig();
    cluster->version_ = "kubesim";
    return cluster;
  }

  const std::string named = Env(options.slot == 0 ? "ARK_E2E_KUBECONFIG" : "ARK_E2E_KUBECONFIG2");
  if (!named.empty()) {
    cluster->kubeconfig_ = named;
  } else {
    const std::string start = RealK8sDir() + "/start.sh";
    if (!IsFile(start)) {
      ADD_FAILURE() << "no real cluster: ARK_E2E_KUBECONFIG" << (options.slot == 0 ? "" : "2")
                    << " is not set and " << start
                    << " does not exist. Name a cluster's kubeconfig (kind, k3s, minikube, a "
                       "cloud cluster) in ARK_E2E_KUBECONFIG (and ARK_E2E_KUBECONFIG2 for the "
                       "restore target), or set REAL_K8S_DIR to real-k8s's folder.";
      return nullptr;
    }
    cluster->dir_ = std::make_unique<TempDir>();
    cluster->state_dir_ = cluster->dir_->File("real-k8s");
    std::map<std::string, std::string> env = {{"STOP_WITH_PID", std::to_string(getpid())}};
    if (!options.version.empty()) env["K8S_VERSION"] = options.version;
    RunResult started =
        Run({"bash", start, cluster->state_dir_}, "", env, std::chrono::seconds(300));
    if (started.exit_code != 0) {
      ADD_FAILURE() << "real-k8s's start.sh failed (" << started.exit_code << "):\n" << started.err;
      cluster->state_dir_.clear();
      return nullptr;
    }
    std::string out = Trim(started.out);
    cluster->kubeconfig_ = out.substr(out.find_last_of('\n') + 1);
  }
  cluster->version_ = ServerVersion(cluster->kubeconfig_);
  if (cluster->version_.empty()) {
    ADD_FAILURE() << "the cluster of " << cluster->kubeconfig_
                  << " does not answer kubectl version";
    return nullptr;
  }
  return cluster;
}

TestCluster::~TestCluster() {
  if (!state_dir_.empty()) {
    Run({"bash", RealK8sDir() + "/stop.sh", state_dir_}, "", {}, std::chrono::seconds(60));
  }
}

}  // namespace ark::testing
