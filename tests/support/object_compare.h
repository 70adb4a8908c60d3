#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ark::testing {

// Compares a Kubernetes object read from the backed-up cluster with the same object read from
// the restore target. Normalized() strips what a server or controller sets on its own, so the
// two compare equal when the restore brought the object back faithfully; DiffObjects() says
// what still differs, for test failure messages. Pure functions, thread-safe.
//
//   auto diffs = DiffNormalized("services", source_svc, target_svc);
//   EXPECT_TRUE(diffs.empty()) << ::testing::PrintToString(diffs);
//
// Both sides must be read the same way (e.g. `kubectl get -o json` of the same API version from
// servers of the same Kubernetes version): defaults differ between server versions (v1.21 has
// no Service internalTrafficPolicy, Job suspend or completionMode), and so do pod-template
// hashes and ReplicaSet names derived from them.

// `live` without the fields its cluster chose for it. `group_resource` is "resource.group" as
// in the restore ("services", "persistentvolumes", "jobs.batch", "deployments.apps"); a value
// this function does not know gets the generic treatment only. Kept: apiVersion, kind, the
// whole body (spec, data, type, rules, ...), metadata name, generateName, namespace, labels
// and annotations, including kubectl.kubernetes.io/last-applied-configuration. Removed:
//  - every object: status; metadata uid, resourceVersion, creationTimestamp, generation,
//    managedFields, selfLink, ownerReferences, finalizers, deletion*; the label ark-restore the
//    restore adds; the uid-valued labels controller-uid and batch.kubernetes.io/controller-uid;
//    labels/annotations maps left empty;
//  - services: spec.clusterIP and clusterIPs unless the IP was chosen by the user, that is,
//    it is "None" (headless) or spec.clusterIP is set in last-applied-configuration (a fixed IP
//    set without `kubectl apply` cannot be told from an allocated one and is removed);
//    ports[i].nodePort unless last-applied-configuration gives that port (same name, or same
//    port and protocol) a nodePort; spec.healthCheckNodePort unless last-applied sets it;
//  - persistentvolumes: spec.claimRef uid and resourceVersion; the annotation
//    pv.kubernetes.io/bound-by-controller;
//  - persistentvolumeclaims: the annotations pv.kubernetes.io/bind-completed and
//    bound-by-controller, volume.(beta.)kubernetes.io/storage-provisioner,
//    volume.kubernetes.io/selected-node (spec.volumeName is kept);
//  - jobs.batch: spec.selector unless spec.manualSelector; the labels controller-uid,
//    batch.kubernetes.io/controller-uid, job-name and batch.kubernetes.io/job-name of
//    spec.template; the annotation batch.kubernetes.io/job-tracking;
//  - deployments.apps, replicasets.apps: the annotations deployment.kubernetes.io/revision and
//    revision-history;
//  - serviceaccounts: the entries of `secrets` the token controller generated
//    (<sa>-token-xxxxx, v1.21 and older), `secrets` itself when that leaves it empty;
//  - secrets of type kubernetes.io/service-account-token: `data` (token, ca.crt, namespace,
//    all written by the token controller), the annotation kubernetes.io/service-account.uid
//    and the labels kubernetes.io/legacy-token-last-used / -invalid-since;
//  - pods: spec.nodeName, the service-account token volumes (kube-api-access-*,
//    default-token-*, <serviceAccountName>-token-*) and their volumeMounts;
//  - horizontalpodautoscalers.autoscaling: the status-in-annotations of autoscaling/v1,
//    autoscaling.alpha.kubernetes.io/conditions and current-metrics;
//  - endpoints, endpointslices.discovery.k8s.io: the annotation
//    endpoints.kubernetes.io/last-change-trigger-time;
//  - configmaps: `data` of kube-root-ca.crt (each cluster's own CA).
// Example: a NodePort Service applied with ports [{port: 80, nodePort: 30777}, {port: 443}]
// keeps nodePort 30777 and loses the one the server allocated for port 443.
nlohmann::json Normalized(const std::string& group_resource, const nlohmann::json& live);

// The differences between `a` and `b`, one line each, in key order, empty when equal:
//   spec.ports[0].nodePort: 30777 != 31234
//   metadata.labels.app: "web" != <absent>
//   metadata.annotations["deployment.kubernetes.io/revision"]: "1" != "2"
// Numbers compare by value (1 == 1.0); an array of another length reports the extra elements
// as <absent>; long values are shortened with "...".
std::vector<std::string> DiffObjects(const nlohmann::json& a, const nlohmann::json& b);

// DiffObjects(Normalized(group_resource, source), Normalized(group_resource, target)).
std::vector<std::string> DiffNormalized(const std::string& group_resource,
                                        const nlohmann::json& source, const nlohmann::json& target);

}  // namespace ark::testing
