#include "backup/workload.h"

#include <chrono>
#include <thread>

namespace ark::testing {
namespace {

using kube::GroupVersionResource;
using kube::Json;

const GroupVersionResource kNamespaces{"", "v1", "namespaces"};
const GroupVersionResource kCrds{"apiextensions.k8s.io", "v1", "customresourcedefinitions"};

Status CreateOne(kube::DynamicClient& client, const GroupVersionResource& gvr, const char* text) {
  Json object = Json::parse(text);
  std::string ns = object["metadata"].value("namespace", "");
  auto created = client.Create(gvr, ns, object);
  if (!created.ok() && created.status().code() != Code::kAlreadyExists) {
    Status s = created.status();
    return s.Annotate("creating " + gvr.GroupResource() + " " +
                      object["metadata"].value("name", ""));
  }
  return Status::Ok();
}

Json Crd(const std::string& group, const std::string& plural, const std::string& kind) {
  return Json{
      {"apiVersion", "apiextensions.k8s.io/v1"},
      {"kind", "CustomResourceDefinition"},
      {"metadata", {{"name", plural + "." + group}}},
      {"spec",
       {{"group", group},
        {"scope", "Namespaced"},
        {"names",
         {{"plural", plural},
          {"singular", kind.substr(0, 1) == "W" ? "widget" : "backup"},
          {"kind", kind},
          {"listKind", kind + "List"}}},
        {"versions", Json::array({{{"name", "v1"},
                                   {"served", true},
                                   {"storage", true},
                                   {"schema",
                                    {{"openAPIV3Schema",
                                      {{"type", "object"},
                                       {"x-kubernetes-preserve-unknown-fields", true}}}}}}})}}}};
}

const char* kPod = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"%NAME%",
 "namespace":"nginx-example","labels":{"app":"nginx","pod-template-hash":"744b5f7549"%EXTRA%},
 "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"nginx-deployment-744b5f7549",
 "uid":"00000000-0000-0000-0000-000000000001","controller":true}]},
 "spec":{"serviceAccountName":"nginx-sa","volumes":[{"name":"nginx-logs","persistentVolumeClaim":
 {"claimName":"nginx-logs"}}],"containers":[{"name":"nginx","image":"nginx:1.7.9",
 "ports":[{"containerPort":80}],"volumeMounts":[{"mountPath":"/var/log/nginx","name":"nginx-logs"}]}]},
 "status":{"phase":"Pending"}})";

std::string Pod(const std::string& name, const std::string& extra_labels) {
  std::string s = kPod;
  s.replace(s.find("%NAME%"), 6, name);
  s.replace(s.find("%EXTRA%"), 7, extra_labels);
  return s;
}

}  // namespace

Status CreateWorkload(kube::DynamicClient& client, kube::Discovery& discovery) {
  ARK_RETURN_IF_ERROR(CreateOne(
      client, kNamespaces,
      R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"nginx-example","labels":{"app":"nginx"}}})"));
  ARK_RETURN_IF_ERROR(
      CreateOne(client, kNamespaces,
                R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"other-ns"}})"));
  ARK_RETURN_IF_ERROR(
      CreateOne(client, kNamespaces,
                R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"heptio-ark"}})"));
  ARK_RETURN_IF_ERROR(
      CreateOne(client, kCrds, Crd("example.com", "widgets", "Widget").dump().c_str()));
  ARK_RETURN_IF_ERROR(
      CreateOne(client, kCrds, Crd("ark.heptio.com", "backups", "Backup").dump().c_str()));
  ARK_RETURN_IF_ERROR(CreateOne(client, {"", "v1", "persistentvolumes"}, R"({"apiVersion":"v1",
    "kind":"PersistentVolume","metadata":{"name":"pv-nginx-logs","labels":{"app":"nginx",
    "failure-domain.beta.kubernetes.io/region":"us-east-1","failure-domain.beta.kubernetes.io/zone":"us-east-1a"}},
    "spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],
    "persistentVolumeReclaimPolicy":"Retain","storageClassName":"",
    "awsElasticBlockStore":{"volumeID":"aws://us-east-1a/vol-0a1b2c3d4e5f","fsType":"ext4"}},
    "status":{"phase":"Bound"}})"));
  const GroupVersionResource pvcs{"", "v1", "persistentvolumeclaims"};
  ARK_RETURN_IF_ERROR(CreateOne(client, pvcs, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim",
    "metadata":{"name":"nginx-logs","namespace":"nginx-example","labels":{"app":"nginx"}},
    "spec":{"storageClassName":"","volumeName":"pv-nginx-logs","accessModes":["ReadWriteOnce"],
    "resources":{"requests":{"storage":"1Gi"}}},"status":{"phase":"Bound"}})"));
  ARK_RETURN_IF_ERROR(CreateOne(client, pvcs, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim",
    "metadata":{"name":"other-claim","namespace":"other-ns"},
    "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}})"));
  const GroupVersionResource configmaps{"", "v1", "configmaps"};
  ARK_RETURN_IF_ERROR(CreateOne(client, configmaps, R"({"apiVersion":"v1","kind":"ConfigMap",
    "metadata":{"name":"nginx-config","namespace":"nginx-example","labels":{"app":"nginx"}},
    "data":{"log-level":"info","nginx.conf":"server {\n  listen 80;\n}\n"}})"));
  ARK_RETURN_IF_ERROR(CreateOne(client, configmaps, R"({"apiVersion":"v1","kind":"ConfigMap",
    "metadata":{"name":"other-config","namespace":"other-ns"},
    "data":{"color":"blue","greeting":"hello from other-ns"}})"));
  ARK_RETURN_IF_ERROR(
      CreateOne(client, {"", "v1", "secrets"}, R"({"apiVersion":"v1","kind":"Secret",
    "metadata":{"name":"nginx-secret","namespace":"nginx-example","labels":{"app":"nginx"}},
    "type":"Opaque","data":{"username":"YWRtaW4=","password":"czNjcjN0LXZhbHVl"}})"));
  const GroupVersionResource sas{"", "v1", "serviceaccounts"};
  ARK_RETURN_IF_ERROR(CreateOne(client, sas, R"({"apiVersion":"v1","kind":"ServiceAccount",
    "metadata":{"name":"nginx-sa","namespace":"nginx-example","labels":{"app":"nginx"}}})"));
  ARK_RETURN_IF_ERROR(CreateOne(client, sas, R"({"apiVersion":"v1","kind":"ServiceAccount",
    "metadata":{"name":"default","namespace":"nginx-example"}})"));
  ARK_RETURN_IF_ERROR(CreateOne(client, {"apps", "v1", "deployments"}, R"({"apiVersion":"apps/v1",
    "kind":"Deployment","metadata":{"name":"nginx-deployment","namespace":"nginx-example",
    "labels":{"app":"nginx"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"nginx"}},
    "template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"name":"nginx",
    "image":"nginx:1.7.9"}]}}}})"));
  ARK_RETURN_IF_ERROR(CreateOne(client, {"apps", "v1", "replicasets"}, R"({"apiVersion":"apps/v1",
    "kind":"ReplicaSet","metadata":{"name":"nginx-deployment-744b5f7549","namespace":"nginx-example",
    "labels":{"app":"nginx","pod-template-hash":"744b5f7549"}},"spec":{"replicas":2,
    "selector":{"matchLabels":{"app":"nginx"}},"template":{"metadata":{"labels":{"app":"nginx"}},
    "spec":{"containers":[{"name":"nginx","image":"nginx:1.7.9"}]}}}})"));
  const GroupVersionResource pods{"", "v1", "pods"};
  ARK_RETURN_IF_ERROR(CreateOne(
      client, pods, Pod("nginx-deployment-744b5f7549-87s8c", R"(,"tier":"frontend")").c_str()));
  ARK_RETURN_IF_ERROR(
      CreateOne(client, pods, Pod("nginx-deployment-744b5f7549-cgp82", "").c_str()));
  ARK_RETURN_IF_ERROR(CreateOne(client, pods, R"({"apiVersion":"v1","kind":"Pod",
    "metadata":{"name":"other-pod","namespace":"other-ns"},"spec":{"volumes":[{"name":"data",
    "persistentVolumeClaim":{"claimName":"missing-claim"}}],"containers":[{"name":"c","image":"busybox"}]}})"));
  ARK_RETURN_IF_ERROR(
      CreateOne(client, {"", "v1", "services"}, R"({"apiVersion":"v1","kind":"Service",
    "metadata":{"name":"my-nginx","namespace":"nginx-example","labels":{"app":"nginx"}},
    "spec":{"ports":[{"port":80,"targetPort":80}],"selector":{"app":"nginx"},"type":"LoadBalancer"}})"));
  ARK_RETURN_IF_ERROR(CreateOne(client, {"", "v1", "events"}, R"({"apiVersion":"v1","kind":"Event",
    "metadata":{"name":"nginx-deployment.1","namespace":"nginx-example"},
    "involvedObject":{"kind":"Deployment","name":"nginx-deployment","namespace":"nginx-example"},
    "reason":"ScalingReplicaSet","message":"Scaled up replica set nginx-deployment-744b5f7549 to 2",
    "type":"Normal"})"));

  // Custom resources are served once their CRDs are established; poll discovery for them.
  discovery.Invalidate();
  for (int attempt = 0;; ++attempt) {
    auto widgets = discovery.Resolve("widgets.example.com");
    auto backups = discovery.Resolve("backups.ark.heptio.com");
    if (widgets.ok() && backups.ok()) break;
    if (attempt == 200) return DeadlineExceeded("CRDs widgets/backups were never served");
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    discovery.Invalidate();
  }
  ARK_RETURN_IF_ERROR(
      CreateOne(client, {"example.com", "v1", "widgets"}, R"({"apiVersion":"example.com/v1",
    "kind":"Widget","metadata":{"name":"my-widget","namespace":"nginx-example","labels":{"app":"nginx"}},
    "spec":{"size":3,"color":"blue","tags":["web","frontend"]}})"));
  ARK_RETURN_IF_ERROR(
      CreateOne(client, {"ark.heptio.com", "v1", "backups"}, R"({"apiVersion":"ark.heptio.com/v1",
    "kind":"Backup","metadata":{"name":"b0","namespace":"heptio-ark"},"spec":{}})"));
  return Status::Ok();
}

}  // namespace ark::testing
