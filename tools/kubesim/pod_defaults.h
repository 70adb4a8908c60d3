#pragma once

#include <nlohmann/json.hpp>

namespace ark::kubesim {

// The defaults kube-apiserver v1.26 writes into pod specs (k8s.io/kubernetes
// pkg/apis/core/v1/defaults.go), for Pods and for the pod templates of workloads alike:
//  - spec: restartPolicy Always, terminationGracePeriodSeconds 30, dnsPolicy ClusterFirst,
//    securityContext {}, schedulerName default-scheduler, serviceAccount mirrored from
//    serviceAccountName (and the other way round), hostPort = containerPort with hostNetwork;
//  - containers (init and ephemeral too): terminationMessagePath /dev/termination-log,
//    terminationMessagePolicy File, imagePullPolicy Always for an untagged or :latest image
//    else IfNotPresent, resources {}, port protocol TCP, fieldRef apiVersion v1,
//    resourceFieldRef divisor "0", probe timeoutSeconds 1 / periodSeconds 10 /
//    successThreshold 1 / failureThreshold 3, httpGet path "/" and scheme HTTP;
//  - volumes: emptyDir {} when no source is given, defaultMode 420 for secret, configMap,
//    downwardAPI and projected volumes, hostPath type "".
// Fields already set are kept. Tolerates any JSON (non-objects are left alone).
void DefaultPodSpec(nlohmann::json& spec);

// A workload's pod template (spec.template): metadata.creationTimestamp null, as the real
// server writes the zero time of a template's ObjectMeta, and DefaultPodSpec on its spec.
void DefaultPodTemplate(nlohmann::json& pod_template);

// What a Pod gets on top of DefaultPodSpec when it is created (SetDefaults_Pod and the
// DefaultTolerationSeconds admission plugin): requests copied from limits where missing,
// enableServiceLinks true, NoExecute tolerations of node.kubernetes.io/not-ready and
// node.kubernetes.io/unreachable for 300 s, and status {phase: Pending, qosClass}.
// Priority and service-account admission are separate (pod_admission.h).
void DefaultNewPod(nlohmann::json& pod);

// The QoS class of a pod spec: "Guaranteed", "Burstable" or "BestEffort" (cpu and memory
// requests and limits of its containers and init containers, as kubelet's qos.GetPodQOS).
std::string PodQosClass(const nlohmann::json& spec);

}  // namespace ark::kubesim
