#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kube/dynamic_client.h"
#include "support/e2e/ark_env.h"
#include "util/result.h"

namespace ark::testing {

struct CrashEnvOptions {
  std::vector<std::string> server_args = {};  // extra `ark server` flags
  // The corpus: namespace `corpus_namespace` with `objects` ConfigMaps labelled
  // CrashEnv::kCorpusLabel, each with `payload_bytes` random characters (so a gzipped tarball
  // grows with every item).
  std::string corpus_namespace = "crash";
  int objects = 0;
  int payload_bytes = 0;
};

// The end-to-end environment of a crash test: a cluster holding a corpus of ConfigMaps whose
// payloads the test remembers, the local store, an `ark server` whose working folder
// (--temp-dir and $TMPDIR) is the test's own, and a kube client for the test's reads.
// kubesim starts with the corpus loaded from a state file (creating thousands of large objects
// through the API takes many seconds); a real cluster gets it through the API.
class CrashEnv {
 public:
  static constexpr const char* kCorpusLabel = "crash=corpus";

  static std::unique_ptr<CrashEnv> Start(const CrashEnvOptions& options);

  ArkEnv& ark() { return *ark_; }
  BackgroundProcess& server() { return ark_->server(); }
  kube::DynamicClient& client() { return *client_; }
  // The folder the server stages tarballs, logs and spools in (its private folder is made
  // inside it).
  const std::string& work_dir() const { return work_dir_->path(); }

  // The corpus: ConfigMap name -> payload.
  const std::map<std::string, std::string>& corpus() const { return corpus_; }
  // The ConfigMaps labelled kCorpusLabel in `ns`: name -> payload.
  std::map<std::string, std::string> CorpusInCluster(const std::string& ns);
  // Deletes namespace `ns` and waits until it is gone.
  Status DeleteNamespace(const std::string& ns);

  // An ark.heptio.com object of heptio-ark ("backups", "restores"); null when missing.
  nlohmann::json Get(const std::string& resource, const std::string& name);
  std::string Phase(const std::string& resource, const std::string& name);
  // The objects of `resource` whose phase is not final ("", New, InProgress): name -> phase.
  std::map<std::string, std::string> Unfinished(const std::string& resource);
  // Waits (up to 60 s) until no Backup and no Restore is unfinished.
  bool WaitAllFinal();
  // Creates a Backup of namespace `ns` / a Restore named `name` of `backup` with `ark backup
  // create` / `ark restore create --from-backup`, which talk to the API server only, so a test
  // can create them while the server is paused.
  Status CreateBackup(const std::string& name, const std::string& ns);
  Status CreateRestore(const std::string& name, const std::string& backup);

  // File names in the store folder of backup `name` (empty when it has none).
  std::vector<std::string> StoreFiles(const std::string& backup);
  // Paths of the partial uploads (.ark-tmp-*) anywhere in the store.
  std::vector<std::string> PartialUploads();
  // Sets the modification time of every partial upload `hours` back: what a server restarted
  // that much later finds.
  void AgePartialUploads(int hours);
  // work_dir() and the folders under it.
  std::vector<std::string> WorkFolders();
  // Paths of the regular files under work_dir() whose name starts with `prefix`, lock files
  // aside.
  std::vector<std::string> StagedFiles(const std::string& prefix = "");

  // SIGKILL (the server is paused or running) and a new server on the same cluster and store.
  void KillServer();
  void StartServer() { ark_->StartServer(); }

 private:
  CrashEnv() = default;
  // kubesim's state file with the corpus in it.
  void WriteKubesimState(const std::string& data_dir, const std::string& ns);
  // The corpus through the API, from several threads.
  Status CreateCorpus(const std::string& ns);

  std::unique_ptr<TempDir> work_dir_;
  std::unique_ptr<TempDir> data_dir_;
  std::unique_ptr<ArkEnv> ark_;
  std::unique_ptr<kube::DynamicClient> client_;
  std::map<std::string, std::string> corpus_;
};

// The paths of the entries of a gzipped tarball; an error when it cannot be read to its end.
Result<std::vector<std::string>> TarballPaths(const std::string& path);

// Size of a file, -1 when it cannot be read.
int64_t FileSize(const std::string& path);

}  // namespace ark::testing
