// The real kubectl (1.32) against kubesim, over plain HTTP and over TLS with a bearer token:
// the flows of the reference nginx example, labels, jsonpath, api-resources, a CRD and a
// custom object, re-apply of a changed manifest, and namespace deletion.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support/kubesim.h"

namespace ark::kubesim::testing {
namespace {

using ark::testing::Kubesim;
using ark::testing::KubesimOptions;
using ark::testing::RunResult;
using ark::testing::TempDir;

struct Mode {
  const char* name;
  KubesimOptions options;
};

void PrintTo(const Mode& mode, std::ostream* os) { *os << mode.name; }

class KubectlTest : public ::testing::TestWithParam<Mode> {
 protected:
  void SetUp() override {
    sim_ = Kubesim::Start(GetParam().options);
    ASSERT_NE(sim_, nullptr);
  }
  // Runs kubectl with the kubesim kubeconfig and a private cache dir.
  RunResult Kubectl(std::vector<std::string> args, const std::string& input = "") {
    std::vector<std::string> argv = {"kubectl", "--kubeconfig", sim_->kubeconfig(), "--cache-dir",
                                     home_.File("cache")};
    argv.insert(argv.end(), args.begin(), args.end());
    return ark::testing::Run(argv, input, {{"HOME", home_.path()}}, std::chrono::seconds(60));
  }
  // Runs kubectl and expects success; returns stdout.
  std::string Ok(std::vector<std::string> args, const std::string& input = "") {
    RunResult r = Kubectl(args, input);
    std::string cmd;
    for (const auto& a : args) cmd += a + " ";
    EXPECT_EQ(r.exit_code, 0) << "kubectl " << cmd << "\nstdout: " << r.out
                              << "\nstderr: " << r.err;
    return r.out;
  }

  std::unique_ptr<Kubesim> sim_;
  TempDir home_;
};

const char kCrd[] = R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: backups.ark.heptio.com
  labels:
    component: ark
spec:
  group: ark.heptio.com
  names:
    kind: Backup
    plural: backups
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
)";

const char kBackup[] = R"(apiVersion: ark.heptio.com/v1
kind: Backup
metadata:
  name: nginx-backup
  namespace: default
spec:
  labelSelector:
    matchLabels:
      app: nginx
)";

const char kPvAndClaim[] = R"(apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-logs
spec:
  capacity:
    storage: 50Mi
  accessModes: ["ReadWriteOnce"]
  hostPath:
    path: /tmp/logs
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: nginx-logs
  namespace: nginx-example
  labels:
    app: nginx
spec:
  volumeName: pv-logs
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 50Mi
)";

TEST_P(KubectlTest, NginxExampleFlow) {
  const std::string manifest = ARK_SOURCE_DIR "/examples/nginx-app/base.yaml";
  std::string out = Ok({"apply", "-f", manifest});
  EXPECT_NE(out.find("namespace/nginx-example created"), std::string::npos) << out;
  EXPECT_NE(out.find("deployment.apps/nginx-deployment created"), std::string::npos) << out;
  EXPECT_NE(out.find("service/my-nginx created"), std::string::npos) << out;

  // The columns a real API server's tables have.
  out = Ok({"get", "deploy,svc", "-n", "nginx-example"});
  EXPECT_NE(out.find("deployment.apps/nginx-deployment"), std::string::npos) << out;
  EXPECT_NE(out.find("service/my-nginx"), std::string::npos) << out;
  for (const char* header :
       {"READY   UP-TO-DATE   AVAILABLE   AGE", "TYPE           CLUSTER-IP",
        "EXTERNAL-IP   PORT(S)", "0/2", "LoadBalancer   10.96.", "<pending>", "80:3"}) {
    EXPECT_NE(out.find(header), std::string::npos) << header << "\n" << out;
  }
  out = Ok({"get", "svc", "-n", "nginx-example", "-o", "wide"});
  EXPECT_NE(out.find("SELECTOR"), std::string::npos) << out;
  EXPECT_NE(out.find("app=nginx"), std::string::npos) << out;
  out = Ok({"get", "ns", "nginx-example"});
  EXPECT_NE(out.find("STATUS"), std::string::npos) << out;
  EXPECT_NE(out.find("Active"), std::string::npos) << out;

  EXPECT_EQ(Ok({"get", "svc", "my-nginx", "-n", "nginx-example", "-o",
                "jsonpath={.spec.type} {.metadata.labels.app} {.spec.ports[0].port}"}),
            "LoadBalancer nginx 80");
  EXPECT_EQ(
      Ok({"get", "deploy", "-n", "nginx-example", "-l", "app!=db", "-o",
          "jsonpath={.items[0].spec.replicas} {.items[0].spec.template.spec.containers[0].image}"}),
      "2 nginx:1.7.9");

  // Labels and annotations.
  Ok({"label", "svc", "my-nginx", "-n", "nginx-example", "tier=frontend"});
  Ok({"annotate", "deploy", "nginx-deployment", "-n", "nginx-example", "note=hello"});
  EXPECT_EQ(Ok({"get", "svc", "-n", "nginx-example", "-l", "tier=frontend", "-o",
                "jsonpath={.items[*].metadata.name}"}),
            "my-nginx");
  EXPECT_EQ(Ok({"get", "deploy", "nginx-deployment", "-n", "nginx-example", "-o",
                "jsonpath={.metadata.annotations.note}"}),
            "hello");

  // A claim bound to a volume, found the way the reference documentation finds it.
  Ok({"apply", "-f", "-"}, kPvAndClaim);
  out = Ok({"get", "pv", "pv-logs"});
  for (const char* cell : {"CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "CLAIM", "50Mi", "RWO",
                           "Retain", "Bound", "nginx-example/nginx-logs"}) {
    EXPECT_NE(out.find(cell), std::string::npos) << cell << "\n" << out;
  }
  out = Ok({"get", "pvc", "nginx-logs", "-n", "nginx-example"});
  EXPECT_NE(out.find("Bound    pv-logs"), std::string::npos) << out;
  EXPECT_EQ(Ok({"get", "pv", "-o",
                "jsonpath={.items[?(@.spec.claimRef.name==\"nginx-logs\")].metadata.name}"}),
            "pv-logs");
  Ok({"label", "pv", "pv-logs", "app=nginx"});
  EXPECT_EQ(Ok({"get", "pv", "-l", "app=nginx", "-o", "name"}), "persistentvolume/pv-logs\n");

  // Discovery as kubectl shows it.
  out = Ok({"api-resources"});
  for (const char* line : {"deployments", "customresourcedefinitions", "persistentvolumes",
                           "rolebindings", "cronjobs", "poddisruptionbudgets", "storageclasses"}) {
    EXPECT_NE(out.find(line), std::string::npos) << line;
  }

  // A CRD, then a custom object of it.
  out = Ok({"apply", "-f", "-"}, kCrd);
  EXPECT_NE(
      out.find("customresourcedefinition.apiextensions.k8s.io/backups.ark.heptio.com created"),
      std::string::npos)
      << out;
  Ok({"wait", "--for=condition=Established", "crd/backups.ark.heptio.com", "--timeout=20s"});
  Ok({"apply", "-f", "-"}, kBackup);
  EXPECT_EQ(
      Ok({"get", "backups.ark.heptio.com", "-n", "default", "-o",
          "jsonpath={.items[0].metadata.name} {.items[0].spec.labelSelector.matchLabels.app}"}),
      "nginx-backup nginx");
  out = Ok({"get", "backups", "-A"});
  EXPECT_NE(out.find("nginx-backup"), std::string::npos) << out;

  // Re-apply of a changed manifest.
  std::string changed = ark::testing::ReadFile(manifest);
  size_t pos = changed.find("replicas: 2");
  ASSERT_NE(pos, std::string::npos);
  changed.replace(pos, 11, "replicas: 3");
  pos = changed.find("nginx:1.7.9");
  ASSERT_NE(pos, std::string::npos);
  changed.replace(pos, 11, "nginx:1.9.1");
  out = Ok({"apply", "-f", "-"}, changed);
  EXPECT_NE(out.find("deployment.apps/nginx-deployment configured"), std::string::npos) << out;
  EXPECT_NE(out.find("service/my-nginx unchanged"), std::string::npos) << out;
  EXPECT_EQ(Ok({"get", "deploy", "nginx-deployment", "-n", "nginx-example", "-o",
                "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} "
                "{.spec.template.spec.containers[0].ports[0].containerPort} "
                "{.metadata.generation} {.metadata.annotations.note}"}),
            "3 nginx:1.9.1 80 2 hello");

  // Namespace deletion: gone after the namespace controller's pass.
  out = Ok({"delete", "namespaces", "nginx-example"});
  EXPECT_NE(out.find("namespace \"nginx-example\" deleted"), std::string::npos) << out;
  RunResult gone = Kubectl({"get", "namespace", "nginx-example"});
  EXPECT_NE(gone.exit_code, 0);
  EXPECT_NE(gone.err.find("namespaces \"nginx-example\" not found"), std::string::npos) << gone.err;
  EXPECT_EQ(Ok({"get", "deploy,svc,pvc", "-A", "-o", "name"}), "");
}

std::string ConfigMapYaml(const std::string& name, const std::string& data) {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name +
         "\n  namespace: demo\ndata:\n" + data;
}

TEST_P(KubectlTest, CreateGetPatchDeleteAndErrors) {
  // kubectl's typed generators send protobuf bodies.
  Ok({"create", "namespace", "demo"});
  Ok({"create", "configmap", "settings", "-n", "demo", "--from-literal=a=1"});
  Ok({"create", "secret", "generic", "creds", "-n", "demo", "--from-literal=password=pw"});
  Ok({"create", "serviceaccount", "robot", "-n", "demo"});
  EXPECT_EQ(Ok({"get", "secret", "creds", "-n", "demo", "-o", "jsonpath={.data.password}"}),
            "cHc=");
  EXPECT_EQ(Ok({"get", "sa", "-n", "demo", "-o", "name"}),
            "serviceaccount/default\nserviceaccount/robot\n");
  RunResult dup = Kubectl({"create", "-f", "-"}, ConfigMapYaml("settings", "  a: \"1\"\n"));
  EXPECT_NE(dup.exit_code, 0);
  EXPECT_NE(dup.err.find("configmaps \"settings\" already exists"), std::string::npos) << dup.err;
  EXPECT_EQ(Ok({"get", "cm", "settings", "-n", "demo", "-o", "jsonpath={.data.a}"}), "1");
  std::string out = Ok({"get", "configmaps", "-n", "demo"});
  EXPECT_NE(out.find("settings"), std::string::npos) << out;
  EXPECT_NE(out.find("NAME"), std::string::npos) << out;
  Ok({"patch", "cm", "settings", "-n", "demo", "--type=json", "-p",
      R"([{"op":"add","path":"/data/b","value":"2"}])"});
  Ok({"patch", "cm", "settings", "-n", "demo", "--type=merge", "-p", R"({"data":{"c":"3"}})"});
  EXPECT_EQ(
      Ok({"get", "cm", "settings", "-n", "demo", "-o", "jsonpath={.data.a}{.data.b}{.data.c}"}),
      "123");
  out = Ok({"get", "cm", "settings", "-n", "demo", "-o", "json"});
  EXPECT_NE(out.find("\"kind\": \"ConfigMap\""), std::string::npos) << out;
  Ok({"delete", "cm", "settings", "-n", "demo"});
  RunResult missing = Kubectl({"get", "cm", "settings", "-n", "demo"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("configmaps \"settings\" not found"), std::string::npos)
      << missing.err;
  // kubectl's own chunked listing follows the continue tokens.
  std::string many;
  for (int i = 0; i < 7; ++i) many += ConfigMapYaml("c" + std::to_string(i), "  k: v\n") + "---\n";
  Ok({"apply", "-f", "-"}, many);
  out = Ok({"get", "cm", "-n", "demo", "--chunk-size=2", "-o", "name"});
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 8) << out;  // and kube-root-ca.crt
}

INSTANTIATE_TEST_SUITE_P(
    Transports, KubectlTest,
    ::testing::Values(Mode{"PlainHttp", {}},
                      Mode{"TlsWithToken", {.tls = true, .token = "kubectl-t0ken"}}),
    [](const ::testing::TestParamInfo<Mode>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace ark::kubesim::testing
