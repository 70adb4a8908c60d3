#include "restore/item_restorer.h"

#include "restore/item_rewriter.h"
#include "restore/item_shape.h"
#include "restore/service_account_merge.h"
#include "util/json_access.h"

namespace ark::restore {
namespace {

using Json = nlohmann::json;

bool IsNamespaceTier(const TierPlan& tier) { return tier.group_resource == "namespaces"; }

std::string StatusText(const Status& s) {
  return s.message().empty() ? std::string(CodeName(s.code())) : s.message();
}

// Refusals a create can get for an object the cluster already has: AlreadyExists, or the
// outcome of checks the server runs before it looks for the name.
bool MayAlreadyExist(Code code) {
  return code == Code::kAlreadyExists || code == Code::kInvalidArgument ||
         code == Code::kPermissionDenied || code == Code::kConflict;
}

}  // namespace

std::string ItemRestorer::Target::Describe() const {
  return gr + " \"" + (ns.empty() ? name : ns + "/" + name) + "\"";
}

ItemRestorer::ItemRestorer(ItemRestorerDeps deps, const RestoreRequest& request)
    : deps_(std::move(deps)), request_(request), label_value_(RestoreLabelValue(request.name)) {}

const std::string& ItemRestorer::MapNamespace(const std::string& ns) const {
  auto it = request_.namespace_mapping.find(ns);
  return it == request_.namespace_mapping.end() ? ns : it->second;
}

void ItemRestorer::Restore(const TierPlan& tier, const SpoolItem& item) {
  deps_.results.MarkProcessed();
  Target target{tier.group_resource, item.ns.empty() ? "" : MapNamespace(item.ns),
                IsNamespaceTier(tier) ? MapNamespace(item.name) : item.name, item.ns};
  // The last line of defence: the readers of an item never throw, but should one still do
  // (a JSON library error, an allocation failure), it costs this item, not the process.
  try {
    RestoreItem(tier, target, item);
  } catch (const std::exception& e) {
    Fail(target, std::string("unexpected error: ") + e.what());
  }
}

void ItemRestorer::RestoreItem(const TierPlan& tier, const Target& target, const SpoolItem& item) {
  Json obj = Json::parse(item.content, nullptr, /*allow_exceptions=*/false);
  if (obj.is_discarded() || !obj.is_object()) {
    Fail(target, "the backed-up item is not a JSON object");
    return;
  }
  const Json* metadata = obj.contains("metadata") ? &obj["metadata"] : nullptr;
  const Json labels = metadata != nullptr && metadata->is_object()
                          ? metadata->value("labels", Json(nullptr))
                          : Json(nullptr);
  if (!request_.label_selector.Matches(labels)) return;  // not selected
  RestoreParsed(tier, target, item.name, obj);
}

void ItemRestorer::RestoreParsed(const TierPlan& tier, const Target& target,
                                 const std::string& backed_up_name, Json& obj) {
  ResultCollector& results = deps_.results;
  if (!tier.skip_reason.empty()) {
    Skip(target, tier.skip_reason);
    return;
  }
  if (Status shape = CheckItemShape(target.gr, obj); !shape.ok()) {
    Fail(target, shape.message());
    return;
  }
  // The archive's path names the object everywhere else: the filters, the report, the
  // existing-object checks and the check that what was created is still there. An object whose
  // own name differs is not what the archive says it is (a Velero or Ark backup never writes
  // one), so it is refused rather than restored under a name the report does not show.
  if (std::string name = Str(Obj(obj, "metadata"), "name"); name != backed_up_name) {
    Fail(target, name.empty()
                     ? "the object has no metadata.name (its path in the backup says \"" +
                           backed_up_name + "\")"
                     : "the object is named \"" + name + "\", but its path in the backup says \"" +
                           backed_up_name + "\"");
    return;
  }
  std::optional<std::string> why = SkipReason(target.gr, obj);
  if (!why) why = deps_.owners.LeftToOwner(target.gr, target.source_ns, target.ns, obj);
  if (why) {
    Skip(target, *why);
    return;
  }
  if (!tier.fail_reason.empty()) {
    Fail(target, tier.fail_reason);
    return;
  }
  if (!tier.pending_reason.empty()) {
    results.Record(target.gr, target.ns, target.name, PlanAction::kCreate, tier.pending_reason);
    return;
  }

  if (tier.resource.namespaced == target.ns.empty()) {
    Fail(target, std::string("the archive has it ") +
                     (target.ns.empty() ? "as a cluster-scoped object" : "in a namespace") +
                     ", but the cluster serves " + target.gr + " as " +
                     (tier.resource.namespaced ? "namespaced" : "cluster-scoped") + " objects");
    return;
  }
  Json owner_references = Json(nullptr);
  if (obj["metadata"].is_object() && obj["metadata"].contains("ownerReferences")) {
    owner_references = obj["metadata"]["ownerReferences"];
  }
  RewriteForRestore(target.gr, target.ns, label_value_, obj, request_.namespace_mapping);
  if (IsNamespaceTier(tier)) obj["metadata"]["name"] = target.name;
  const kube::GroupVersionResource gvr = GvrFor(tier, obj);
  const bool dry_run = request_.dry_run;

  if (!target.ns.empty()) {
    Status ns_ok = deps_.namespaces.Ensure(target.ns);
    if (!ns_ok.ok()) {
      Fail(target, ns_ok.ToString());
      return;
    }
  }

  // Dry runs and PVs look before they leap: a PV that exists must not cost a new volume.
  std::string detail;
  if (dry_run || target.gr == "persistentvolumes") {
    Result<Json> live = deps_.client.Get(gvr, target.ns, target.name);
    if (live.ok()) {
      HandleExisting(tier, target, gvr, obj, *live, "");
      return;
    }
    if (live.status().code() != Code::kNotFound) {
      Fail(target, live.status().ToString());
      return;
    }
  }
  if (target.gr == "persistentvolumes") {
    PvPlan pv = deps_.volumes.Prepare(obj, dry_run);
    if (!pv.warning.empty()) results.Warn("", pv.warning);
    if (pv.kind == PvPlan::Kind::kSkip) {
      results.Record(target.gr, target.ns, target.name, PlanAction::kSkip, pv.message);
      return;
    }
    if (pv.kind == PvPlan::Kind::kFail) {
      Fail(target, pv.message);
      return;
    }
    if (pv.kind == PvPlan::Kind::kFromSnapshot && !dry_run) results.RecordVolumeRestored();
    detail = pv.message;
  }
  if (dry_run) {
    if (IsNamespaceTier(tier)) deps_.namespaces.MarkPresent(target.name);
    results.Record(target.gr, target.ns, target.name, PlanAction::kCreate, detail);
    return;
  }

  Status created = deps_.client.CreateWithoutResult(gvr, target.ns, obj);
  if (created.ok()) {
    deps_.created.Add(gvr, target.gr, target.ns, target.name);
    Created(tier, target, gvr, detail, std::move(owner_references));
    return;
  }
  if (!MayAlreadyExist(created.code())) {
    Fail(target, StatusText(created));
    return;
  }
  Result<Json> live = deps_.client.Get(gvr, target.ns, target.name);
  if (live.ok() && created.code() == Code::kAlreadyExists && CreatedByThisRestore(*live) &&
      deps_.created.Add(gvr, target.gr, target.ns, target.name)) {
    // The create was retried after a try that landed but whose answer was lost.
    Created(tier, target, gvr, detail, std::move(owner_references));
  } else if (live.ok()) {
    HandleExisting(tier, target, gvr, obj, *live, detail);
  } else if (created.code() == Code::kAlreadyExists) {
    Fail(target, "exists, but reading it failed: " + live.status().ToString());
  } else if (!(created.code() == Code::kInvalidArgument &&
               RetryWithAllocatedAddresses(target, gvr, obj))) {
    Fail(target, StatusText(created));
  }
}

void ItemRestorer::Created(const TierPlan& tier, const Target& target,
                           const kube::GroupVersionResource& gvr, const std::string& detail,
                           Json owner_references) {
  if (IsNamespaceTier(tier)) deps_.namespaces.MarkPresent(target.name);
  if (owner_references.is_array() && !owner_references.empty()) {
    deps_.owner_links.Add(gvr, target.gr, target.ns, target.name, std::move(owner_references));
  }
  deps_.results.Record(target.gr, target.ns, target.name, PlanAction::kCreate, detail);
}

bool ItemRestorer::CreatedByThisRestore(const Json& live) const {
  const Json* labels = live.contains("metadata") && live["metadata"].is_object() &&
                               live["metadata"].contains("labels")
                           ? &live["metadata"]["labels"]
                           : nullptr;
  if (labels == nullptr || !labels->is_object()) return false;
  auto it = labels->find(std::string(kRestoreLabel));
  return it != labels->end() && it->is_string() && it->get<std::string>() == label_value_;
}

void ItemRestorer::HandleExisting(const TierPlan& tier, const Target& target,
                                  const kube::GroupVersionResource& gvr, const Json& desired,
                                  const Json& live, const std::string& detail) {
  ResultCollector& results = deps_.results;
  if (IsNamespaceTier(tier)) deps_.namespaces.MarkPresent(target.name);
  if (MatchesLive(desired, live)) {
    results.Record(target.gr, target.ns, target.name, PlanAction::kUnchanged,
                   "already exists and is identical");
    return;
  }
  if (target.gr == "serviceaccounts") {
    MergeServiceAccount(target, gvr, desired, live);
    return;
  }
  if (request_.existing_resource_policy != ExistingResourcePolicy::kUpdate) {
    results.Record(target.gr, target.ns, target.name, PlanAction::kConflict,
                   target.Describe() + " already exists and differs from the backed-up version");
    return;
  }
  if (request_.dry_run) {
    results.Record(target.gr, target.ns, target.name, PlanAction::kUpdate,
                   "exists and differs; would be patched to the backed-up version");
    return;
  }
  Result<Json> patched = deps_.client.Patch(gvr, target.ns, target.name, kube::PatchType::kMerge,
                                            UpdatePatch(desired).dump());
  if (!patched.ok()) {
    Fail(target, "exists and differs; patching it failed: " + StatusText(patched.status()));
    return;
  }
  results.Record(target.gr, target.ns, target.name, PlanAction::kUpdate, detail);
}

void ItemRestorer::MergeServiceAccount(const Target& target, const kube::GroupVersionResource& gvr,
                                       const Json& desired, const Json& live) {
  ResultCollector& results = deps_.results;
  std::optional<Json> patch = ServiceAccountMergePatch(desired, live);
  if (!patch) {
    results.Record(target.gr, target.ns, target.name, PlanAction::kUnchanged,
                   "already exists with the backed-up pull secrets, secrets, labels and "
                   "annotations");
    return;
  }
  const std::string merged =
      "exists; the backed-up pull secrets, secrets, labels and "
      "annotations merged into it";
  if (request_.dry_run) {
    results.Record(target.gr, target.ns, target.name, PlanAction::kUpdate,
                   "exists; the backed-up pull secrets, secrets, labels and annotations would "
                   "be merged into it");
    return;
  }
  Result<Json> patched =
      deps_.client.Patch(gvr, target.ns, target.name, kube::PatchType::kMerge, patch->dump());
  if (!patched.ok()) {
    Fail(target,
         "exists; merging the backed-up pull secrets, secrets, labels and annotations "
         "into it failed: " +
             StatusText(patched.status()));
    return;
  }
  deps_.log.Info("Merged into existing item",
                 {{"resource", target.gr}, {"namespace", target.ns}, {"name", target.name}});
  results.Record(target.gr, target.ns, target.name, PlanAction::kUpdate, merged);
}

bool ItemRestorer::RetryWithAllocatedAddresses(const Target& target,
                                               const kube::GroupVersionResource& gvr, Json& obj) {
  if (target.gr != "services" || !DropServiceAddresses(obj)) return false;
  Status created = deps_.client.CreateWithoutResult(gvr, target.ns, obj);
  if (!created.ok()) return false;
  deps_.created.Add(gvr, target.gr, target.ns, target.name);
  deps_.results.Warn(target.ns, target.Describe() +
                                    " was restored with addresses the cluster allocated: its "
                                    "cluster IP or node ports are taken or invalid here");
  deps_.results.Record(target.gr, target.ns, target.name, PlanAction::kCreate);
  return true;
}

void ItemRestorer::Skip(const Target& target, const std::string& why) {
  // Info, not debug: what a restore leaves out must be findable in `ark restore logs`.
  LogFields fields = {{"resource", target.gr}, {"name", target.name}};
  if (!target.ns.empty()) fields.emplace_back("namespace", target.ns);
  fields.emplace_back("reason", why);
  deps_.log.Info("Skipping item", fields);
  deps_.results.Record(target.gr, target.ns, target.name, PlanAction::kSkip, why);
}

void ItemRestorer::Fail(const Target& target, const std::string& what) {
  deps_.log.Debug(
      "Error restoring item",
      {{"resource", target.gr}, {"name", target.name}, {"namespace", target.ns}, {"error", what}});
  deps_.results.Record(target.gr, target.ns, target.name, PlanAction::kFail,
                       "error restoring " + target.Describe() + ": " + what);
}

kube::GroupVersionResource ItemRestorer::GvrFor(const TierPlan& tier, Json& obj) const {
  kube::GroupVersionResource gvr = tier.resource.Gvr();
  const std::string api_version = Str(obj, "apiVersion");
  const size_t slash = api_version.find('/');
  const std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
  const std::string version =
      slash == std::string::npos ? api_version : api_version.substr(slash + 1);
  if (group == gvr.group && tier.served_versions.count(version) > 0) {
    gvr.version = version;
  } else if (group == gvr.group) {
    obj["apiVersion"] = gvr.GroupVersion();
  }
  return gvr;
}

}  // namespace ark::restore
