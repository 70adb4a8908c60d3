#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "kube/dynamic_client.h"
#include "restore/result_collector.h"
#include "util/log.h"

namespace ark::restore {

// Makes sure a target namespace exists before objects are created in it, once per namespace
// however many workers ask at the same time. A missing namespace is created bare (labelled
// ark-restore=<restore>); in a dry run it is only recorded in the plan. Thread-safe.
class NamespaceEnsurer {
 public:
  NamespaceEnsurer(kube::DynamicClient& client, ResultCollector& results, bool dry_run,
                   std::string restore_label_value, Logger log);

  // OK when `ns` exists, was created, or (dry run) would be. Errors (a Terminating namespace:
  // FailedPrecondition; API errors) are returned to every caller for that namespace.
  Status Ensure(const std::string& ns);
  // Records that `ns` exists (restored from the backup's Namespace object).
  void MarkPresent(const std::string& ns);

 private:
  struct Entry {
    std::once_flag once;
    Status status;
  };
  Status EnsureSlow(const std::string& ns);

  kube::DynamicClient& client_;
  ResultCollector& results_;
  const bool dry_run_;
  const std::string label_value_;
  const Logger log_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;  // guarded by mu_
};

}  // namespace ark::restore
