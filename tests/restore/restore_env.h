#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "kube/discovery.h"
#include "kube/dynamic_client.h"
#include "restore/restore_engine.h"
#include "support/kubesim.h"
#include "util/fake_clock.h"
#include "util/log.h"

namespace ark::restore::testing {

using Json = nlohmann::json;

// One backed-up object and the group-resource folder it sits in.
struct BackupItem {
  std::string group_resource;
  Json object;
  std::string path_name = "";  // the name its path gives; "" = its metadata.name
};

// A gzip'd tarball in the Ark v0.5+ layout holding `items` (written with the archive writer).
std::string WriteBackupTarball(const std::vector<BackupItem>& items);

// A kubesim on loopback with a dynamic client and discovery over real HTTP, plus helpers to
// seed and read the cluster in tests.
class Cluster {
 public:
  // Records a test failure and returns nullptr when kubesim or the clients do not come up.
  static std::unique_ptr<Cluster> Start();

  kube::DynamicClient& client() { return *client_; }
  kube::Discovery& discovery() { return *discovery_; }

  // The object, or null when it does not exist. `gr` is a group-resource ("deployments.apps").
  Json Get(const std::string& gr, const std::string& ns, const std::string& name);
  // Creates `object` without its uid, resourceVersion, creationTimestamp and status (fails the
  // test on error) and returns what the server stored.
  Json Create(const std::string& gr, const Json& object);
  // Every object of `gr` in `ns` ("" = all namespaces / cluster-scoped), names sorted.
  std::vector<std::string> Names(const std::string& gr, const std::string& ns = "");

 private:
  kube::GroupVersionResource Gvr(const std::string& gr);
  std::unique_ptr<ark::testing::Kubesim> sim_;
  std::unique_ptr<kube::DynamicClient> client_;
  std::unique_ptr<kube::Discovery> discovery_;
};

// An engine over `cluster` with a fake clock and a log kept in memory.
struct EngineHarness {
  explicit EngineHarness(Cluster& cluster, cloud::BlockStore* block_store = nullptr,
                         EngineOptions options = {});
  Result<RestoreOutcome> Run(const RestoreRequest& request, const std::string& tarball,
                             const BackupInfo& backup = {});

  FakeClock clock;
  MemorySink log_sink;
  Logger log;
  std::unique_ptr<RestoreEngine> engine;
  std::vector<RestoreProgress> progress;
};

}  // namespace ark::restore::testing
