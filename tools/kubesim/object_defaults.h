#pragma once

#include <nlohmann/json.hpp>

#include "kubesim/resource_registry.h"

namespace ark::kubesim {

// The defaults kube-apiserver v1.26 writes into objects of these kinds on every create and
// update (SetDefaults_* of apps/v1, batch/v1 and core/v1, and the Job strategy), fields
// already set being kept:
//  - Deployment: replicas 1, strategy RollingUpdate with maxUnavailable and maxSurge "25%",
//    revisionHistoryLimit 10, progressDeadlineSeconds 600;
//  - ReplicaSet: replicas 1; StatefulSet: replicas 1, podManagementPolicy OrderedReady,
//    updateStrategy RollingUpdate (partition 0), revisionHistoryLimit 10; DaemonSet:
//    updateStrategy RollingUpdate (maxUnavailable 1, maxSurge 0), revisionHistoryLimit 10,
//    annotation deprecated.daemonset.template.generation (1, +1 per template change);
//  - Job: parallelism 1 (and completions 1 when neither is set), backoffLimit 6,
//    completionMode NonIndexed, suspend false, metadata.labels = the template's when empty;
//    on create, unless spec.manualSelector, the template gets labels controller-uid (the
//    Job's uid) and job-name and the selector matches controller-uid, and the Job the
//    annotation batch.kubernetes.io/job-tracking;
//  - CronJob: concurrencyPolicy Allow, suspend false, successfulJobsHistoryLimit 3,
//    failedJobsHistoryLimit 1, and its job template's defaults;
//  - the pod templates of all of these (pod_defaults.h);
//  - PersistentVolumeClaim: volumeMode Filesystem; PersistentVolume: volumeMode Filesystem,
//    persistentVolumeReclaimPolicy Retain;
//  - Secret: type Opaque, stringData folded into data (base64) and dropped.
// `old`: the stored object on update, null on create (metadata complete, status already
// dropped), when the workloads also get the status the real server answers a create with
// ({} or zeros).
void DefaultObject(const ResourceInfo& r, nlohmann::json& obj, const nlohmann::json* old);

}  // namespace ark::kubesim
