#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cloud/block_store.h"
#include "controller/engines.h"
#include "kube/discovery.h"
#include "kube/dynamic_client.h"
#include "kube/pod_exec.h"
#include "restore/restore_engine.h"

namespace ark::server {

// backup::BackupEngine as a controller::BackupRunner: the Backup CR becomes a BackupRequest
// through api::Backup::FromJson and backup::RequestFromBackup (errors name the field), the
// tarball is written through archive::TarballWriter. `block_store` may be null;
// `pod_executor` runs the pods' exec hooks (null: hooks fail). Both must outlive the runner.
std::unique_ptr<controller::BackupRunner> NewEngineBackupRunner(kube::DynamicClient& client,
                                                                kube::Discovery& discovery,
                                                                cloud::BlockStore* block_store,
                                                                kube::PodExecutor* pod_executor);

// restore::RestoreEngine as a controller::RestoreRunner: the Restore CR becomes a
// RestoreRequest through restore::RequestFromRestore (`resource_priorities` from the Config).
// `block_store` may be null. `max_bytes_in_flight` bounds the item bytes each restore holds
// (restore::EngineOptions).
std::unique_ptr<controller::RestoreRunner> NewEngineRestoreRunner(
    kube::DynamicClient& client, kube::Discovery& discovery, cloud::BlockStore* block_store,
    std::vector<std::string> resource_priorities, std::string work_dir,
    int64_t max_bytes_in_flight = restore::EngineOptions{}.max_bytes_in_flight);

}  // namespace ark::server
