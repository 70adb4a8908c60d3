#pragma once

#include <memory>
#include <set>
#include <string>

#include "restore/archive_spool.h"
#include "restore/byte_budget.h"
#include "restore/item_restorer.h"
#include "restore/namespace_ensurer.h"
#include "restore/owner_links.h"
#include "restore/recreating_owners.h"
#include "restore/resource_resolver.h"
#include "restore/restore_engine.h"
#include "restore/result_collector.h"
#include "restore/volume_restorer.h"
#include "util/includes_excludes.h"
#include "util/worker_pool.h"

namespace ark::restore {

// The state of one RestoreEngine::Run over a spooled backup: filters resolved against
// discovery, the collaborators of ItemRestorer, and the tier loop. Internal to the engine.
class RestoreRun {
 public:
  struct Deps {
    kube::DynamicClient& client;
    kube::Discovery& discovery;
    cloud::BlockStore* block_store;
    const EngineOptions& options;
    const Clock& clock;
  };
  RestoreRun(Deps deps, const RestoreRequest& request, const BackupInfo& backup,
             const ArchiveSpool& spool, const Logger& log, const ProgressFn& progress);

  // Restores every tier and returns the collected outcome (never kFailed).
  RestoreOutcome Execute();

 private:
  TierPlan PlanTier(const std::string& gr);
  // False when the whole group-resource is filtered out (not selected), with the log reason.
  bool Selected(const std::string& gr, std::string* why);
  // True when an item of `gr` from namespace `ns` (named `name`) passes the namespace filter.
  bool InNamespaceFilter(const std::string& gr, const SpoolItem& item) const;
  // Whether the restore creates backed-up `obj` (item of `gr`), as far as the filters say.
  bool Selects(const std::string& gr, const SpoolItem& item, const nlohmann::json& obj) const;
  // Reads the items of `gr` from the spool, each taking room in budget_ before it is read,
  // and hands them to the pool, whose worker gives the room back once the item is restored.
  void RunTier(const std::string& gr);
  bool cancelled() const;
  void WaitForCrds();
  void ReportProgress(const std::string& gr);

  Deps deps_;
  const RestoreRequest& request_;
  const ArchiveSpool& spool_;
  const Logger log_;
  const ProgressFn& progress_;
  std::set<std::string> in_backup_;
  ResourceResolver resolver_;
  IncludesExcludes namespaces_;
  IncludesExcludes resources_;
  ResultCollector results_;
  CreatedObjects created_;
  NamespaceEnsurer ensurer_;
  VolumeRestorer volumes_;
  RecreatingOwners owners_;
  OwnerLinks owner_links_;
  ItemRestorer items_;
  ByteBudget budget_;         // item bytes read from the spool and not yet restored
  int64_t largest_item_ = 0;  // bytes of the largest item read so far
  WorkerPool pool_;
};

}  // namespace ark::restore
