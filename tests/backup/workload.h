#pragma once

#include "kube/discovery.h"
#include "kube/dynamic_client.h"
#include "util/status.h"

namespace ark::testing {

// Creates the fixtures' workload (tests/fixtures/README.md) in an API server that runs no
// controllers, so the objects controllers would make (the ReplicaSet, its pods, an Event) are
// created directly:
//  - namespace nginx-example (app=nginx): ConfigMap nginx-config, Secret nginx-secret,
//    ServiceAccounts nginx-sa and default, Deployment nginx-deployment, ReplicaSet
//    nginx-deployment-744b5f7549, Pods nginx-deployment-744b5f7549-87s8c (also
//    tier=frontend) and -cgp82 (both mounting claim nginx-logs), Service my-nginx,
//    PVC nginx-logs bound to PV pv-nginx-logs, Widget my-widget, Event nginx-deployment.1
//    (no labels); every other object there carries app=nginx except `default`;
//  - namespace other-ns: ConfigMap other-config, Pod other-pod (claim missing-claim,
//    which does not exist), unbound PVC other-claim;
//  - namespace heptio-ark with CRD backups.ark.heptio.com and Backup b0;
//  - cluster: PV pv-nginx-logs (app=nginx, zone us-east-1a, EBS vol-0a1b2c3d4e5f),
//    CRD widgets.example.com.
// Objects that already exist are left as they are. Invalidates `discovery` after the CRDs.
Status CreateWorkload(kube::DynamicClient& client, kube::Discovery& discovery);

}  // namespace ark::testing
