#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "archive/tarball_writer.h"
#include "backup/backup_engine.h"
#include "kube/discovery.h"
#include "kube/dynamic_client.h"
#include "kube/rest_config.h"
#include "support/kubesim.h"
#include "util/log.h"

namespace ark::testing {

// A kubesim process on loopback holding the backup workload (workload.h), shared by a test
// suite, with a client and discovery pointed at it.
class BackupTestEnv {
 public:
  // Starts kubesim (with `kubesim_args`) and creates the workload; fails the current test on
  // any error.
  static std::unique_ptr<BackupTestEnv> Start(std::vector<std::string> kubesim_args = {});

  kube::DynamicClient& client() { return *client_; }
  kube::Discovery& discovery() { return *discovery_; }
  const kube::RestConfig& config() const { return config_; }

 private:
  std::unique_ptr<Kubesim> server_;
  kube::RestConfig config_;
  std::unique_ptr<kube::DynamicClient> client_;
  std::unique_ptr<kube::Discovery> discovery_;
};

// One backup run into an in-memory tarball, read back.
struct TestBackup {
  Result<backup::BackupOutcome> outcome = Internal("not run");
  std::vector<std::string> entries;  // in tarball order
  std::map<std::string, std::string> contents;
  std::vector<std::string> log_lines;
  std::vector<std::string> Sorted() const;
};

// Parses `spec_json` as a Backup spec (name "b", namespace heptio-ark), runs `engine`.
TestBackup RunBackup(backup::BackupEngine& engine, const std::string& spec_json,
                     const backup::ProgressFn& progress = nullptr);

}  // namespace ark::testing
