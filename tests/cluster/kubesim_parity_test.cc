// Behaviours kubesim copies from kube-apiserver v1.26 (docs/kubesim.md), checked the same way
// on kubesim and, with ARK_E2E_CLUSTER=real, on a real control plane: service-account
// admission and the per-namespace defaults, workload defaulting, Service addresses,
// immutable fields, and what requests without valid credentials get.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "support/kubesim.h"
#include "support/process.h"
#include "support/test_cluster.h"

namespace ark::testing {
namespace {

using nlohmann::json;

// kubectl against one cluster.
class Kubectl {
 public:
  explicit Kubectl(std::string kubeconfig) : kubeconfig_(std::move(kubeconfig)) {}

  RunResult Run(std::vector<std::string> args, const std::string& input = "") const {
    args.insert(args.begin(), {"kubectl", "--kubeconfig", kubeconfig_});
    return ark::testing::Run(args, input);
  }
  // Creates `manifest` in `ns` and returns the server's answer; a failure is recorded and
  // null returned when the server refuses it.
  json Create(const std::string& ns, const json& manifest) const {
    RunResult r = Run({"create", "-n", ns, "-f", "-", "-o", "json"}, manifest.dump());
    EXPECT_EQ(r.exit_code, 0) << manifest.dump() << "\n" << r.err;
    return r.exit_code == 0 ? json::parse(r.out) : json();
  }
  // kubectl's error text for a create the server must refuse ("" when it succeeded).
  std::string CreateError(const std::string& ns, const json& manifest) const {
    RunResult r = Run({"create", "-n", ns, "-f", "-", "-o", "json"}, manifest.dump());
    return r.exit_code == 0 ? "" : r.err;
  }
  // Applies a merge patch; returns the patched object, or kubectl's error text as a string.
  json Patch(const std::string& ns, const std::string& object, const json& patch) const {
    RunResult r =
        Run({"patch", "-n", ns, object, "--type=merge", "-p", patch.dump(), "-o", "json"});
    return r.exit_code == 0 ? json::parse(r.out) : json(r.err);
  }
  json Get(const std::string& ns, const std::string& object) const {
    RunResult r = Run({"get", "-n", ns, object, "-o", "json"});
    EXPECT_EQ(r.exit_code, 0) << object << ": " << r.err;
    return r.exit_code == 0 ? json::parse(r.out) : json();
  }
  // Waits (up to 60 s: a real controller-manager needs a moment) until `object` exists.
  void WaitForCreate(const std::string& ns, const std::string& object) const {
    RunResult r = Run({"wait", "-n", ns, "--for=create", object, "--timeout=60s"});
    EXPECT_EQ(r.exit_code, 0) << ns << "/" << object << ": " << r.err;
  }
  void CreateNamespace(const std::string& ns) const {
    RunResult r = Run({"create", "namespace", ns});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

 private:
  std::string kubeconfig_;
};

json Manifest(const std::string& text) { return json::parse(text); }

// kubesim copies kube-apiserver v1.26: error texts and the newest defaults are compared
// exactly there and on kubesim; other versions (K8S_VERSION=1.21, a cluster named in
// ARK_E2E_KUBECONFIG) get the parts that all of them share.
bool ExactParity(const TestCluster& cluster) {
  return !cluster.real() || cluster.version().rfind("v1.26.", 0) == 0;
}

// `actual` has the members of `expected`; with !exact only those `actual` has at all (newer
// servers default more fields).
void ExpectMembers(const json& actual, const json& expected, bool exact) {
  for (auto it = expected.begin(); it != expected.end(); ++it) {
    if (!exact && !actual.contains(it.key())) continue;
    EXPECT_EQ(actual.value(it.key(), json()), it.value()) << it.key() << " of " << actual.dump();
  }
  if (exact) {
    EXPECT_EQ(actual.size(), expected.size()) << actual.dump();
  }
}

json Pod(const std::string& name, const json& spec_extra = json::object()) {
  json spec = {{"containers", {{{"name", "c"}, {"image", "busybox"}}}}};
  spec.update(spec_extra);
  return {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"name", name}}}, {"spec", spec}};
}

TEST(ClusterKubesimParity, ServiceAccountAdmissionAndNamespaceDefaults) {
  auto cluster = TestCluster::Start();
  ASSERT_NE(cluster, nullptr);
  const Kubectl k(cluster->kubeconfig());
  const std::string ns = "parity-sa";
  ASSERT_NO_FATAL_FAILURE(k.CreateNamespace(ns));
  for (const std::string& n :
       {std::string("default"), std::string("kube-system"), std::string("kube-public"), ns}) {
    k.WaitForCreate(n, "serviceaccount/default");
    k.WaitForCreate(n, "configmap/kube-root-ca.crt");
  }
  json ca = k.Get(ns, "configmap/kube-root-ca.crt");
  ASSERT_EQ(ca["data"].size(), 1u) << ca.dump();
  EXPECT_EQ(ca["data"].value("ca.crt", "").rfind("-----BEGIN CERTIFICATE-----", 0), 0u);

  // Admission refuses a pod whose account does not exist, with the real status and text.
  std::string refused = k.CreateError(ns, Pod("x", {{"serviceAccountName", "sa"}}));
  EXPECT_NE(refused.find("Error from server (Forbidden)"), std::string::npos) << refused;
  EXPECT_NE(refused.find("pods \"x\" is forbidden: error looking up service account parity-sa/sa: "
                         "serviceaccount \"sa\" not found"),
            std::string::npos)
      << refused;

  // An admitted pod names its account and mounts the account's token volume.
  json pod = k.Create(ns, Pod("y"));
  const json& spec = pod["spec"];
  EXPECT_EQ(spec["serviceAccountName"], "default");
  EXPECT_EQ(spec["serviceAccount"], "default");
  ASSERT_EQ(spec["volumes"].size(), 1u) << spec.dump();
  const std::string volume = spec["volumes"][0].value("name", "");
  EXPECT_EQ(volume.rfind("kube-api-access-", 0), 0u) << volume;
  EXPECT_EQ(volume.size(), std::string("kube-api-access-").size() + 5);
  EXPECT_EQ(spec["volumes"][0]["projected"]["defaultMode"], 420);
  EXPECT_EQ(spec["containers"][0]["volumeMounts"],
            json::parse(R"([{"name":")" + volume + R"(","readOnly":true,
                "mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}])"));
  EXPECT_EQ(spec["priority"], 0);
  EXPECT_EQ(spec["preemptionPolicy"], "PreemptLowerPriority");
  EXPECT_EQ(spec["enableServiceLinks"], true);
  EXPECT_EQ(spec["tolerations"], json::parse(R"([
      {"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},
      {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}])"));
  EXPECT_EQ(pod["status"], json::parse(R"({"phase":"Pending","qosClass":"BestEffort"})"));

  // An account that opts out of automounting gives its pods no token volume.
  k.Create(ns, Manifest(R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"robot"},
                            "automountServiceAccountToken":false})"));
  json robot_pod = k.Create(ns, Pod("z", {{"serviceAccountName", "robot"}}));
  EXPECT_EQ(robot_pod["spec"]["serviceAccount"], "robot");
  EXPECT_FALSE(robot_pod["spec"].contains("volumes")) << robot_pod["spec"].dump();

  // The controllers put deleted defaults back.
  RunResult deleted =
      k.Run({"delete", "-n", ns, "serviceaccount/default", "configmap/kube-root-ca.crt"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  k.WaitForCreate(ns, "serviceaccount/default");
  k.WaitForCreate(ns, "configmap/kube-root-ca.crt");
}

// One kind's defaults: the manifest and the spec (and status) the server answers its create
// with. "$UID" in the expectation stands for the new object's uid.
struct DefaultsCase {
  std::string name;
  std::string manifest;
  std::string spec;
  std::string status;
};

constexpr const char* kTemplate = R"({"metadata":{"labels":{"app":"w"}},
    "spec":{"containers":[{"name":"c","image":"nginx:1.25","ports":[{"containerPort":80}]},
                          {"name":"d","image":"nginx","livenessProbe":{"httpGet":{"port":80}}}]}})";
constexpr const char* kDefaultedTemplateSpec = R"({
    "containers":[
      {"name":"c","image":"nginx:1.25","ports":[{"containerPort":80,"protocol":"TCP"}],
       "resources":{},"terminationMessagePath":"/dev/termination-log",
       "terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"},
      {"name":"d","image":"nginx","resources":{},
       "livenessProbe":{"httpGet":{"path":"/","port":80,"scheme":"HTTP"},"timeoutSeconds":1,
                        "periodSeconds":10,"successThreshold":1,"failureThreshold":3},
       "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File",
       "imagePullPolicy":"Always"}],
    "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst",
    "securityContext":{},"schedulerName":"default-scheduler"})";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

TEST(ClusterKubesimParity, WorkloadsGetTheRealServersDefaults) {
  const std::string tmpl = kTemplate;
  const std::string defaulted =
      R"({"metadata":{"creationTimestamp":null,"labels":{"app":"w"}},"spec":)" +
      std::string(kDefaultedTemplateSpec) + "}";
  const std::string selector = R"({"matchLabels":{"app":"w"}})";
  const std::vector<DefaultsCase> cases = {
      {"Deployment",
       R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
           "spec":{"selector":)" +
           selector + R"(,"template":)" + tmpl + "}}",
       R"({"replicas":1,"selector":)" + selector + R"(,"template":)" + defaulted + R"(,
           "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}},
           "revisionHistoryLimit":10,"progressDeadlineSeconds":600})",
       "{}"},
      {"StatefulSet",
       R"({"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db"},
           "spec":{"serviceName":"db","selector":)" +
           selector + R"(,"template":)" + tmpl + "}}",
       R"({"replicas":1,"selector":)" + selector + R"(,"template":)" + defaulted + R"(,
           "serviceName":"db","podManagementPolicy":"OrderedReady",
           "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}},
           "revisionHistoryLimit":10})",
       R"({"replicas":0,"availableReplicas":0})"},
      {"DaemonSet",
       R"({"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent"},
           "spec":{"selector":)" +
           selector + R"(,"template":)" + tmpl + "}}",
       R"({"selector":)" + selector + R"(,"template":)" + defaulted + R"(,
           "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}},
           "revisionHistoryLimit":10})",
       R"({"currentNumberScheduled":0,"numberMisscheduled":0,"desiredNumberScheduled":0,"numberReady":0})"},
      {"Job",
       R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"once"},"spec":{"template":
           {"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}})",
       R"({"parallelism":1,"completions":1,"backoffLimit":6,"completionMode":"NonIndexed","suspend":false,
           "selector":{"matchLabels":{"controller-uid":"$UID"}},
           "template":{"metadata":{"creationTimestamp":null,"labels":{"controller-uid":"$UID","job-name":"once"}},
             "spec":{"containers":[{"name":"c","image":"busybox","resources":{},
               "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File",
               "imagePullPolicy":"Always"}],"restartPolicy":"Never","terminationGracePeriodSeconds":30,
               "dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}}})",
       "{}"},
  };
  auto cluster = TestCluster::Start();
  ASSERT_NE(cluster, nullptr);
  const Kubectl k(cluster->kubeconfig());
  const std::string ns = "parity-defaults";
  const bool exact = ExactParity(*cluster);
  ASSERT_NO_FATAL_FAILURE(k.CreateNamespace(ns));
  for (const DefaultsCase& c : cases) {
    SCOPED_TRACE(c.name);
    json created = k.Create(ns, json::parse(c.manifest));
    if (created.is_null()) continue;
    const std::string uid = created["metadata"].value("uid", "");
    ExpectMembers(created["spec"], json::parse(Replace(c.spec, "$UID", uid)), exact);
    if (exact) {
      EXPECT_EQ(created["status"], json::parse(c.status));
    }
    if (c.name == "Job") {
      EXPECT_EQ(created["metadata"]["labels"],
                json::parse(R"({"controller-uid":")" + uid + R"(","job-name":"once"})"));
    }
  }
}

// A Service create and what the server answers: an error (`<field>: <why>`), or fields of the
// stored spec ("<ip>" for an allocated cluster IP, "<port>" for an allocated node port).
struct ServiceCase {
  std::string name;
  std::string spec;
  std::string field;     // e.g. `spec.clusterIPs: Invalid value: []string{"10.96.200.17"}`
  std::string why;       // v1.26's text after it; "" = the create must succeed
  std::string expected;  // spec fields (JSON object) compared one by one
};

// Replaces allocated addresses by placeholders after checking they are in range; the
// requested ones of the cases (10.96.200.x, node port 30777) stay.
json Masked(json spec) {
  auto mask_ip = [](json& v) {
    const std::string s = v.get<std::string>();
    if (s == "None" || s.rfind("10.96.200.", 0) == 0) return;
    const int second = std::atoi(s.substr(3).c_str());
    EXPECT_TRUE(s.rfind("10.", 0) == 0 && second >= 96 && second <= 111) << s;
    v = "<ip>";
  };
  if (spec.contains("clusterIP")) mask_ip(spec["clusterIP"]);
  if (spec.contains("clusterIPs")) {
    for (json& v : spec["clusterIPs"]) mask_ip(v);
  }
  if (spec.contains("ports")) {
    for (json& p : spec["ports"]) {
      if (!p.contains("nodePort") || p["nodePort"] == 30777) continue;
      const int64_t port = p["nodePort"].get<int64_t>();
      EXPECT_TRUE(port >= 30000 && port <= 32767) << port;
      p["nodePort"] = "<port>";
    }
  }
  return spec;
}

TEST(ClusterKubesimParity, ServicesGetTheRealAddressRules) {
  const std::vector<ServiceCase> cases = {
      {"plain", R"({"selector":{"app":"a"},"ports":[{"port":80}]})", "", "",
       R"({"type":"ClusterIP","clusterIP":"<ip>","clusterIPs":["<ip>"],"ipFamilies":["IPv4"],
           "ipFamilyPolicy":"SingleStack","internalTrafficPolicy":"Cluster","sessionAffinity":"None",
           "ports":[{"port":80,"protocol":"TCP","targetPort":80}]})"},
      {"requested", R"({"clusterIP":"10.96.200.17","ports":[{"port":80}]})", "", "",
       R"({"clusterIP":"10.96.200.17","clusterIPs":["10.96.200.17"]})"},
      {"taken", R"({"clusterIP":"10.96.200.17","ports":[{"port":80}]})",
       R"(spec.clusterIPs: Invalid value: []string{"10.96.200.17"})",
       "failed to allocate IP 10.96.200.17: provided IP is already allocated", ""},
      {"outside", R"({"clusterIP":"10.200.0.1","ports":[{"port":80}]})",
       R"(spec.clusterIPs: Invalid value: []string{"10.200.0.1"})",
       "failed to allocate IP 10.200.0.1: the provided IP (10.200.0.1) is not in the valid range. "
       "The range of valid IPs is 10.96.0.0/12",
       ""},
      {"ips-without-ip", R"({"clusterIPs":["10.96.200.18"],"ports":[{"port":80}]})",
       R"(spec.clusterIPs: Invalid value: []string{"10.96.200.18"})",
       "must be empty when `clusterIP` is not specified", ""},
      {"headless", R"({"clusterIP":"None","selector":{"app":"a"},"ports":[{"port":80}]})", "", "",
       R"({"clusterIP":"None","clusterIPs":["None"],"ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack"})"},
      {"external", R"({"type":"ExternalName","externalName":"example.com"})", "", "",
       R"({"type":"ExternalName","externalName":"example.com","sessionAffinity":"None"})"},
      {"external-with-ip",
       R"({"type":"ExternalName","externalName":"example.com","clusterIP":"10.96.200.19"})",
       "spec.clusterIPs: Forbidden", "may not be set for ExternalName services", ""},
      {"node-port", R"({"type":"NodePort","ports":[{"port":80,"nodePort":30777}]})", "", "",
       R"({"externalTrafficPolicy":"Cluster","ports":[{"port":80,"protocol":"TCP","targetPort":80,"nodePort":30777}]})"},
      {"node-port-taken", R"({"type":"NodePort","ports":[{"port":80,"nodePort":30777}]})",
       "spec.ports[0].nodePort: Invalid value: 30777", "provided port is already allocated", ""},
      {"node-port-outside", R"({"type":"NodePort","ports":[{"port":80,"nodePort":40000}]})",
       "spec.ports[0].nodePort: Invalid value: 40000",
       "provided port is not in the valid range. The range of valid ports is 30000-32767", ""},
      {"cluster-ip-with-node-port", R"({"ports":[{"port":80,"nodePort":30778}]})",
       "spec.ports[0].nodePort: Forbidden", "may not be used when `type` is 'ClusterIP'", ""},
      {"load-balancer",
       R"({"type":"LoadBalancer","sessionAffinity":"ClientIP","ports":[{"port":80}]})", "", "",
       R"({"allocateLoadBalancerNodePorts":true,"externalTrafficPolicy":"Cluster",
           "sessionAffinityConfig":{"clientIP":{"timeoutSeconds":10800}},
           "ports":[{"port":80,"protocol":"TCP","targetPort":80,"nodePort":"<port>"}]})"},
  };
  auto cluster = TestCluster::Start();
  ASSERT_NE(cluster, nullptr);
  const Kubectl k(cluster->kubeconfig());
  const std::string ns = "parity-services";
  const bool exact = ExactParity(*cluster);
  ASSERT_NO_FATAL_FAILURE(k.CreateNamespace(ns));
  for (const ServiceCase& c : cases) {
    SCOPED_TRACE(c.name);
    json manifest = {{"apiVersion", "v1"},
                     {"kind", "Service"},
                     {"metadata", {{"name", c.name}}},
                     {"spec", json::parse(c.spec)}};
    if (!c.why.empty()) {
      const std::string err = k.CreateError(ns, manifest);
      const std::string want = "The Service \"" + c.name + "\" is invalid: " + c.field;
      EXPECT_NE(err.find(exact ? want + ": " + c.why : want), std::string::npos) << err;
      continue;
    }
    json created = k.Create(ns, manifest);
    if (created.is_null()) continue;
    json spec = Masked(created["spec"]);
    json expected = json::parse(c.expected);
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      if (!exact && !spec.contains(it.key())) continue;
      EXPECT_EQ(spec[it.key()], it.value()) << it.key() << " of " << spec.dump();
    }
    if (c.name == "external") {
      for (const char* absent : {"clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"}) {
        EXPECT_FALSE(spec.contains(absent)) << absent;
      }
    }
  }

  // Updates keep the allocated address (v1.26; v1.21 refuses to unset it) and may not
  // change it.
  json plain = k.Get(ns, "service/plain");
  const json ip = plain["spec"]["clusterIP"];
  if (exact) {
    RunResult kept = k.Run({"patch", "-n", ns, "service/plain", "--type=json", "-o", "json", "-p",
                            R"([{"op":"remove","path":"/spec/clusterIP"},)"
                            R"({"op":"remove","path":"/spec/clusterIPs"}])"});
    ASSERT_EQ(kept.exit_code, 0) << kept.err;
    EXPECT_EQ(json::parse(kept.out)["spec"]["clusterIP"], ip);
  }
  json changed = k.Patch(ns, "service/plain", {{"spec", {{"clusterIP", "10.96.200.20"}}}});
  ASSERT_TRUE(changed.is_string()) << "the clusterIP changed: " << changed.dump();
  EXPECT_NE(
      changed.get<std::string>().find(
          R"(spec.clusterIPs[0]: Invalid value: []string{"10.96.200.20"}: may not change once set)"),
      std::string::npos)
      << changed;
}

// An update the server refuses: the object, the merge patch, and a fragment of kubectl's
// error text (kubectl prints a 422 as `The Kind "name" is invalid: ...`).
struct ImmutableCase {
  std::string name;
  std::string object;  // kind/name
  std::string manifest;
  std::string patch;
  std::string error;
};

TEST(ClusterKubesimParity, ImmutableFieldsAreRefused) {
  const std::string tmpl = kTemplate;
  const std::vector<ImmutableCase> cases = {
      {"deployment selector", "deployment/web",
       R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
           "spec":{"selector":{"matchLabels":{"app":"w"}},"template":)" +
           tmpl + "}}",
       R"({"spec":{"selector":{"matchLabels":{"app":"w2"}},"template":{"metadata":{"labels":{"app":"w2"}}}}})",
       R"(The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"w2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable)"},
      {"job template", "job/once",
       R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"once"},"spec":{"template":
           {"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}})",
       R"({"spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox:2"}]}}}})",
       R"(The Job "once" is invalid: spec.template: Invalid value: )"},
      {"claim spec", "persistentvolumeclaim/data",
       R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"},
           "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}})",
       R"({"spec":{"accessModes":["ReadWriteMany"]}})",
       "The PersistentVolumeClaim \"data\" is invalid: spec: Forbidden: spec is immutable after "
       "creation except resources.requests for bound claims"},
      {"immutable config map", "configmap/frozen",
       R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"frozen"},"data":{"a":"1"},"immutable":true})",
       R"({"data":{"a":"2"}})",
       "The ConfigMap \"frozen\" is invalid: data: Forbidden: field is immutable when `immutable` "
       "is set"},
      {"config map unfrozen", "configmap/frozen", "", R"({"immutable":false})",
       "The ConfigMap \"frozen\" is invalid: immutable: Forbidden: field is immutable when "
       "`immutable` is set"},
      {"immutable secret", "secret/frozen",
       R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"frozen"},"data":{"a":"MQ=="},"immutable":true})",
       R"({"stringData":{"a":"2"}})",
       "The Secret \"frozen\" is invalid: data: Forbidden: field is immutable when `immutable` is "
       "set"},
      {"secret type", "secret/frozen", "", R"({"type":"example.com/other"})",
       R"(The Secret "frozen" is invalid: type: Invalid value: "example.com/other": field is immutable)"},
  };
  auto cluster = TestCluster::Start();
  ASSERT_NE(cluster, nullptr);
  const Kubectl k(cluster->kubeconfig());
  const std::string ns = "parity-immutable";
  ASSERT_NO_FATAL_FAILURE(k.CreateNamespace(ns));
  for (const ImmutableCase& c : cases) {
    SCOPED_TRACE(c.name);
    if (!c.manifest.empty()) k.Create(ns, json::parse(c.manifest));
    json refused = k.Patch(ns, c.object, json::parse(c.patch));
    ASSERT_TRUE(refused.is_string()) << "the update was accepted: " << refused.dump();
    EXPECT_NE(refused.get<std::string>().find(c.error), std::string::npos)
        << refused.get<std::string>();
  }
  // What stays mutable: a Deployment's template, an immutable ConfigMap's labels.
  json web = k.Patch(ns, "deployment/web", json::parse(R"({"spec":{"template":{"spec":
      {"containers":[{"name":"c","image":"nginx:1.26"},{"name":"d","image":"nginx"}]}}}})"));
  EXPECT_TRUE(web.is_object()) << web;
  json labelled =
      k.Patch(ns, "configmap/frozen", json::parse(R"({"metadata":{"labels":{"x":"y"}}})"));
  EXPECT_TRUE(labelled.is_object()) << labelled;
}

// A server that requires credentials: the test's real cluster, or a kubesim started with a
// token (TestCluster's kubesim requires none).
struct SecuredServer {
  std::unique_ptr<TestCluster> cluster;
  std::unique_ptr<Kubesim> kubesim;
  std::string url;
};

SecuredServer StartSecuredServer() {
  SecuredServer s;
  if (TestCluster::SelectedKind() == ClusterKind::kKubesim) {
    s.kubesim = Kubesim::Start({.tls = true, .token = "parity-token"});
    if (s.kubesim != nullptr) s.url = s.kubesim->url();
    return s;
  }
  s.cluster = TestCluster::Start();
  if (s.cluster == nullptr) return s;
  RunResult r = Run({"kubectl", "--kubeconfig", s.cluster->kubeconfig(), "config", "view",
                     "--minify", "-o", "jsonpath={.clusters[0].cluster.server}"});
  s.url = r.out;
  return s;
}

// curl's answer: the HTTP status and the body.
std::pair<int, std::string> Curl(const std::string& url,
                                 const std::vector<std::string>& headers = {}) {
  std::vector<std::string> argv = {"curl", "-sk", "-w", "\n%{http_code}"};
  for (const std::string& h : headers) argv.insert(argv.end(), {"-H", h});
  argv.push_back(url);
  RunResult r = Run(argv);
  const size_t nl = r.out.rfind('\n');
  if (nl == std::string::npos) return {0, r.out};
  return {std::atoi(r.out.c_str() + nl + 1), r.out.substr(0, nl)};
}

TEST(ClusterKubesimParity, RequestsWithoutValidCredentials) {
  SecuredServer server = StartSecuredServer();
  ASSERT_FALSE(server.url.empty());
  // A wrong token is 401 everywhere.
  for (const char* path : {"/healthz", "/version", "/api/v1/namespaces"}) {
    auto [code, body] = Curl(server.url + path, {"Authorization: Bearer not-the-token"});
    EXPECT_EQ(code, 401) << path;
    json status = json::parse(body, nullptr, false);
    EXPECT_EQ(status.value("reason", ""), "Unauthorized") << body;
    EXPECT_EQ(status.value("message", ""), "Unauthorized") << body;
  }
  // No credentials: system:anonymous, who may read health and version only.
  for (const char* path : {"/healthz", "/readyz", "/version"}) {
    EXPECT_EQ(Curl(server.url + path).first, 200) << path;
  }
  const std::vector<std::pair<std::string, std::string>> forbidden = {
      {"/api", R"(forbidden: User "system:anonymous" cannot get path "/api")"},
      {"/api/v1/namespaces",
       R"(namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces" in API group "" at the cluster scope)"},
      {"/api/v1/namespaces/default/configmaps/kube-root-ca.crt",
       R"(configmaps "kube-root-ca.crt" is forbidden: User "system:anonymous" cannot get resource "configmaps" in API group "" in the namespace "default")"},
      {"/apis/apps/v1/namespaces/default/deployments?watch=1",
       R"(deployments.apps is forbidden: User "system:anonymous" cannot watch resource "deployments" in API group "apps" in the namespace "default")"},
  };
  for (const auto& [path, message] : forbidden) {
    auto [code, body] = Curl(server.url + path);
    EXPECT_EQ(code, 403) << path;
    json status = json::parse(body, nullptr, false);
    EXPECT_EQ(status.value("reason", ""), "Forbidden") << body;
    EXPECT_EQ(status.value("message", ""), message) << body;
  }
}

}  // namespace
}  // namespace ark::testing
