#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/test_cluster.h"

namespace ark::testing {

// Polls `condition` every 50 ms until it holds or `timeout` passes; returns the last answer.
bool PollUntil(const std::function<bool()>& condition,
               std::chrono::milliseconds timeout = std::chrono::seconds(60));

struct ArkEnvOptions {
  bool restore_only = false;
  // Directory of the local object store ("" = a fresh temp dir owned by the env).
  std::string store_path = "";
  std::vector<std::string> server_args = {};  // extra `ark server` flags
  // `ark server --backup-sync-period`: how soon backups in the store appear in the cluster.
  std::string backup_sync_period = "1s";
  bool start_server = true;
  // A Config manifest applied instead of examples/local's (for a cloud provider's Config);
  // store_path and restore_only then do not apply.
  std::string config_yaml = "";
  // Variables added to the environment of `ark server` and of the `ark` CLI (credentials
  // files, endpoint overrides), as a user running them outside the cluster would export them.
  std::map<std::string, std::string> env = {};
  // The cluster to run on; nullptr starts a fresh one of the selected kind (kubesim for
  // `make test`, a real control plane for `make test-cluster`).
  std::shared_ptr<TestCluster> cluster = nullptr;
};

// One cluster (kubesim or a real one, with the prerequisites and Config `default` applied), a
// local object store and an `ark server` process; what the env started stops when it is
// destroyed.
class ArkEnv {
 public:
  static std::unique_ptr<ArkEnv> Start(const ArkEnvOptions& options = {});
  ~ArkEnv();

  RunResult Ark(const std::vector<std::string>& args, const std::string& input = "");
  RunResult Kubectl(const std::vector<std::string>& args, const std::string& input = "");
  // `kubectl get KIND NAME -n NS -o json` parsed; null when it fails.
  nlohmann::json Get(const std::string& kind, const std::string& name, const std::string& ns);
  // status.phase of an ark.heptio.com object in heptio-ark ("" when absent or missing).
  std::string Phase(const std::string& kind, const std::string& name);

  // Starts `ark server` with the options' server_args and then `extra_args`.
  void StartServer(const std::vector<std::string>& extra_args = {});
  BackgroundProcess& server() { return *server_; }
  const std::string& store_path() const { return store_path_; }
  const std::string& kubeconfig() const { return cluster_->kubeconfig(); }
  TestCluster& cluster() { return *cluster_; }

 private:
  ArkEnvOptions options_;
  std::unique_ptr<TempDir> dir_;
  std::shared_ptr<TestCluster> cluster_;
  std::unique_ptr<BackgroundProcess> server_;
  std::string store_path_;
};

// `text` (an example manifest) with every `from` replaced by `to`; an example without `from`
// fails the test, since the example changed under it.
std::string FillIn(std::string text, const std::string& from, const std::string& to);

// examples/local's Config pointed at `store_path` (and restore-only when the options say so).
std::string LocalConfig(const ArkEnvOptions& options, const std::string& store_path);

std::string ArkBinary();
std::string SourcePath(const std::string& relative);

}  // namespace ark::testing
