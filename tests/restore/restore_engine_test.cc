// The restore engine against kubesim over real HTTP: each scenario writes a backup tarball with
// the archive writer, seeds the cluster, restores, and checks the outcome and the recreated
// objects field by field.
#include <gtest/gtest.h>

#include <functional>
#include <tuple>

#include "restore_env.h"

namespace ark::restore {
namespace {

using testing::BackupItem;
using testing::Cluster;
using testing::EngineHarness;
using testing::Json;

Json Obj(const std::string& api_version, const std::string& kind, const std::string& ns,
         const std::string& name, Json body = Json::object(), Json labels = nullptr) {
  Json obj = {{"apiVersion", api_version},
              {"kind", kind},
              {"metadata",
               {{"name", name},
                {"uid", "0b1d-" + name},
                {"resourceVersion", "12345"},
                {"creationTimestamp", "2026-11-28T22:40:00Z"}}}};
  if (!ns.empty()) obj["metadata"]["namespace"] = ns;
  if (!labels.is_null()) obj["metadata"]["labels"] = labels;
  for (auto it = body.begin(); it != body.end(); ++it) obj[it.key()] = *it;
  return obj;
}

BackupItem Namespace(const std::string& name, Json labels = nullptr) {
  return {
      "namespaces",
      Obj("v1", "Namespace", "", name,
          {{"spec", {{"finalizers", {"kubernetes"}}}}, {"status", {{"phase", "Active"}}}}, labels)};
}
BackupItem ConfigMap(const std::string& ns, const std::string& name, Json data,
                     Json labels = nullptr) {
  return {"configmaps", Obj("v1", "ConfigMap", ns, name, {{"data", data}}, labels)};
}
// `obj` with a controlling owner reference to the backed-up object `name` (Obj's uid).
Json OwnedBy(Json obj, const std::string& kind, const std::string& name,
             const std::string& api_version = "apps/v1") {
  obj["metadata"]["ownerReferences"] = {{{"apiVersion", api_version},
                                         {"kind", kind},
                                         {"name", name},
                                         {"uid", "0b1d-" + name},
                                         {"controller", true},
                                         {"blockOwnerDeletion", true}}};
  return obj;
}
BackupItem Deployment(const std::string& ns, const std::string& name, bool paused = false) {
  Json spec = Json::parse(R"({"replicas":1,"selector":{"matchLabels":{"app":"web"}},
      "template":{"metadata":{"labels":{"app":"web"}},
                  "spec":{"containers":[{"name":"c","image":"nginx"}]}}})");
  if (paused) spec["paused"] = true;
  return {"deployments.apps", Obj("apps/v1", "Deployment", ns, name, {{"spec", spec}})};
}
BackupItem ReplicaSetOf(const std::string& ns, const std::string& name,
                        const std::string& deployment) {
  return {"replicasets.apps",
          OwnedBy(Obj("apps/v1", "ReplicaSet", ns, name,
                      Json::parse(R"({"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                        "template":{"metadata":{"labels":{"app":"web"}},
                                    "spec":{"containers":[{"name":"c","image":"nginx"}]}}}})")),
                  "Deployment", deployment)};
}
BackupItem PodOf(const std::string& ns, const std::string& name, const std::string& replica_set) {
  return {"pods",
          OwnedBy(Obj("v1", "Pod", ns, name,
                      Json::parse(R"({"spec":{"containers":[{"name":"c","image":"nginx"}]}})")),
                  "ReplicaSet", replica_set)};
}
// The uid of the owner the object's (only) owner reference names, "" when it has none.
std::string OwnerUid(const Json& obj) {
  const Json refs = obj["metadata"].value("ownerReferences", Json::array());
  return refs.size() == 1 ? refs[0].value("uid", "") : "";
}
BackupItem WidgetCrd() {
  return {"customresourcedefinitions.apiextensions.k8s.io",
          Json::parse(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
            "metadata":{"name":"widgets.example.com","uid":"u","resourceVersion":"7"},
            "spec":{"group":"example.com","scope":"Namespaced",
              "names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList"},
              "versions":[{"name":"v1","served":true,"storage":true,
                "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]},
            "status":{"conditions":[{"type":"Established","status":"True"}]}})")};
}
BackupItem Widget(const std::string& ns, const std::string& name) {
  return {"widgets.example.com",
          Obj("example.com/v1", "Widget", ns, name,
              {{"spec", {{"size", 3}, {"color", "blue"}, {"tags", {"web", "frontend"}}}}},
              {{"app", "nginx"}})};
}

// Counts as (selected, created, updated, unchanged, conflicts, skipped, failed).
using CountTuple = std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t>;
CountTuple Tuple(const Counts& c) {
  return {c.selected, c.created, c.updated, c.unchanged, c.conflicts, c.skipped, c.failed};
}

struct Scenario {
  std::string name;
  std::vector<BackupItem> backup;
  std::vector<BackupItem> existing;  // created in the cluster before the restore
  std::function<void(RestoreRequest&)> configure;
  Phase phase;
  CountTuple counts;
  Json warnings;  // Messages JSON
  Json errors;    // null: the check function looks at them
  std::function<void(Cluster&, const RestoreOutcome&)> check;
};

void PrintTo(const Scenario& s, std::ostream* os) { *os << s.name; }

class RestoreScenarioTest : public ::testing::TestWithParam<Scenario> {};

TEST_P(RestoreScenarioTest, Restores) {
  const Scenario& s = GetParam();
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  for (const BackupItem& item : s.existing) cluster->Create(item.group_resource, item.object);
  EngineHarness harness(*cluster);
  RestoreRequest request;
  request.name = "r1";
  if (s.configure) s.configure(request);
  Result<RestoreOutcome> outcome = harness.Run(request, testing::WriteBackupTarball(s.backup));
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->phase, s.phase) << outcome->failure_reason;
  EXPECT_EQ(Tuple(outcome->counts), s.counts);
  EXPECT_EQ(outcome->warnings.ToJson(), s.warnings);
  if (!s.errors.is_null()) {
    EXPECT_EQ(outcome->errors.ToJson(), s.errors);
  }
  EXPECT_EQ(outcome->counts.archive_items, static_cast<int64_t>(s.backup.size()));
  EXPECT_TRUE(outcome->plan.empty());
  ASSERT_FALSE(harness.progress.empty());
  EXPECT_EQ(harness.progress.back().items_processed, outcome->counts.archive_items);
  if (s.check) s.check(*cluster, *outcome);
}

const Json kNoMessages = Json::object();

std::vector<Scenario> Scenarios() {
  std::vector<Scenario> out;

  out.push_back(
      {"EveryKindRewritten",
       {Namespace("app", {{"team", "a"}}),
        ConfigMap("app", "cfg", {{"k", "v"}}, {{"app", "nginx"}}),
        {"secrets", Obj("v1", "Secret", "app", "creds",
                        {{"type", "Opaque"}, {"data", {{"password", "czNjcjN0"}}}})},
        {"secrets",
         [] {
           // Generated by a cluster before 1.24 for its "default" account.
           Json s = Obj(
               "v1", "Secret", "app", "default-token-x1",
               {{"type", "kubernetes.io/service-account-token"}, {"data", {{"token", "eA=="}}}});
           s["metadata"]["annotations"] = {{"kubernetes.io/service-account.name", "default"}};
           return s;
         }()},
        {"serviceaccounts",
         Obj("v1", "ServiceAccount", "app", "builder",
             {{"secrets", {{{"name", "builder-token-abc"}}, {{"name", "registry"}}}}})},
        {"services", Obj("v1", "Service", "app", "web",
                         Json::parse(R"({"spec":{"type":"NodePort","clusterIP":"10.0.0.77",
                           "clusterIPs":["10.0.0.77"],"selector":{"app":"web"},
                           "ports":[{"port":80,"targetPort":8080,"nodePort":30080,"protocol":"TCP"}]}})"))},
        {"services", Obj("v1", "Service", "app", "headless",
                         Json::parse(R"({"spec":{"clusterIP":"None","clusterIPs":["None"],
                           "selector":{"app":"db"},"ports":[{"port":5432}]}})"))},
        {"pods", Obj("v1", "Pod", "app", "standalone",
                     Json::parse(R"({"spec":{"nodeName":"node-1","serviceAccountName":"builder",
                       "volumes":[{"name":"data","emptyDir":{}},
                                  {"name":"kube-api-access-7x2d","projected":{"sources":[]}}],
                       "containers":[{"name":"c","image":"nginx:1.7.9","volumeMounts":[
                         {"name":"data","mountPath":"/data"},
                         {"name":"kube-api-access-7x2d","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}]}]},
                       "status":{"phase":"Running"}})"))},
        {"pods",
         OwnedBy(Obj("v1", "Pod", "app", "web-rs-abcde",
                     Json::parse(R"({"spec":{"containers":[{"name":"c","image":"nginx"}]}})")),
                 "ReplicaSet", "web-rs")},
        {"replicasets.apps",
         OwnedBy(Obj("apps/v1", "ReplicaSet", "app", "web-rs",
                     Json::parse(R"({"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                       "template":{"metadata":{"labels":{"app":"web"}},
                                   "spec":{"containers":[{"name":"c","image":"nginx"}]}}}})")),
                 "Deployment", "web")},
        {"deployments.apps",
         Obj("apps/v1", "Deployment", "app", "web",
             Json::parse(R"({"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
               "template":{"metadata":{"labels":{"app":"web"}},
                           "spec":{"containers":[{"name":"c","image":"nginx:1.7.9"}]}}},
               "status":{"replicas":2}})"),
             {{"app", "web"}})},
        {"jobs.batch",
         Obj("batch/v1", "Job", "app", "once",
             Json::parse(R"({"spec":{"selector":{"matchLabels":{"controller-uid":"9f1"}},
               "template":{"metadata":{"labels":{"controller-uid":"9f1","job-name":"once"}},
                 "spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}})"))},
        {"events",
         Obj("v1", "Event", "app", "web.1234",
             {{"reason", "Scheduled"}, {"involvedObject", {{"kind", "Pod"}, {"name", "x"}}}})}},
       {},
       nullptr,
       Phase::kCompleted,
       {13, 9, 0, 0, 0, 4, 0},
       kNoMessages,
       kNoMessages,
       [](Cluster& c, const RestoreOutcome& outcome) {
         Json ns = c.Get("namespaces", "", "app");
         EXPECT_EQ(ns["metadata"]["labels"]["team"], "a");
         EXPECT_EQ(ns["metadata"]["labels"]["ark-restore"], "r1");
         EXPECT_NE(ns["metadata"]["uid"], "0b1d-app");

         Json cfg = c.Get("configmaps", "app", "cfg");
         EXPECT_EQ(cfg["data"], Json({{"k", "v"}}));
         EXPECT_EQ(cfg["metadata"]["labels"], Json({{"app", "nginx"}, {"ark-restore", "r1"}}));
         EXPECT_NE(cfg["metadata"]["resourceVersion"], "12345");
         EXPECT_NE(cfg["metadata"]["uid"], "0b1d-cfg");

         Json creds = c.Get("secrets", "app", "creds");
         EXPECT_EQ(creds["data"], Json({{"password", "czNjcjN0"}}));
         EXPECT_EQ(creds["type"], "Opaque");
         EXPECT_TRUE(c.Get("secrets", "app", "default-token-x1").is_null());

         Json sa = c.Get("serviceaccounts", "app", "builder");
         EXPECT_EQ(sa["secrets"], Json::parse(R"([{"name":"registry"}])"));

         Json web = c.Get("services", "app", "web");
         EXPECT_EQ(web["spec"]["type"], "NodePort");
         EXPECT_EQ(web["spec"]["selector"], Json({{"app", "web"}}));
         EXPECT_EQ(web["spec"]["ports"][0]["port"], 80);
         EXPECT_EQ(web["spec"]["ports"][0]["targetPort"], 8080);
         EXPECT_NE(web["spec"]["ports"][0].value("nodePort", 0), 30080);  // re-allocated
         EXPECT_NE(web["spec"].value("clusterIP", ""), "10.0.0.77");
         Json headless = c.Get("services", "app", "headless");
         EXPECT_EQ(headless["spec"]["clusterIP"], "None");

         Json pod = c.Get("pods", "app", "standalone");
         EXPECT_FALSE(pod["spec"].contains("nodeName"));
         EXPECT_EQ(pod["spec"]["serviceAccountName"], "builder");
         // The backed-up token volume is gone (admission may mount a new one for the account).
         ASSERT_GE(pod["spec"]["volumes"].size(), 1u);
         EXPECT_EQ(pod["spec"]["volumes"][0]["name"], "data");
         for (const Json& v : pod["spec"]["volumes"]) EXPECT_NE(v["name"], "kube-api-access-7x2d");
         EXPECT_EQ(pod["spec"]["containers"][0]["volumeMounts"][0],
                   Json::parse(R"({"name":"data","mountPath":"/data"})"));
         for (const Json& m : pod["spec"]["containers"][0]["volumeMounts"]) {
           EXPECT_NE(m["name"], "kube-api-access-7x2d");
         }
         EXPECT_EQ(pod["spec"]["containers"][0]["image"], "nginx:1.7.9");
         EXPECT_TRUE(c.Get("pods", "app", "web-rs-abcde").is_null());
         EXPECT_TRUE(c.Get("replicasets.apps", "app", "web-rs").is_null());

         Json deploy = c.Get("deployments.apps", "app", "web");
         EXPECT_EQ(deploy["spec"]["replicas"], 2);
         EXPECT_EQ(deploy["spec"]["template"]["spec"]["containers"][0]["image"], "nginx:1.7.9");
         EXPECT_EQ(deploy["metadata"]["labels"], Json({{"app", "web"}, {"ark-restore", "r1"}}));

         Json job = c.Get("jobs.batch", "app", "once");
         // The server generates the selector and label from the restored Job's own uid.
         EXPECT_NE(job["spec"]["template"]["metadata"]["labels"].value("controller-uid", ""),
                   "9f1");
         EXPECT_EQ(job["spec"].value("selector", Json::object()).dump().find("9f1"),
                   std::string::npos);
         EXPECT_EQ(job["spec"]["template"]["metadata"]["labels"]["job-name"], "once");
         EXPECT_TRUE(c.Get("events", "app", "web.1234").is_null());
         EXPECT_EQ(outcome.counts.namespaces_created, 0);
       }});

  // The subjects of bindings follow the mapping: the copy grants the copy's accounts.
  const Json kSubjects = Json::parse(R"([
      {"kind":"ServiceAccount","name":"robot","namespace":"src"},
      {"kind":"ServiceAccount","name":"builder","namespace":"other"},
      {"kind":"ServiceAccount","name":"outside","namespace":"elsewhere"},
      {"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"jane"}])");
  const Json kMappedSubjects = Json::parse(R"([
      {"kind":"ServiceAccount","name":"robot","namespace":"dst"},
      {"kind":"ServiceAccount","name":"builder","namespace":"dst2"},
      {"kind":"ServiceAccount","name":"outside","namespace":"elsewhere"},
      {"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"jane"}])");
  const Json kRoleRef = {
      {"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "ClusterRole"}, {"name", "view"}};
  out.push_back(
      {"NamespaceMapping",
       {Namespace("src", {{"team", "a"}}),
        ConfigMap("src", "cfg", {{"k", "1"}}),
        ConfigMap("other", "cfg2", {{"k", "2"}}),
        {"rolebindings.rbac.authorization.k8s.io",
         Obj("rbac.authorization.k8s.io/v1", "RoleBinding", "src", "robot-view",
             {{"subjects", kSubjects}, {"roleRef", kRoleRef}})},
        {"clusterrolebindings.rbac.authorization.k8s.io",
         Obj("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "", "robots-view",
             {{"subjects", kSubjects}, {"roleRef", kRoleRef}})}},
       {},
       [](RestoreRequest& r) {
         r.namespace_mapping = {{"src", "dst"}, {"other", "dst2"}};
       },
       Phase::kCompleted,
       {5, 5, 0, 0, 0, 0, 0},
       kNoMessages,
       kNoMessages,
       [kMappedSubjects](Cluster& c, const RestoreOutcome& outcome) {
         EXPECT_EQ(c.Get("namespaces", "", "dst")["metadata"]["labels"]["team"], "a");
         EXPECT_FALSE(c.Get("namespaces", "", "dst2").is_null());
         EXPECT_EQ(c.Get("namespaces", "", "dst2")["metadata"]["labels"]["ark-restore"], "r1");
         EXPECT_TRUE(c.Get("namespaces", "", "src").is_null());
         EXPECT_TRUE(c.Get("namespaces", "", "other").is_null());
         EXPECT_EQ(c.Get("configmaps", "dst", "cfg")["data"]["k"], "1");
         EXPECT_EQ(c.Get("configmaps", "dst2", "cfg2")["data"]["k"], "2");
         EXPECT_EQ(c.Get("rolebindings.rbac.authorization.k8s.io", "dst", "robot-view")["subjects"],
                   kMappedSubjects);
         EXPECT_EQ(
             c.Get("clusterrolebindings.rbac.authorization.k8s.io", "", "robots-view")["subjects"],
             kMappedSubjects);
         EXPECT_EQ(outcome.counts.namespaces_created, 1);
       }});

  const std::vector<BackupItem> kExisting = {
      Namespace("app"), ConfigMap("app", "same", {{"k", "v"}}, {{"app", "nginx"}}),
      ConfigMap("app", "differs", {{"k", "live"}})};
  const std::vector<BackupItem> kBackup = {
      ConfigMap("app", "same", {{"k", "v"}}, {{"app", "nginx"}}),
      ConfigMap("app", "differs", {{"k", "backed-up"}}), ConfigMap("app", "new", {{"k", "n"}})};
  out.push_back({"ExistingIdenticalSilentDifferentWarns",
                 kBackup,
                 kExisting,
                 nullptr,
                 Phase::kCompleted,
                 {3, 1, 0, 1, 1, 0, 0},
                 Json::parse(R"({"namespaces":{"app":[
                   "configmaps \"app/differs\" already exists and differs from the backed-up version"]}})"),
                 kNoMessages,
                 [](Cluster& c, const RestoreOutcome&) {
                   Json differs = c.Get("configmaps", "app", "differs");
                   EXPECT_EQ(differs["data"]["k"], "live");
                   EXPECT_FALSE(differs["metadata"].contains("labels"));
                   EXPECT_FALSE(c.Get("configmaps", "app", "same")["metadata"]["labels"].contains(
                       "ark-restore"));
                   EXPECT_EQ(c.Get("configmaps", "app", "new")["data"]["k"], "n");
                 }});
  out.push_back(
      {"ExistingDifferentPolicyUpdate",
       kBackup,
       kExisting,
       [](RestoreRequest& r) { r.existing_resource_policy = ExistingResourcePolicy::kUpdate; },
       Phase::kCompleted,
       {3, 1, 1, 1, 0, 0, 0},
       kNoMessages,
       kNoMessages,
       [](Cluster& c, const RestoreOutcome&) {
         Json differs = c.Get("configmaps", "app", "differs");
         EXPECT_EQ(differs["data"]["k"], "backed-up");
         EXPECT_EQ(differs["metadata"]["labels"]["ark-restore"], "r1");
       }});

  out.push_back(
      {"CrdThenCustomResource",
       {Widget("app", "w1"), WidgetCrd()},
       {},
       nullptr,
       Phase::kCompleted,
       {2, 2, 0, 0, 0, 0, 0},
       kNoMessages,
       kNoMessages,
       [](Cluster& c, const RestoreOutcome& outcome) {
         Json crd =
             c.Get("customresourcedefinitions.apiextensions.k8s.io", "", "widgets.example.com");
         EXPECT_EQ(crd["spec"]["names"]["kind"], "Widget");
         EXPECT_EQ(crd["metadata"]["labels"]["ark-restore"], "r1");
         Json w = c.Get("widgets.example.com", "app", "w1");
         EXPECT_EQ(w["spec"],
                   Json::parse(R"({"size":3,"color":"blue","tags":["web","frontend"]})"));
         EXPECT_EQ(w["metadata"]["labels"], Json({{"app", "nginx"}, {"ark-restore", "r1"}}));
         EXPECT_EQ(outcome.counts.namespaces_created, 1);
       }});

  out.push_back(
      {"FiltersNamespacesResourcesLabelsClusterScope",
       {Namespace("a", {{"app", "nginx"}}),
        Namespace("b", {{"app", "nginx"}}),
        ConfigMap("a", "keep", {{"k", "v"}}, {{"app", "nginx"}}),
        ConfigMap("a", "nolabel", {{"k", "v"}}),
        ConfigMap("b", "other", {{"k", "v"}}, {{"app", "nginx"}}),
        {"secrets", Obj("v1", "Secret", "a", "s", {{"type", "Opaque"}}, {{"app", "nginx"}})},
        {"clusterroles.rbac.authorization.k8s.io",
         Obj("rbac.authorization.k8s.io/v1", "ClusterRole", "", "viewer",
             {{"rules", Json::array()}}, {{"app", "nginx"}})}},
       {},
       [](RestoreRequest& r) {
         r.included_namespaces = {"a"};
         r.excluded_resources = {"secret"};  // resolved through discovery
         r.label_selector = *kube::LabelSelector::Parse("app=nginx");
         r.include_cluster_resources = false;
       },
       Phase::kCompleted,
       {2, 2, 0, 0, 0, 0, 0},
       kNoMessages,
       kNoMessages,
       [](Cluster& c, const RestoreOutcome&) {
         EXPECT_FALSE(c.Get("namespaces", "", "a").is_null());
         EXPECT_FALSE(c.Get("configmaps", "a", "keep").is_null());
         EXPECT_TRUE(c.Get("configmaps", "a", "nolabel").is_null());
         EXPECT_TRUE(c.Get("namespaces", "", "b").is_null());
         EXPECT_TRUE(c.Get("secrets", "a", "s").is_null());
         EXPECT_TRUE(c.Get("clusterroles.rbac.authorization.k8s.io", "", "viewer").is_null());
       }});

  // A resource the target serves at no version (and whose CRD is not in the backup): its
  // objects cannot exist there, which a migration to a newer release must report, not fail on.
  out.push_back({"UnservedResourceIsSkippedWithAWarning",
                 {{"gizmos.example.com", Obj("example.com/v1", "Gizmo", "app", "g1")},
                  ConfigMap("app", "ok", {{"k", "v"}})},
                 {},
                 nullptr,
                 Phase::kCompleted,
                 {2, 1, 0, 0, 0, 1, 0},
                 Json::parse(R"({"ark":[
                   "1 gizmos.example.com not restored: the cluster does not serve resource \"gizmos.example.com\" at any version"]})"),
                 kNoMessages,
                 nullptr});

  // A crafted archive that places a cluster-scoped object under namespaces/: discovery, not
  // the path, decides its scope, so it is neither created nor let past the cluster filter.
  const BackupItem planted = {
      "clusterrolebindings.rbac.authorization.k8s.io",
      Obj("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "app", "planted-admin",
          Json::parse(R"({"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole",
            "name":"cluster-admin"},"subjects":[{"kind":"ServiceAccount","name":"x","namespace":"app"}]})"))};
  out.push_back(
      {"ClusterScopedObjectInANamespaceIsRefused",
       {planted, ConfigMap("app", "ok", {{"k", "v"}})},
       {},
       nullptr,
       Phase::kPartiallyFailed,
       {2, 1, 0, 0, 0, 0, 1},
       kNoMessages,
       Json::parse(R"({"namespaces":{"app":[
                   "error restoring clusterrolebindings.rbac.authorization.k8s.io \"app/planted-admin\": the archive has it in a namespace, but the cluster serves clusterrolebindings.rbac.authorization.k8s.io as cluster-scoped objects"]}})"),
       [](Cluster& c, const RestoreOutcome&) {
         EXPECT_TRUE(
             c.Get("clusterrolebindings.rbac.authorization.k8s.io", "", "planted-admin").is_null());
       }});
  out.push_back(
      {"ClusterScopedObjectInANamespaceIsNotIncludedWithoutClusterResources",
       {planted, ConfigMap("app", "ok", {{"k", "v"}})},
       {},
       [](RestoreRequest& r) { r.include_cluster_resources = false; },
       Phase::kCompleted,
       {1, 1, 0, 0, 0, 0, 0},
       kNoMessages,
       kNoMessages,
       [](Cluster& c, const RestoreOutcome&) {
         EXPECT_TRUE(
             c.Get("clusterrolebindings.rbac.authorization.k8s.io", "", "planted-admin").is_null());
       }});

  out.push_back(
      {"NothingRestorableIsFailed",
       {{"configmaps", Obj("v1", "ConfigMap", "app", "Not_A_Name")}},
       {},
       nullptr,
       Phase::kFailed,
       {1, 0, 0, 0, 0, 0, 1},
       kNoMessages,
       nullptr,
       [](Cluster&, const RestoreOutcome& outcome) {
         EXPECT_EQ(outcome.failure_reason, "none of the 1 selected objects could be restored");
         ASSERT_EQ(outcome.errors.namespaces.count("app"), 1u);
         ASSERT_EQ(outcome.errors.namespaces.at("app").size(), 1u);
         EXPECT_NE(outcome.errors.namespaces.at("app")[0].find(
                       "error restoring configmaps \"app/Not_A_Name\": POST "),
                   std::string::npos);
         EXPECT_NE(outcome.errors.namespaces.at("app")[0].find("is invalid: metadata.name"),
                   std::string::npos);
       }});

  out.push_back(
      {"CreationFollowsPriorityTiers",
       {{"deployments.apps", Obj("apps/v1", "Deployment", "app", "d",
                                 Json::parse(R"({"spec":{"selector":{"matchLabels":{"a":"b"}},
                                             "template":{"metadata":{"labels":{"a":"b"}},
                                             "spec":{"containers":[{"name":"c","image":"i"}]}}}})"))},
        {"services",
         Obj("v1", "Service", "app", "s", Json::parse(R"({"spec":{"ports":[{"port":1}]}})"))},
        ConfigMap("app", "c", {{"k", "v"}}),
        {"secrets", Obj("v1", "Secret", "app", "x", {{"type", "Opaque"}})},
        {"serviceaccounts", Obj("v1", "ServiceAccount", "app", "sa")},
        {"pods", Obj("v1", "Pod", "app", "p",
                     Json::parse(R"({"spec":{"containers":[{"name":"c","image":"i"}]}})"))},
        Namespace("app")},
       {},
       nullptr,
       Phase::kCompleted,
       {7, 7, 0, 0, 0, 0, 0},
       kNoMessages,
       kNoMessages,
       [](Cluster& c, const RestoreOutcome&) {
         auto rv = [&](const std::string& gr, const std::string& ns, const std::string& name) {
           return std::stoll(c.Get(gr, ns, name)["metadata"].value("resourceVersion", "0"));
         };
         const std::vector<int64_t> order = {rv("namespaces", "", "app"),
                                             rv("serviceaccounts", "app", "sa"),
                                             rv("secrets", "app", "x"),
                                             rv("configmaps", "app", "c"),
                                             rv("pods", "app", "p"),
                                             rv("services", "app", "s"),
                                             rv("deployments.apps", "app", "d")};
         for (size_t i = 1; i < order.size(); ++i) {
           EXPECT_LT(order[i - 1], order[i]) << "tier " << i;
         }
       }});

  // Nothing but a Widget's operator would make this ConfigMap again, and no operator runs:
  // it is restored, owned by the restored Widget (its new uid: the old one would get it
  // garbage-collected).
  out.push_back({"OwnedByACustomResourceIsRestoredUnderTheRestoredOwner",
                 {Namespace("app"),
                  WidgetCrd(),
                  Widget("app", "parent"),
                  {"configmaps",
                   OwnedBy(Obj("v1", "ConfigMap", "app", "parent-ctl", {{"data", {{"k", "v"}}}}),
                           "Widget", "parent", "example.com/v1")}},
                 {},
                 nullptr,
                 Phase::kCompleted,
                 {4, 4, 0, 0, 0, 0, 0},
                 kNoMessages,
                 kNoMessages,
                 [](Cluster& c, const RestoreOutcome&) {
                   Json widget = c.Get("widgets.example.com", "app", "parent");
                   ASSERT_FALSE(widget.is_null());
                   Json cfg = c.Get("configmaps", "app", "parent-ctl");
                   ASSERT_FALSE(cfg.is_null());
                   EXPECT_EQ(cfg["data"]["k"], "v");
                   EXPECT_EQ(cfg["metadata"]["ownerReferences"],
                             Json::array({{{"apiVersion", "example.com/v1"},
                                           {"kind", "Widget"},
                                           {"name", "parent"},
                                           {"uid", widget["metadata"]["uid"]},
                                           {"controller", true},
                                           {"blockOwnerDeletion", true}}}));
                 }});

  // Owners neither in the backup nor in the cluster: the objects are restored without the
  // references (which would get them deleted), and warnings say so.
  out.push_back({"OwnersMissingEverywhereAreDroppedWithAWarning",
                 {PodOf("src", "web-rs-x1", "web-rs"),
                  {"configmaps",
                   OwnedBy(Obj("v1", "ConfigMap", "src", "parent-ctl", {{"data", {{"k", "v"}}}}),
                           "Widget", "parent", "example.com/v1")}},
                 {},
                 [](RestoreRequest& r) {
                   r.namespace_mapping = {{"src", "dst"}};
                 },
                 Phase::kCompleted,
                 {2, 2, 0, 0, 0, 0, 0},
                 Json::parse(R"({"namespaces":{"dst":[
         "configmaps \"dst/parent-ctl\" restored without its owner reference to Widget \"parent\": the cluster has no such owner",
         "pods \"dst/web-rs-x1\" restored without its owner reference to ReplicaSet \"web-rs\": the cluster has no such owner"]}})"),
                 kNoMessages,
                 [](Cluster& c, const RestoreOutcome&) {
                   Json pod = c.Get("pods", "dst", "web-rs-x1");
                   ASSERT_FALSE(pod.is_null());
                   EXPECT_FALSE(pod["metadata"].contains("ownerReferences"));
                   Json cfg = c.Get("configmaps", "dst", "parent-ctl");
                   ASSERT_FALSE(cfg.is_null());
                   EXPECT_FALSE(cfg["metadata"].contains("ownerReferences"));
                 }});

  // The Deployment controller makes no ReplicaSet for a paused Deployment: the backed-up one
  // is restored under the restored Deployment, and its Pods are left to it.
  out.push_back({"PausedDeploymentGetsItsReplicaSetBack",
                 {Namespace("app"), Deployment("app", "web", /*paused=*/true),
                  ReplicaSetOf("app", "web-rs", "web"), PodOf("app", "web-rs-a1", "web-rs")},
                 {},
                 nullptr,
                 Phase::kCompleted,
                 {4, 3, 0, 0, 0, 1, 0},
                 kNoMessages,
                 kNoMessages,
                 [](Cluster& c, const RestoreOutcome&) {
                   Json deploy = c.Get("deployments.apps", "app", "web");
                   Json rs = c.Get("replicasets.apps", "app", "web-rs");
                   ASSERT_FALSE(rs.is_null());
                   EXPECT_EQ(OwnerUid(rs), deploy["metadata"].value("uid", "?"));
                   EXPECT_TRUE(c.Get("pods", "app", "web-rs-a1").is_null());
                 }});

  // An owner the cluster already has counts as much as a restored one: its controller makes
  // the ReplicaSet, and the ConfigMap (which it does not make) is restored under it.
  out.push_back(
      {"OwnerAlreadyInTheCluster",
       {ReplicaSetOf("app", "web-rs", "web"),
        {"configmaps", OwnedBy(Obj("v1", "ConfigMap", "app", "web-extra", {{"data", {{"k", "v"}}}}),
                               "Deployment", "web")}},
       {Namespace("app"), Deployment("app", "web")},
       nullptr,
       Phase::kCompleted,
       {2, 1, 0, 0, 0, 1, 0},
       kNoMessages,
       kNoMessages,
       [](Cluster& c, const RestoreOutcome&) {
         EXPECT_TRUE(c.Get("replicasets.apps", "app", "web-rs").is_null());
         Json deploy = c.Get("deployments.apps", "app", "web");
         EXPECT_EQ(OwnerUid(c.Get("configmaps", "app", "web-extra")),
                   deploy["metadata"].value("uid", "?"));
       }});

  // The cluster makes "default" as soon as the namespace exists; what the user added to the
  // backed-up one is merged into it (the source cluster's token secret is not).
  out.push_back({"DefaultServiceAccountGetsTheBackedUpPullSecrets",
                 {Namespace("app"),
                  {"serviceaccounts", Obj("v1", "ServiceAccount", "app", "default",
                                          Json::parse(R"({"imagePullSecrets":[{"name":"regcred"}],
               "secrets":[{"name":"default-token-x1"},{"name":"deploy-key"}]})"),
                                          {{"team", "a"}})}},
                 {},
                 nullptr,
                 Phase::kCompleted,
                 {2, 1, 1, 0, 0, 0, 0},
                 kNoMessages,
                 kNoMessages,
                 [](Cluster& c, const RestoreOutcome&) {
                   Json sa = c.Get("serviceaccounts", "app", "default");
                   EXPECT_EQ(sa["imagePullSecrets"], Json::parse(R"([{"name":"regcred"}])"));
                   EXPECT_EQ(sa["secrets"], Json::parse(R"([{"name":"deploy-key"}])"));
                   EXPECT_EQ(sa["metadata"]["labels"]["team"], "a");
                 }});
  return out;
}

INSTANTIATE_TEST_SUITE_P(Kubesim, RestoreScenarioTest, ::testing::ValuesIn(Scenarios()),
                         [](const ::testing::TestParamInfo<Scenario>& info) {
                           return info.param.name;
                         });

TEST(RestoreEngine, ManyItemsInParallelAcrossNamespaces) {
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  std::vector<BackupItem> backup;
  for (int i = 0; i < 600; ++i) {
    backup.push_back(ConfigMap("ns" + std::to_string(i % 3), "cm" + std::to_string(i),
                               {{"i", std::to_string(i)}}));
  }
  EngineOptions options;
  options.workers = 8;
  EngineHarness harness(*cluster, nullptr, options);
  RestoreRequest request;
  request.name = "many";
  Result<RestoreOutcome> outcome = harness.Run(request, testing::WriteBackupTarball(backup));
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->phase, Phase::kCompleted);
  EXPECT_EQ(outcome->counts.created, 600);
  EXPECT_EQ(outcome->counts.namespaces_created, 3);
  int restored = 0;
  for (const std::string& name : cluster->Names("configmaps", "ns1"))
    restored += name.rfind("cm", 0) == 0;
  EXPECT_EQ(restored, 200);
}

TEST(RestoreEngine, SkippedObjectsAreNamedInTheLogWithTheirReason) {
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  EngineHarness harness(*cluster);
  RestoreRequest request;
  request.name = "r1";
  Result<RestoreOutcome> outcome =
      harness.Run(request, testing::WriteBackupTarball({Namespace("app"), Deployment("app", "web"),
                                                        ReplicaSetOf("app", "web-rs", "web"),
                                                        PodOf("app", "web-rs-a1", "web-rs")}));
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->counts.skipped, 2);
  // One line per skipped object naming it and the reason.
  auto logged = [&](const std::string& name, const std::string& reason_part) {
    for (const std::string& line : harness.log_sink.Lines()) {
      if (line.find("Skipping item") != std::string::npos &&
          line.find("name=" + name + " ") != std::string::npos &&
          line.find(reason_part) != std::string::npos) {
        return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(logged("web-rs", "recreated by its controller Deployment"))
      << harness.log_sink.Text();
  EXPECT_TRUE(logged("web-rs-a1", "recreated by its controller ReplicaSet"))
      << harness.log_sink.Text();
}

TEST(RestoreEngine, InvalidRequestListsEveryProblem) {
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  EngineHarness harness(*cluster);
  RestoreRequest request;  // no name
  request.restore_pvs = true;
  request.excluded_namespaces = {"*"};
  Result<RestoreOutcome> outcome = harness.Run(request, testing::WriteBackupTarball({}));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(outcome.status().message(),
            "invalid restore: restore name must not be empty; namespaces: excludes list cannot "
            "contain '*'; volumes are to be restored from snapshots but no block store is "
            "configured");
}

TEST(RestoreEngine, CorruptTarballIsFailedWithTheReason) {
  auto cluster = Cluster::Start();
  ASSERT_NE(cluster, nullptr);
  EngineHarness harness(*cluster);
  RestoreRequest request;
  request.name = "r";
  std::string tarball =
      testing::WriteBackupTarball({ConfigMap("a", "b", {{"k", std::string(4000, 'x')}})});
  tarball.resize(tarball.size() - 20);
  Result<RestoreOutcome> outcome = harness.Run(request, tarball);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->phase, Phase::kFailed);
  EXPECT_EQ(outcome->failure_reason.rfind("reading the backup tarball: ", 0), 0u)
      << outcome->failure_reason;
  EXPECT_EQ(outcome->errors.ark, std::vector<std::string>{outcome->failure_reason});
  EXPECT_TRUE(cluster->Get("namespaces", "", "a").is_null());
}

}  // namespace
}  // namespace ark::restore
