#pragma once

#include <memory>
#include <string>

#include "backup/item_action.h"
#include "cloud/block_store.h"

namespace ark::backup {

// pods -> the PersistentVolumeClaims its volumes name (spec.volumes[].persistentVolumeClaim).
std::unique_ptr<ItemAction> NewPodClaimsAction();

// persistentvolumeclaims -> the PersistentVolume it is bound to (spec.volumeName). An unbound
// claim has no volume to add and is not an error (Ark v0.7+ behaviour).
std::unique_ptr<ItemAction> NewClaimVolumeAction();

// persistentvolumes -> a snapshot of the volume through `store`, recorded in the backup's
// volumeBackups as {snapshotID, type, availabilityZone, iops}. Does nothing when the request
// says snapshotVolumes=false or when `store` does not handle the PV's volume source. The zone
// comes from the PV label topology.kubernetes.io/zone, else
// failure-domain.beta.kubernetes.io/zone, else `default_zone`. Snapshot tags:
// ark.heptio.com/backup=<backup name>, ark.heptio.com/pv=<pv name>. A failed snapshot fails
// the item. `store` must outlive the action.
std::unique_ptr<ItemAction> NewVolumeSnapshotAction(cloud::BlockStore& store,
                                                    std::string default_zone);

}  // namespace ark::backup
