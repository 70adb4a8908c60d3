#include "backup/builtin_actions.h"

#include "util/json_scan.h"

namespace ark::backup {
namespace {

using nlohmann::json;

// The string at `path` in `obj`, "" when any step is missing or not of the expected type.
std::string StringAt(const json& obj, std::initializer_list<const char*> path) {
  const json* cur = &obj;
  for (const char* key : path) {
    if (!cur->is_object()) return "";
    auto it = cur->find(key);
    if (it == cur->end()) return "";
    cur = &*it;
  }
  return cur->is_string() ? cur->get<std::string>() : "";
}

Result<const json*> Tree(const ItemView& item) {
  const json* tree = item.tree();
  if (tree == nullptr) return InvalidArgument("the item is not valid JSON (a string is not UTF-8)");
  return tree;
}

class PodClaimsAction final : public ItemAction {
 public:
  std::string_view name() const override { return "podClaimsAction"; }
  std::vector<std::string> AppliesTo() const override { return {"pods"}; }
  // Reads the claims from the pod's text: pods are a third of a cluster's objects, and
  // parsing each one for a field or two would cost more than the rest of its backup.
  Result<std::vector<ItemRef>> Execute(const ActionContext& ctx, const ItemView& item) override {
    std::vector<ItemRef> refs;
    const std::string_view volumes = json_scan::FindMember(item.Member("spec"), "volumes");
    std::vector<std::string_view> list;
    if (volumes.empty() || volumes.front() != '[' || !json_scan::SplitArray(volumes, &list)) {
      return refs;
    }
    const std::string& ns = item.ns();
    for (std::string_view volume : list) {
      std::string claim = json_scan::StringAt(volume, "persistentVolumeClaim", "claimName");
      if (claim.empty()) continue;
      ctx.log.Info("Adding pod's persistent volume claim", {{"claim", claim}});
      refs.push_back({"persistentvolumeclaims", ns, std::move(claim)});
    }
    return refs;
  }
};

class ClaimVolumeAction final : public ItemAction {
 public:
  std::string_view name() const override { return "backupPVAction"; }
  std::vector<std::string> AppliesTo() const override { return {"persistentvolumeclaims"}; }
  Result<std::vector<ItemRef>> Execute(const ActionContext& ctx, const ItemView& item) override {
    ARK_ASSIGN_OR_RETURN(const json* tree, Tree(item));
    const json& pvc = *tree;
    std::string volume = StringAt(pvc, {"spec", "volumeName"});
    if (volume.empty()) {
      ctx.log.Info("Persistent volume claim is not bound to a volume; no volume to add");
      return std::vector<ItemRef>{};
    }
    return std::vector<ItemRef>{{"persistentvolumes", "", std::move(volume)}};
  }
};

class VolumeSnapshotAction final : public ItemAction {
 public:
  VolumeSnapshotAction(cloud::BlockStore& store, std::string default_zone)
      : store_(store), default_zone_(std::move(default_zone)) {}

  std::string_view name() const override { return "volumeSnapshotAction"; }
  std::vector<std::string> AppliesTo() const override { return {"persistentvolumes"}; }

  Result<std::vector<ItemRef>> Execute(const ActionContext& ctx, const ItemView& item) override {
    ARK_ASSIGN_OR_RETURN(const json* tree, Tree(item));
    const json& pv = *tree;
    std::vector<ItemRef> none;
    if (ctx.request.snapshot_volumes == false) {
      ctx.log.Info("Backup has volume snapshots disabled; skipping volume snapshot");
      return none;
    }
    const std::string pv_name = StringAt(pv, {"metadata", "name"});
    ARK_ASSIGN_OR_RETURN(std::string volume_id, store_.GetVolumeId(pv));
    if (volume_id.empty()) {
      ctx.log.Info("Persistent volume is not a supported volume type for snapshots; skipping");
      return none;
    }
    std::string zone = StringAt(pv, {"metadata", "labels", "topology.kubernetes.io/zone"});
    if (zone.empty())
      zone = StringAt(pv, {"metadata", "labels", "failure-domain.beta.kubernetes.io/zone"});
    if (zone.empty()) zone = default_zone_;
    ctx.log.Info("Snapshotting PersistentVolume", {{"volumeID", volume_id}, {"zone", zone}});
    std::map<std::string, std::string> tags = {{"ark.heptio.com/backup", ctx.request.name},
                                               {"ark.heptio.com/pv", pv_name}};
    auto snapshot = store_.CreateSnapshot(volume_id, zone, tags);
    if (!snapshot.ok()) {
      Status s = snapshot.status();
      return s.Annotate("snapshotting volume " + volume_id);
    }
    auto info = store_.GetVolumeInfo(volume_id, zone);
    if (!info.ok()) {
      Status s = info.status();
      return s.Annotate("reading volume info of " + volume_id);
    }
    json record = {{"snapshotID", *snapshot}, {"type", info->type}};
    if (!zone.empty()) record["availabilityZone"] = zone;
    if (info->iops) record["iops"] = *info->iops;
    ctx.volume_backups.Record(pv_name, std::move(record));
    return none;
  }

 private:
  cloud::BlockStore& store_;
  const std::string default_zone_;
};

}  // namespace

std::unique_ptr<ItemAction> NewPodClaimsAction() { return std::make_unique<PodClaimsAction>(); }
std::unique_ptr<ItemAction> NewClaimVolumeAction() { return std::make_unique<ClaimVolumeAction>(); }
std::unique_ptr<ItemAction> NewVolumeSnapshotAction(cloud::BlockStore& store,
                                                    std::string default_zone) {
  return std::make_unique<VolumeSnapshotAction>(store, std::move(default_zone));
}

}  // namespace ark::backup
