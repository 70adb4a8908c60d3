#include "support/object_compare.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace ark::testing {
namespace {

using ::testing::ElementsAreArray;
using Json = nlohmann::json;

// Objects recorded with `kubectl get -o json` (managedFields removed, token data shortened,
// status of Pods, Jobs and Deployments removed) from real clusters: "source" objects from a
// v1.26.9 cluster after `kubectl apply -f tests/cluster/data/dr-workload.yaml`, "target"
// objects from a second v1.26.9 cluster into which src/restore's rewritten copies of the
// source objects were created; V121 objects from a v1.21.2 cluster with the same workload.

// services|dr-apps|web-nodeport-fixed
constexpr char kServiceNodePortSource[] =
    R"json({"apiVersion":"v1","kind":"Service",)json"
    R"json("metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\")json"
    R"json(apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"annotations\":{},)json"
    R"json(\"labels\":{\"dr-workload\":\"true\"},\"name\":\"web-nodeport-fixed\",)json"
    R"json(\"namespace\":\"dr-apps\"},\"spec\":{\"ports\":[{\"name\":\"http\",)json"
    R"json(\"nodePort\":30777,\"port\":80,\"protocol\":\"TCP\",\"targetPort\":80},)json"
    R"json({\"name\":\"https\",\"port\":443,\"protocol\":\"TCP\",\"targetPort\":80}],)json"
    R"json(\"selector\":{\"app\":\"web\"},\"type\":\"NodePort\"}}\n"},)json"
    R"json("creationTimestamp":"2026-12-06T20:15:29Z","labels":{"dr-workload":"true"},)json"
    R"json("name":"web-nodeport-fixed","namespace":"dr-apps","resourceVersion":"347",)json"
    R"json("uid":"1d121240-1af6-4861-be43-6fe59fbca59a"},"spec":{"clusterIP":"10.99.203.194",)json"
    R"json("clusterIPs":["10.99.203.194"],"externalTrafficPolicy":"Cluster",)json"
    R"json("internalTrafficPolicy":"Cluster","ipFamilies":["IPv4"],)json"
    R"json("ipFamilyPolicy":"SingleStack","ports":[{"name":"http","nodePort":30777,"port":80,)json"
    R"json("protocol":"TCP","targetPort":80},{"name":"https","nodePort":31288,"port":443,)json"
    R"json("protocol":"TCP","targetPort":80}],"selector":{"app":"web"},)json"
    R"json("sessionAffinity":"None","type":"NodePort"},"status":{"loadBalancer":{}}})json";

// services|dr-apps|web-nodeport-fixed
constexpr char kServiceNodePortTarget[] =
    R"json({"apiVersion":"v1","kind":"Service",)json"
    R"json("metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\")json"
    R"json(apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"annotations\":{},)json"
    R"json(\"labels\":{\"dr-workload\":\"true\"},\"name\":\"web-nodeport-fixed\",)json"
    R"json(\"namespace\":\"dr-apps\"},\"spec\":{\"ports\":[{\"name\":\"http\",)json"
    R"json(\"nodePort\":30777,\"port\":80,\"protocol\":\"TCP\",\"targetPort\":80},)json"
    R"json({\"name\":\"https\",\"port\":443,\"protocol\":\"TCP\",\"targetPort\":80}],)json"
    R"json(\"selector\":{\"app\":\"web\"},\"type\":\"NodePort\"}}\n"},)json"
    R"json("creationTimestamp":"2026-12-06T20:28:22Z","labels":{"ark-restore":"sim",)json"
    R"json("dr-workload":"true"},"name":"web-nodeport-fixed","namespace":"dr-apps",)json"
    R"json("resourceVersion":"358","uid":"03c6c0cf-8f87-4fb9-a3fc-3c856a59398b"},)json"
    R"json("spec":{"clusterIP":"10.110.204.180","clusterIPs":["10.110.204.180"],)json"
    R"json("externalTrafficPolicy":"Cluster","internalTrafficPolicy":"Cluster",)json"
    R"json("ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","ports":[{"name":"http",)json"
    R"json("nodePort":30777,"port":80,"protocol":"TCP","targetPort":80},{"name":"https",)json"
    R"json("nodePort":31912,"port":443,"protocol":"TCP","targetPort":80}],)json"
    R"json("selector":{"app":"web"},"sessionAffinity":"None","type":"NodePort"},)json"
    R"json("status":{"loadBalancer":{}}})json";

// services|dr-apps|web-lb
constexpr char kServiceLoadBalancerSource[] =
    R"json({"apiVersion":"v1","kind":"Service",)json"
    R"json("metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\")json"
    R"json(apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"annotations\":{},)json"
    R"json(\"labels\":{\"dr-workload\":\"true\"},\"name\":\"web-lb\",)json"
    R"json(\"namespace\":\"dr-apps\"},\"spec\":{\"externalTrafficPolicy\":\"Local\",)json"
    R"json(\"ports\":[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\",)json"
    R"json(\"targetPort\":80}],\"selector\":{\"app\":\"web\"},)json"
    R"json(\"type\":\"LoadBalancer\"}}\n"},"creationTimestamp":"2026-12-06T20:15:30Z",)json"
    R"json("labels":{"dr-workload":"true"},"name":"web-lb","namespace":"dr-apps",)json"
    R"json("resourceVersion":"365","uid":"fa89a641-272f-4144-b204-e36c9519064c"},)json"
    R"json("spec":{"allocateLoadBalancerNodePorts":true,"clusterIP":"10.108.153.113",)json"
    R"json("clusterIPs":["10.108.153.113"],"externalTrafficPolicy":"Local",)json"
    R"json("healthCheckNodePort":31573,"internalTrafficPolicy":"Cluster",)json"
    R"json("ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","ports":[{"name":"http",)json"
    R"json("nodePort":30565,"port":80,"protocol":"TCP","targetPort":80}],)json"
    R"json("selector":{"app":"web"},"sessionAffinity":"None","type":"LoadBalancer"},)json"
    R"json("status":{"loadBalancer":{}}})json";

// services|dr-apps|web-lb
constexpr char kServiceLoadBalancerTarget[] =
    R"json({"apiVersion":"v1","kind":"Service",)json"
    R"json("metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\")json"
    R"json(apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"annotations\":{},)json"
    R"json(\"labels\":{\"dr-workload\":\"true\"},\"name\":\"web-lb\",)json"
    R"json(\"namespace\":\"dr-apps\"},\"spec\":{\"externalTrafficPolicy\":\"Local\",)json"
    R"json(\"ports\":[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\",)json"
    R"json(\"targetPort\":80}],\"selector\":{\"app\":\"web\"},)json"
    R"json(\"type\":\"LoadBalancer\"}}\n"},"creationTimestamp":"2026-12-06T20:28:22Z",)json"
    R"json("labels":{"ark-restore":"sim","dr-workload":"true"},"name":"web-lb",)json"
    R"json("namespace":"dr-apps","resourceVersion":"349",)json"
    R"json("uid":"7ca88f4f-57c6-4c24-b6d4-ea081ef50c67"},)json"
    R"json("spec":{"allocateLoadBalancerNodePorts":true,"clusterIP":"10.99.222.94",)json"
    R"json("clusterIPs":["10.99.222.94"],"externalTrafficPolicy":"Local",)json"
    R"json("healthCheckNodePort":30455,"internalTrafficPolicy":"Cluster",)json"
    R"json("ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","ports":[{"name":"http",)json"
    R"json("nodePort":30688,"port":80,"protocol":"TCP","targetPort":80}],)json"
    R"json("selector":{"app":"web"},"sessionAffinity":"None","type":"LoadBalancer"},)json"
    R"json("status":{"loadBalancer":{}}})json";

// services|dr-apps|web-fixed-ip
constexpr char kServiceFixedIpSource[] =
    R"json({"apiVersion":"v1","kind":"Service",)json"
    R"json("metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\")json"
    R"json(apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"annotations\":{},)json"
    R"json(\"labels\":{\"dr-workload\":\"true\"},\"name\":\"web-fixed-ip\",)json"
    R"json(\"namespace\":\"dr-apps\"},\"spec\":{\"clusterIP\":\"10.96.200.10\",)json"
    R"json(\"ports\":[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\",)json"
    R"json(\"targetPort\":80}],\"selector\":{\"app\":\"web\"},\"type\":\"ClusterIP\"}}\n"},)json"
    R"json("creationTimestamp":"2026-12-06T20:15:29Z","labels":{"dr-workload":"true"},)json"
    R"json("name":"web-fixed-ip","namespace":"dr-apps","resourceVersion":"324",)json"
    R"json("uid":"e079a7c9-8ed9-480d-a939-c77c2d8305db"},"spec":{"clusterIP":"10.96.200.10",)json"
    R"json("clusterIPs":["10.96.200.10"],"internalTrafficPolicy":"Cluster",)json"
    R"json("ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","ports":[{"name":"http",)json"
    R"json("port":80,"protocol":"TCP","targetPort":80}],"selector":{"app":"web"},)json"
    R"json("sessionAffinity":"None","type":"ClusterIP"},"status":{"loadBalancer":{}}})json";

// persistentvolumes||dr-pv-by-ref
constexpr char kVolumeSource[] =
    R"json({"apiVersion":"v1","kind":"PersistentVolume",)json"
    R"json("metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\")json"
    R"json(apiVersion\":\"v1\",\"kind\":\"PersistentVolume\",)json"
    R"json(\"metadata\":{\"annotations\":{},\"labels\":{\"dr-workload\":\"true\"},)json"
    R"json(\"name\":\"dr-pv-by-ref\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],)json"
    R"json(\"capacity\":{\"storage\":\"2Gi\"},\"claimRef\":{\"name\":\"claim-by-pv\",)json"
    R"json(\"namespace\":\"dr-data\"},\"hostPath\":{\"path\":\"/tmp/dr-pv-by-ref\",)json"
    R"json(\"type\":\"DirectoryOrCreate\"},\"persistentVolumeReclaimPolicy\":\"Retain\",)json"
    R"json(\"storageClassName\":\"dr-manual\"}}\n"},)json"
    R"json("creationTimestamp":"2026-12-06T20:15:29Z",)json"
    R"json("finalizers":["kubernetes.io/pv-protection"],"labels":{"dr-workload":"true"},)json"
    R"json("name":"dr-pv-by-ref","resourceVersion":"269",)json"
    R"json("uid":"a2362889-3d39-4185-b829-37a59ff0d6f2"},)json"
    R"json("spec":{"accessModes":["ReadWriteOnce"],"capacity":{"storage":"2Gi"},)json"
    R"json("claimRef":{"apiVersion":"v1","kind":"PersistentVolumeClaim","name":"claim-by-pv",)json"
    R"json("namespace":"dr-data","resourceVersion":"265",)json"
    R"json("uid":"11dfcda8-7d74-494d-a8a5-576b3a3fafa2"},)json"
    R"json("hostPath":{"path":"/tmp/dr-pv-by-ref","type":"DirectoryOrCreate"},)json"
    R"json("persistentVolumeReclaimPolicy":"Retain","storageClassName":"dr-manual",)json"
    R"json("volumeMode":"Filesystem"},"status":{"phase":"Bound"}})json";

// persistentvolumes||dr-pv-by-ref
constexpr char kVolumeTarget[] =
    R"json({"apiVersion":"v1","kind":"PersistentVolume",)json"
    R"json("metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\")json"
    R"json(apiVersion\":\"v1\",\"kind\":\"PersistentVolume\",)json"
    R"json(\"metadata\":{\"annotations\":{},\"labels\":{\"dr-workload\":\"true\"},)json"
    R"json(\"name\":\"dr-pv-by-ref\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],)json"
    R"json(\"capacity\":{\"storage\":\"2Gi\"},\"claimRef\":{\"name\":\"claim-by-pv\",)json"
    R"json(\"namespace\":\"dr-data\"},\"hostPath\":{\"path\":\"/tmp/dr-pv-by-ref\",)json"
    R"json(\"type\":\"DirectoryOrCreate\"},\"persistentVolumeReclaimPolicy\":\"Retain\",)json"
    R"json(\"storageClassName\":\"dr-manual\"}}\n"},)json"
    R"json("creationTimestamp":"2026-12-06T20:28:19Z",)json"
    R"json("finalizers":["kubernetes.io/pv-protection"],"labels":{"ark-restore":"sim",)json"
    R"json("dr-workload":"true"},"name":"dr-pv-by-ref","resourceVersion":"269",)json"
    R"json("uid":"91c9d7c0-1f87-4967-92be-32a82aed7c24"},)json"
    R"json("spec":{"accessModes":["ReadWriteOnce"],"capacity":{"storage":"2Gi"},)json"
    R"json("claimRef":{"apiVersion":"v1","kind":"PersistentVolumeClaim","name":"claim-by-pv",)json"
    R"json("namespace":"dr-data","resourceVersion":"267",)json"
    R"json("uid":"f7fb4542-6337-414f-bac6-b75750196a68"},)json"
    R"json("hostPath":{"path":"/tmp/dr-pv-by-ref","type":"DirectoryOrCreate"},)json"
    R"json("persistentVolumeReclaimPolicy":"Retain","storageClassName":"dr-manual",)json"
    R"json("volumeMode":"Filesystem"},"status":{"phase":"Bound"}})json";

// persistentvolumeclaims|dr-data|claim-by-pv
constexpr char kClaimSource[] =
    R"json({"apiVersion":"v1","kind":"PersistentVolumeClaim",)json"
    R"json("metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\")json"
    R"json(apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",)json"
    R"json(\"metadata\":{\"annotations\":{},\"labels\":{\"dr-workload\":\"true\"},)json"
    R"json(\"name\":\"claim-by-pv\",\"namespace\":\"dr-data\"},)json"
    R"json(\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],)json"
    R"json(\"resources\":{\"requests\":{\"storage\":\"2Gi\"}},)json"
    R"json(\"storageClassName\":\"dr-manual\"}}\n","pv.kubernetes.io/bind-completed":"yes",)json"
    R"json("pv.kubernetes.io/bound-by-controller":"yes"},)json"
    R"json("creationTimestamp":"2026-12-06T20:15:29Z",)json"
    R"json("finalizers":["kubernetes.io/pvc-protection"],"labels":{"dr-workload":"true"},)json"
    R"json("name":"claim-by-pv","namespace":"dr-data","resourceVersion":"272",)json"
    R"json("uid":"11dfcda8-7d74-494d-a8a5-576b3a3fafa2"},)json"
    R"json("spec":{"accessModes":["ReadWriteOnce"],)json"
    R"json("resources":{"requests":{"storage":"2Gi"}},"storageClassName":"dr-manual",)json"
    R"json("volumeMode":"Filesystem","volumeName":"dr-pv-by-ref"},)json"
    R"json("status":{"accessModes":["ReadWriteOnce"],"capacity":{"storage":"2Gi"},)json"
    R"json("phase":"Bound"}})json";

// persistentvolumeclaims|dr-data|claim-by-pv
constexpr char kClaimTarget[] =
    R"json({"apiVersion":"v1","kind":"PersistentVolumeClaim",)json"
    R"json("metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\")json"
    R"json(apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",)json"
    R"json(\"metadata\":{\"annotations\":{},\"labels\":{\"dr-workload\":\"true\"},)json"
    R"json(\"name\":\"claim-by-pv\",\"namespace\":\"dr-data\"},)json"
    R"json(\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],)json"
    R"json(\"resources\":{\"requests\":{\"storage\":\"2Gi\"}},)json"
    R"json(\"storageClassName\":\"dr-manual\"}}\n","pv.kubernetes.io/bind-completed":"yes"},)json"
    R"json("creationTimestamp":"2026-12-06T20:28:19Z",)json"
    R"json("finalizers":["kubernetes.io/pvc-protection"],"labels":{"ark-restore":"sim",)json"
    R"json("dr-workload":"true"},"name":"claim-by-pv","namespace":"dr-data",)json"
    R"json("resourceVersion":"271","uid":"f7fb4542-6337-414f-bac6-b75750196a68"},)json"
    R"json("spec":{"accessModes":["ReadWriteOnce"],)json"
    R"json("resources":{"requests":{"storage":"2Gi"}},"storageClassName":"dr-manual",)json"
    R"json("volumeMode":"Filesystem","volumeName":"dr-pv-by-ref"},)json"
    R"json("status":{"accessModes":["ReadWriteOnce"],"capacity":{"storage":"2Gi"},)json"
    R"json("phase":"Bound"}})json";

// jobs.batch|dr-apps|migrate
constexpr char kJobSource[] =
    R"json({"apiVersion":"batch/v1","kind":"Job",)json"
    R"json("metadata":{"annotations":{"batch.kubernetes.io/job-tracking":"",)json"
    R"json("kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"batch/v1\",)json"
    R"json(\"kind\":\"Job\",\"metadata\":{\"annotations\":{},)json"
    R"json(\"labels\":{\"dr-workload\":\"true\"},\"name\":\"migrate\",)json"
    R"json(\"namespace\":\"dr-apps\"},\"spec\":{\"backoffLimit\":2,)json"
    R"json(\"template\":{\"metadata\":{\"labels\":{\"app\":\"migrate\",)json"
    R"json(\"dr-workload\":\"true\"}},\"spec\":{\"containers\":[{\"command\":[\"true\"],)json"
    R"json(\"image\":\"busybox:1.36\",\"name\":\"migrate\",)json"
    R"json(\"resources\":{\"limits\":{\"cpu\":\"100m\",\"memory\":\"64Mi\"},)json"
    R"json(\"requests\":{\"cpu\":\"10m\",\"memory\":\"16Mi\"}}}],)json"
    R"json(\"restartPolicy\":\"Never\"}}}}\n"},"creationTimestamp":"2026-12-06T20:15:29Z",)json"
    R"json("generation":1,"labels":{"dr-workload":"true"},"name":"migrate",)json"
    R"json("namespace":"dr-apps","resourceVersion":"319",)json"
    R"json("uid":"f0284e98-842f-4154-b75e-86e9c98a0832"},"spec":{"backoffLimit":2,)json"
    R"json("completionMode":"NonIndexed","completions":1,"parallelism":1,)json"
    R"json("selector":{"matchLabels":{"controller-uid":"f0284e98-842f-4154-b75e-86e9c98a0832")json"
    R"json(}},"suspend":false,"template":{"metadata":{"creationTimestamp":null,)json"
    R"json("labels":{"app":"migrate","controller-uid":"f0284e98-842f-4154-b75e-86e9c98a0832",)json"
    R"json("dr-workload":"true","job-name":"migrate"}},)json"
    R"json("spec":{"containers":[{"command":["true"],"image":"busybox:1.36",)json"
    R"json("imagePullPolicy":"IfNotPresent","name":"migrate",)json"
    R"json("resources":{"limits":{"cpu":"100m","memory":"64Mi"},"requests":{"cpu":"10m",)json"
    R"json("memory":"16Mi"}},"terminationMessagePath":"/dev/termination-log",)json"
    R"json("terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst",)json"
    R"json("restartPolicy":"Never","schedulerName":"default-scheduler","securityContext":{},)json"
    R"json("terminationGracePeriodSeconds":30}}}})json";

// jobs.batch|dr-apps|migrate
constexpr char kJobTarget[] =
    R"json({"apiVersion":"batch/v1","kind":"Job",)json"
    R"json("metadata":{"annotations":{"batch.kubernetes.io/job-tracking":"",)json"
    R"json("kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"batch/v1\",)json"
    R"json(\"kind\":\"Job\",\"metadata\":{\"annotations\":{},)json"
    R"json(\"labels\":{\"dr-workload\":\"true\"},\"name\":\"migrate\",)json"
    R"json(\"namespace\":\"dr-apps\"},\"spec\":{\"backoffLimit\":2,)json"
    R"json(\"template\":{\"metadata\":{\"labels\":{\"app\":\"migrate\",)json"
    R"json(\"dr-workload\":\"true\"}},\"spec\":{\"containers\":[{\"command\":[\"true\"],)json"
    R"json(\"image\":\"busybox:1.36\",\"name\":\"migrate\",)json"
    R"json(\"resources\":{\"limits\":{\"cpu\":\"100m\",\"memory\":\"64Mi\"},)json"
    R"json(\"requests\":{\"cpu\":\"10m\",\"memory\":\"16Mi\"}}}],)json"
    R"json(\"restartPolicy\":\"Never\"}}}}\n"},"creationTimestamp":"2026-12-06T20:28:22Z",)json"
    R"json("generation":1,"labels":{"ark-restore":"sim","dr-workload":"true"},)json"
    R"json("name":"migrate","namespace":"dr-apps","resourceVersion":"332",)json"
    R"json("uid":"315fcf90-4ed8-426e-a92e-8698b12ccdbb"},"spec":{"backoffLimit":2,)json"
    R"json("completionMode":"NonIndexed","completions":1,"parallelism":1,)json"
    R"json("selector":{"matchLabels":{"controller-uid":"315fcf90-4ed8-426e-a92e-8698b12ccdbb")json"
    R"json(}},"suspend":false,"template":{"metadata":{"creationTimestamp":null,)json"
    R"json("labels":{"app":"migrate","controller-uid":"315fcf90-4ed8-426e-a92e-8698b12ccdbb",)json"
    R"json("dr-workload":"true","job-name":"migrate"}},)json"
    R"json("spec":{"containers":[{"command":["true"],"image":"busybox:1.36",)json"
    R"json("imagePullPolicy":"IfNotPresent","name":"migrate",)json"
    R"json("resources":{"limits":{"cpu":"100m","memory":"64Mi"},"requests":{"cpu":"10m",)json"
    R"json("memory":"16Mi"}},"terminationMessagePath":"/dev/termination-log",)json"
    R"json("terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst",)json"
    R"json("restartPolicy":"Never","schedulerName":"default-scheduler","securityContext":{},)json"
    R"json("terminationGracePeriodSeconds":30}}}})json";

// deployments.apps|dr-data|worker
constexpr char kDeploymentSource[] =
    R"json({"apiVersion":"apps/v1","kind":"Deployment",)json"
    R"json("metadata":{"annotations":{"deployment.kubernetes.io/revision":"1",)json"
    R"json("kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"apps/v1\",)json"
    R"json(\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},)json"
    R"json(\"labels\":{\"dr-workload\":\"true\"},\"name\":\"worker\",)json"
    R"json(\"namespace\":\"dr-data\"},\"spec\":{\"replicas\":1,)json"
    R"json(\"selector\":{\"matchLabels\":{\"app\":\"worker\"}},)json"
    R"json(\"strategy\":{\"type\":\"Recreate\"},)json"
    R"json(\"template\":{\"metadata\":{\"labels\":{\"app\":\"worker\",)json"
    R"json(\"dr-workload\":\"true\"}},\"spec\":{\"containers\":[{\"command\":[\"sleep\",)json"
    R"json(\"3600\"],\"image\":\"busybox:1.36\",\"name\":\"worker\",)json"
    R"json(\"resources\":{\"limits\":{\"cpu\":\"100m\",\"memory\":\"64Mi\"},)json"
    R"json(\"requests\":{\"cpu\":\"10m\",\"memory\":\"16Mi\"}}}]}}}}\n"},)json"
    R"json("creationTimestamp":"2026-12-06T20:15:29Z","generation":1,)json"
    R"json("labels":{"dr-workload":"true"},"name":"worker","namespace":"dr-data",)json"
    R"json("resourceVersion":"318","uid":"1d6be7ad-7b79-4aa8-bb2c-f44e31262bd3"},)json"
    R"json("spec":{"progressDeadlineSeconds":600,"replicas":1,"revisionHistoryLimit":10,)json"
    R"json("selector":{"matchLabels":{"app":"worker"}},"strategy":{"type":"Recreate"},)json"
    R"json("template":{"metadata":{"creationTimestamp":null,"labels":{"app":"worker",)json"
    R"json("dr-workload":"true"}},"spec":{"containers":[{"command":["sleep","3600"],)json"
    R"json("image":"busybox:1.36","imagePullPolicy":"IfNotPresent","name":"worker",)json"
    R"json("resources":{"limits":{"cpu":"100m","memory":"64Mi"},"requests":{"cpu":"10m",)json"
    R"json("memory":"16Mi"}},"terminationMessagePath":"/dev/termination-log",)json"
    R"json("terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst",)json"
    R"json("restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},)json"
    R"json("terminationGracePeriodSeconds":30}}}})json";

// pods|dr-data|db-0
constexpr char kPodSource[] =
    R"json({"apiVersion":"v1","kind":"Pod",)json"
    R"json("metadata":{"creationTimestamp":"2026-12-06T20:15:29Z","generateName":"db-",)json"
    R"json("labels":{"app":"db","controller-revision-hash":"db-5bf87d7dbb",)json"
    R"json("dr-workload":"true","statefulset.kubernetes.io/pod-name":"db-0"},"name":"db-0",)json"
    R"json("namespace":"dr-data","ownerReferences":[{"apiVersion":"apps/v1",)json"
    R"json("blockOwnerDeletion":true,"controller":true,"kind":"StatefulSet","name":"db",)json"
    R"json("uid":"69d6144f-ff72-41cb-94bb-792ee3d9847d"}],"resourceVersion":"327",)json"
    R"json("uid":"2a1477c8-7b6f-4945-aeab-5579bee06e0f"},)json"
    R"json("spec":{"containers":[{"env":[{"name":"POSTGRES_PASSWORD",)json"
    R"json("valueFrom":{"secretKeyRef":{"key":"password","name":"db-credentials"}}}],)json"
    R"json("image":"postgres:15","imagePullPolicy":"IfNotPresent","name":"postgres",)json"
    R"json("ports":[{"containerPort":5432,"protocol":"TCP"}],)json"
    R"json("resources":{"limits":{"cpu":"100m","memory":"64Mi"},"requests":{"cpu":"10m",)json"
    R"json("memory":"16Mi"}},"terminationMessagePath":"/dev/termination-log",)json"
    R"json("terminationMessagePolicy":"File",)json"
    R"json("volumeMounts":[{"mountPath":"/var/lib/postgresql/data","name":"data"},)json"
    R"json({"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount",)json"
    R"json("name":"kube-api-access-qrlhz","readOnly":true}]}],"dnsPolicy":"ClusterFirst",)json"
    R"json("enableServiceLinks":true,"hostname":"db-0",)json"
    R"json("preemptionPolicy":"PreemptLowerPriority","priority":0,"restartPolicy":"Always",)json"
    R"json("schedulerName":"default-scheduler","securityContext":{},)json"
    R"json("serviceAccount":"default","serviceAccountName":"default","subdomain":"db",)json"
    R"json("terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoExecute",)json"
    R"json("key":"node.kubernetes.io/not-ready","operator":"Exists","tolerationSeconds":300},)json"
    R"json({"effect":"NoExecute","key":"node.kubernetes.io/unreachable","operator":"Exists",)json"
    R"json("tolerationSeconds":300}],"volumes":[{"name":"data",)json"
    R"json("persistentVolumeClaim":{"claimName":"data-db-0"}},)json"
    R"json({"name":"kube-api-access-qrlhz","projected":{"defaultMode":420,)json"
    R"json("sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},)json"
    R"json({"configMap":{"items":[{"key":"ca.crt","path":"ca.crt"}],)json"
    R"json("name":"kube-root-ca.crt"}},)json"
    R"json({"downwardAPI":{"items":[{"fieldRef":{"apiVersion":"v1",)json"
    R"json("fieldPath":"metadata.namespace"},"path":"namespace"}]}}]}}]}})json";

// serviceaccounts|dr-apps|web
constexpr char kServiceAccountV121[] =
    R"json({"apiVersion":"v1","kind":"ServiceAccount",)json"
    R"json("metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\")json"
    R"json(apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"annotations\":{},)json"
    R"json(\"labels\":{\"dr-workload\":\"true\"},\"name\":\"web\",)json"
    R"json(\"namespace\":\"dr-apps\"}}\n"},"creationTimestamp":"2026-12-06T20:17:44Z",)json"
    R"json("labels":{"dr-workload":"true"},"name":"web","namespace":"dr-apps",)json"
    R"json("resourceVersion":"370","uid":"4f036918-9ece-45b0-a374-3c2e90a0c3e1"},)json"
    R"json("secrets":[{"name":"web-token-hb5sx"}]})json";

// secrets|dr-apps|web-token
constexpr char kTokenSecretV121[] =
    R"json({"apiVersion":"v1","data":{"ca.crt":"LS0tLS1CRUdJTiBD","namespace":"ZHItYXBwcw==",)json"
    R"json("token":"ZXlKaGJHY2lPaUpT"},"kind":"Secret",)json"
    R"json("metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\")json"
    R"json(apiVersion\":\"v1\",\"kind\":\"Secret\",)json"
    R"json(\"metadata\":{\"annotations\":{\"kubernetes.io/service-account.name\":\"web\"},)json"
    R"json(\"labels\":{\"dr-workload\":\"true\"},\"name\":\"web-token\",)json"
    R"json(\"namespace\":\"dr-apps\"},\"type\":\"kubernetes.io/service-account-token\"}\n",)json"
    R"json("kubernetes.io/service-account.name":"web",)json"
    R"json("kubernetes.io/service-account.uid":"4f036918-9ece-45b0-a374-3c2e90a0c3e1"},)json"
    R"json("creationTimestamp":"2026-12-06T20:17:44Z","labels":{"dr-workload":"true"},)json"
    R"json("name":"web-token","namespace":"dr-apps","resourceVersion":"374",)json"
    R"json("uid":"6b683148-5c81-464c-a5b8-1ead8eb3a9e5"},)json"
    R"json("type":"kubernetes.io/service-account-token"})json";

struct CompareCase {
  std::string name;
  std::string group_resource;
  const char* source;
  const char* target;  // nullptr: the source again
  // RFC 6902 JSON Patch applied to the target first ("" for none).
  std::string target_patch;
  std::vector<std::string> want;  // DiffNormalized(source, target)

  friend void PrintTo(const CompareCase& c, std::ostream* os) { *os << c.name; }
};

class ObjectCompareTest : public ::testing::TestWithParam<CompareCase> {};

TEST_P(ObjectCompareTest, DiffNormalized) {
  const CompareCase& c = GetParam();
  const Json source = Json::parse(c.source);
  Json target = Json::parse(c.target != nullptr ? c.target : c.source);
  if (!c.target_patch.empty()) target = target.patch(Json::parse(c.target_patch));
  EXPECT_THAT(DiffNormalized(c.group_resource, source, target), ElementsAreArray(c.want));
}

INSTANTIATE_TEST_SUITE_P(
    ObjectCompare, ObjectCompareTest,
    ::testing::Values(
        // Port http's nodePort 30777 is in last-applied-configuration and must come back;
        // port https's and the clusterIP were allocated by each cluster.
        CompareCase{"service_auto_node_port_and_ip_ignored",
                    "services",
                    kServiceNodePortSource,
                    kServiceNodePortTarget,
                    "",
                    {}},
        CompareCase{"service_explicit_node_port_must_match",
                    "services",
                    kServiceNodePortSource,
                    kServiceNodePortTarget,
                    R"([{"op":"replace","path":"/spec/ports/0/nodePort","value":31234}])",
                    {"spec.ports[0].nodePort: 30777 != 31234"}},
        CompareCase{"service_explicit_node_port_must_be_kept",
                    "services",
                    kServiceNodePortSource,
                    kServiceNodePortTarget,
                    R"([{"op":"remove","path":"/spec/ports/0/nodePort"}])",
                    {"spec.ports[0].nodePort: 30777 != <absent>"}},
        CompareCase{"load_balancer_allocations_ignored",
                    "services",
                    kServiceLoadBalancerSource,
                    kServiceLoadBalancerTarget,
                    "",
                    {}},
        CompareCase{"service_fixed_cluster_ip_must_match",
                    "services",
                    kServiceFixedIpSource,
                    nullptr,
                    R"([{"op":"replace","path":"/spec/clusterIP","value":"10.96.5.5"},
                        {"op":"replace","path":"/spec/clusterIPs","value":["10.96.5.5"]}])",
                    {R"(spec.clusterIP: "10.96.200.10" != "10.96.5.5")",
                     R"(spec.clusterIPs[0]: "10.96.200.10" != "10.96.5.5")"}},
        CompareCase{"headless_service_must_stay_headless",
                    "services",
                    R"({"kind":"Service","metadata":{"name":"db"},"spec":{"clusterIP":"None"}})",
                    nullptr,
                    R"([{"op":"replace","path":"/spec/clusterIP","value":"10.96.0.20"}])",
                    {R"(spec.clusterIP: "None" != <absent>)"}},
        CompareCase{"volume_claim_ref_uid_ignored",
                    "persistentvolumes",
                    kVolumeSource,
                    kVolumeTarget,
                    "",
                    {}},
        CompareCase{"volume_bound_by_controller_ignored",
                    "persistentvolumes",
                    kVolumeSource,
                    kVolumeTarget,
                    R"([{"op":"add",
                         "path":"/metadata/annotations/pv.kubernetes.io~1bound-by-controller",
                         "value":"yes"}])",
                    {}},
        CompareCase{"volume_claim_ref_name_must_match",
                    "persistentvolumes",
                    kVolumeSource,
                    kVolumeTarget,
                    R"([{"op":"replace","path":"/spec/claimRef/name","value":"other"}])",
                    {R"(spec.claimRef.name: "claim-by-pv" != "other")"}},
        CompareCase{"claim_binder_annotations_ignored",
                    "persistentvolumeclaims",
                    kClaimSource,
                    kClaimTarget,
                    "",
                    {}},
        CompareCase{"claim_volume_name_must_match",
                    "persistentvolumeclaims",
                    kClaimSource,
                    kClaimTarget,
                    R"([{"op":"remove","path":"/spec/volumeName"}])",
                    {R"(spec.volumeName: "dr-pv-by-ref" != <absent>)"}},
        CompareCase{
            "job_selector_and_uid_labels_ignored", "jobs.batch", kJobSource, kJobTarget, "", {}},
        CompareCase{"job_template_must_match",
                    "jobs.batch",
                    kJobSource,
                    kJobTarget,
                    R"([{"op":"replace","path":"/spec/template/spec/containers/0/image",
                         "value":"busybox:1.37"}])",
                    {R"(spec.template.spec.containers[0].image: "busybox:1.36" != )"
                     R"("busybox:1.37")"}},
        CompareCase{"deployment_revision_and_status_ignored",
                    "deployments.apps",
                    kDeploymentSource,
                    nullptr,
                    R"([{"op":"replace",
                         "path":"/metadata/annotations/deployment.kubernetes.io~1revision",
                         "value":"3"},
                        {"op":"add","path":"/metadata/uid","value":"0000"},
                        {"op":"add","path":"/metadata/generation","value":4},
                        {"op":"add","path":"/status","value":{"replicas":1}}])",
                    {}},
        CompareCase{"deployment_replicas_must_match",
                    "deployments.apps",
                    kDeploymentSource,
                    nullptr,
                    R"([{"op":"replace","path":"/spec/replicas","value":3}])",
                    {"spec.replicas: 1 != 3"}},
        CompareCase{"restore_label_ignored",
                    "deployments.apps",
                    kDeploymentSource,
                    nullptr,
                    R"([{"op":"add","path":"/metadata/labels/ark-restore","value":"r1"}])",
                    {}},
        CompareCase{"removed_label_reported",
                    "deployments.apps",
                    kDeploymentSource,
                    nullptr,
                    R"([{"op":"remove","path":"/metadata/labels/dr-workload"}])",
                    {R"(metadata.labels: {"dr-workload":"true"} != <absent>)"}},
        CompareCase{"token_secret_data_and_account_uid_ignored",
                    "secrets",
                    kTokenSecretV121,
                    nullptr,
                    R"([{"op":"replace","path":"/data","value":{"token":"b3RoZXI="}},
                        {"op":"replace",
                         "path":"/metadata/annotations/kubernetes.io~1service-account.uid",
                         "value":"9b1c"}])",
                    {}},
        CompareCase{"token_secret_account_must_match",
                    "secrets",
                    kTokenSecretV121,
                    nullptr,
                    R"([{"op":"replace",
                         "path":"/metadata/annotations/kubernetes.io~1service-account.name",
                         "value":"default"}])",
                    {R"(metadata.annotations["kubernetes.io/service-account.name"]: )"
                     R"("web" != "default")"}},
        CompareCase{"generated_token_of_v121_ignored",
                    "serviceaccounts",
                    kServiceAccountV121,
                    nullptr,
                    R"([{"op":"remove","path":"/secrets"}])",
                    {}},
        CompareCase{"secret_listed_by_user_must_match",
                    "serviceaccounts",
                    kServiceAccountV121,
                    nullptr,
                    R"([{"op":"add","path":"/secrets/-","value":{"name":"web-token"}}])",
                    {R"(secrets: <absent> != [{"name":"web-token"}])"}},
        CompareCase{"pod_token_volume_ignored",
                    "pods",
                    kPodSource,
                    nullptr,
                    R"([{"op":"replace","path":"/spec/volumes/1/name",
                         "value":"kube-api-access-f8xgj"},
                        {"op":"replace","path":"/spec/containers/0/volumeMounts/1/name",
                         "value":"kube-api-access-f8xgj"},
                        {"op":"add","path":"/spec/nodeName","value":"node-1"}])",
                    {}},
        CompareCase{"pod_data_volume_must_match",
                    "pods",
                    kPodSource,
                    nullptr,
                    R"([{"op":"replace","path":"/spec/volumes/0/persistentVolumeClaim/claimName",
                         "value":"data-db-1"}])",
                    {R"(spec.volumes[0].persistentVolumeClaim.claimName: "data-db-0" != )"
                     R"("data-db-1")"}}),
    [](const ::testing::TestParamInfo<CompareCase>& info) { return info.param.name; });

TEST(ObjectCompare, NormalizedServiceKeepsWhatTheUserChose) {
  const Json n = Normalized("services", Json::parse(kServiceNodePortSource));
  EXPECT_FALSE(n["spec"].contains("clusterIP"));
  EXPECT_FALSE(n["spec"].contains("clusterIPs"));
  EXPECT_EQ(n["spec"]["ports"][0]["nodePort"], 30777);
  EXPECT_FALSE(n["spec"]["ports"][1].contains("nodePort"));
  EXPECT_FALSE(n.contains("status"));
  const Json& metadata = n["metadata"];
  EXPECT_EQ(metadata.size(), 4u) << metadata.dump();  // name, namespace, labels, annotations
  EXPECT_EQ(metadata["labels"], Json::parse(R"({"dr-workload":"true"})"));
  EXPECT_TRUE(metadata["annotations"].contains("kubectl.kubernetes.io/last-applied-configuration"));

  const Json fixed = Normalized("services", Json::parse(kServiceFixedIpSource));
  EXPECT_EQ(fixed["spec"]["clusterIP"], "10.96.200.10");
  EXPECT_EQ(fixed["spec"]["clusterIPs"], Json::array({"10.96.200.10"}));
}

TEST(ObjectCompare, NormalizedWithoutLastAppliedDropsEveryAllocation) {
  // Created without `kubectl apply`: a fixed IP or node port cannot be told from an allocated
  // one, so both are removed.
  const Json live = Json::parse(R"({"kind":"Service","metadata":{"name":"s","uid":"u"},
      "spec":{"type":"NodePort","clusterIP":"10.96.200.11","clusterIPs":["10.96.200.11"],
              "ports":[{"port":80,"nodePort":30778}]}})");
  EXPECT_EQ(Normalized("services", live), Json::parse(R"({"kind":"Service",
      "metadata":{"name":"s"},"spec":{"type":"NodePort","ports":[{"port":80}]}})"));
}

TEST(ObjectCompare, NormalizedUnknownResourceGetsGenericTreatment) {
  const Json live = Json::parse(R"({"apiVersion":"dr.example.com/v1","kind":"Widget",
      "metadata":{"name":"alpha","namespace":"dr-apps","uid":"u","generation":2,
                  "resourceVersion":"9","creationTimestamp":"2026-12-06T20:15:29Z",
                  "finalizers":["x"],"ownerReferences":[{"uid":"o"}],"managedFields":[],
                  "labels":{"ark-restore":"r1"},"annotations":{}},
      "spec":{"size":3},"status":{"ready":true}})");
  EXPECT_EQ(Normalized("widgets.dr.example.com", live), Json::parse(R"({
      "apiVersion":"dr.example.com/v1","kind":"Widget",
      "metadata":{"name":"alpha","namespace":"dr-apps"},"spec":{"size":3}})"));
}

struct DiffCase {
  std::string name;
  const char* a;
  const char* b;
  std::vector<std::string> want;

  friend void PrintTo(const DiffCase& c, std::ostream* os) { *os << c.name; }
};

class ObjectCompareDiffTest : public ::testing::TestWithParam<DiffCase> {};

TEST_P(ObjectCompareDiffTest, DiffObjects) {
  const DiffCase& c = GetParam();
  EXPECT_THAT(DiffObjects(Json::parse(c.a), Json::parse(c.b)), ElementsAreArray(c.want));
}

INSTANTIATE_TEST_SUITE_P(
    ObjectCompare, ObjectCompareDiffTest,
    ::testing::Values(
        DiffCase{"equal", R"({"a":[1,{"b":"c"}]})", R"({"a":[1,{"b":"c"}]})", {}},
        DiffCase{"numbers_by_value", R"({"a":1})", R"({"a":1.0})", {}},
        DiffCase{"array_element",
                 R"({"spec":{"ports":[{"nodePort":30777}]}})",
                 R"({"spec":{"ports":[{"nodePort":31234}]}})",
                 {"spec.ports[0].nodePort: 30777 != 31234"}},
        DiffCase{"absent_on_either_side",
                 R"({"a":1,"c":true})",
                 R"({"b":"x","c":true})",
                 {"a: 1 != <absent>", R"(b: <absent> != "x")"}},
        DiffCase{"array_lengths", R"({"l":[1,2]})", R"({"l":[1]})", {"l[1]: 2 != <absent>"}},
        DiffCase{"keys_that_need_quoting",
                 R"({"metadata":{"annotations":{"deployment.kubernetes.io/revision":"1"}}})",
                 R"({"metadata":{"annotations":{"deployment.kubernetes.io/revision":"2"}}})",
                 {R"(metadata.annotations["deployment.kubernetes.io/revision"]: "1" != "2")"}},
        DiffCase{"types", R"({"a":"1"})", R"({"a":1})", {R"(a: "1" != 1)"}},
        DiffCase{"root", R"([])", R"({})", {"<root>: [] != {}"}},
        // Shown from 30 characters before the first difference.
        DiffCase{"long_strings_show_where_they_differ",
                 R"({"s":"01234567890123456789012345678901234567890123456789012345678901234-a"})",
                 R"({"s":"01234567890123456789012345678901234567890123456789012345678901234-b"})",
                 {R"(s: ...67890123456789012345678901234-a" != )"
                  R"(...67890123456789012345678901234-b")"}}),
    [](const ::testing::TestParamInfo<DiffCase>& info) { return info.param.name; });

}  // namespace
}  // namespace ark::testing
