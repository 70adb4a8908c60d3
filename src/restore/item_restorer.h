#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "kube/dynamic_client.h"
#include "kube/resource.h"
#include "restore/archive_spool.h"
#include "restore/created_objects.h"
#include "restore/namespace_ensurer.h"
#include "restore/owner_links.h"
#include "restore/recreating_owners.h"
#include "restore/restore_request.h"
#include "restore/result_collector.h"
#include "restore/volume_restorer.h"
#include "util/log.h"

namespace ark::restore {

// How the items of one group-resource are restored, decided once per tier by the engine.
// At most one of the reasons is set.
struct TierPlan {
  std::string group_resource;
  kube::ApiResource resource;  // valid when every reason is empty (the preferred version)
  std::set<std::string> served_versions;  // every version the cluster serves it at
  std::string skip_reason;                // never restored (events, nodes...): each item is skipped
  std::string fail_reason;                // the cluster does not serve it: each item fails
  std::string pending_reason;  // dry run only: served once a CRD of the backup is created
};

struct ItemRestorerDeps {
  kube::DynamicClient& client;
  NamespaceEnsurer& namespaces;
  VolumeRestorer& volumes;
  ResultCollector& results;
  CreatedObjects& created;
  RecreatingOwners& owners;
  OwnerLinks& owner_links;
  Logger log;
};

// Restores one backed-up object: parse, label selector, the types of the fields it reads
// (CheckItemShape) and its name (it must be the one its path gives), skip rules (SkipReason, and
// objects left to an owner's controller: RecreatingOwners; each skip is logged at info), scope
// (an object
// the archive places in a namespace must be of a namespaced resource, and the reverse, as the
// cluster's discovery says), per-kind rewrite, volume
// from snapshot, target namespace, then create -- or, when the object exists, leave it
// (identical: silent; different: warning) or patch it (policy update; a ServiceAccount is
// always merged into: ServiceAccountMergePatch). A created object's backed-up owner
// references go to OwnerLinks. In a dry run it reads
// the cluster and records what would happen instead of writing. Every selected object ends in
// exactly one ResultCollector::Record; every object it creates is added to CreatedObjects.
// An object the cluster already has is never an error because the cluster refuses the
// backed-up version of it: whatever the create's refusal (AlreadyExists, or Invalid,
// Forbidden, Conflict when validation runs first, as for the built-in flow-control objects),
// an object that exists is handled as existing -- except one refused with AlreadyExists that
// carries this restore's label and that the restore has not recorded yet: that is the
// restore's own create, retried after a try that landed while its answer was lost, and it
// counts as created. Thread-safe: workers call Restore concurrently.
class ItemRestorer {
 public:
  ItemRestorer(ItemRestorerDeps deps, const RestoreRequest& request);

  // `item` already passed the namespace filter. For the "namespaces" tier, `item.name` is the
  // backed-up namespace and the object is restored under its mapped name.
  void Restore(const TierPlan& tier, const SpoolItem& item);

  // The namespace objects from `ns` are restored into.
  const std::string& MapNamespace(const std::string& ns) const;

 private:
  struct Target {
    std::string gr, ns, name;  // where the object goes (ns "" = cluster-scoped)
    std::string source_ns;     // the namespace it was backed up in
    std::string Describe() const;
  };
  void RestoreItem(const TierPlan& tier, const Target& target, const SpoolItem& item);
  // `backed_up_name`: the object's name as its path in the archive says (before any mapping).
  void RestoreParsed(const TierPlan& tier, const Target& target, const std::string& backed_up_name,
                     nlohmann::json& obj);
  void HandleExisting(const TierPlan& tier, const Target& target,
                      const kube::GroupVersionResource& gvr, const nlohmann::json& desired,
                      const nlohmann::json& live, const std::string& detail);
  // Records a deliberate skip and names the object and why in the restore log.
  void Skip(const Target& target, const std::string& why);
  void Fail(const Target& target, const std::string& what);
  // A created object: its backed-up owner references (if any) are set once owners exist.
  void Created(const TierPlan& tier, const Target& target, const kube::GroupVersionResource& gvr,
               const std::string& detail, nlohmann::json owner_references);
  // The ServiceAccount the cluster already has gets the backed-up one's pull secrets,
  // secrets, labels and annotations merged in (recorded as an update, or unchanged).
  void MergeServiceAccount(const Target& target, const kube::GroupVersionResource& gvr,
                           const nlohmann::json& desired, const nlohmann::json& live);
  // Whether `live` carries this restore's label: made by this restore, e.g. by a create
  // whose first try landed while its answer was lost, and which was then retried
  // (DynamicClient::CreateWithoutResult retries named creates).
  bool CreatedByThisRestore(const nlohmann::json& live) const;
  // A Service refused for its kept cluster IP or node ports (taken in this cluster, e.g. a
  // restore under another namespace, or outside its ranges) is created once more with the
  // addresses left to the cluster, and a warning says so. False when that does not apply or
  // does not succeed.
  bool RetryWithAllocatedAddresses(const Target& target, const kube::GroupVersionResource& gvr,
                                   nlohmann::json& obj);
  // The object's own version when the cluster serves it, else the preferred version (and the
  // object's apiVersion is changed to it: a backup from an older cluster, e.g.
  // flowcontrol.apiserver.k8s.io/v1beta1, restores into a newer one).
  kube::GroupVersionResource GvrFor(const TierPlan& tier, nlohmann::json& obj) const;

  ItemRestorerDeps deps_;
  const RestoreRequest& request_;
  const std::string label_value_;
};

}  // namespace ark::restore
