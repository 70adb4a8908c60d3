// Raw-HTTP tests of kubesim: every error code, metadata, pagination, selectors, watch,
// CRDs, status subresources, namespace deletion, finalizers and a few kind rules.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "api_client.h"
#include "support/kubesim.h"
#include "support/process.h"

namespace ark::kubesim::testing {
namespace {

using ark::testing::Kubesim;
using nlohmann::json;

json ConfigMap(const std::string& name, json labels = json::object()) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"labels", labels}}},
          {"data", {{"k", "v"}}}};
}

json Namespace(const std::string& name) {
  return {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}};
}

json Deployment(const std::string& name) {
  return json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":")" + name +
                     R"("},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"x"}},
      "template":{"metadata":{"labels":{"app":"x"}},
      "spec":{"containers":[{"name":"c","image":"nginx:1.7.9","ports":[{"containerPort":80}]}]}}}})");
}

// Polls `cond` every 20 ms for up to `limit`.
bool Eventually(const std::function<bool()>& cond,
                std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return cond();
}

class KubesimHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { sim_ = Kubesim::Start().release(); }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(sim_, nullptr);
    api_ = std::make_unique<ApiClient>(*sim_);
  }
  // A fresh namespace for the calling test.
  std::string NewNamespace() {
    std::string name = "t" + std::to_string(counter_++);
    Reply r = api_->Post("/api/v1/namespaces", Namespace(name));
    EXPECT_EQ(r.status, 201) << r.body;
    return name;
  }
  static Kubesim* sim_;
  static int counter_;
  std::unique_ptr<ApiClient> api_;
};

Kubesim* KubesimHttpTest::sim_ = nullptr;
int KubesimHttpTest::counter_ = 0;

// Like a real API server, kubesim accepts many connections opened at once: its listening
// socket's backlog (ss shows it as Send-Q) is the system's, not a handful whose overflow
// makes each further client wait a second for its SYN to be retransmitted.
TEST_F(KubesimHttpTest, ListensWithAFullBacklog) {
  const std::string port = sim_->url().substr(sim_->url().rfind(':') + 1);
  ark::testing::RunResult ss = ark::testing::Run({"ss", "-ltnH", "sport = :" + port});
  ASSERT_EQ(ss.exit_code, 0) << ss.err;
  std::istringstream line(ss.out);
  std::string state;
  long recv_q = -1, send_q = -1;
  line >> state >> recv_q >> send_q;
  EXPECT_EQ(state, "LISTEN") << ss.out;
  EXPECT_GE(send_q, 128) << ss.out;
}

TEST_F(KubesimHttpTest, ErrorsAreStatusObjectsWithRealReasonsCodesAndMessages) {
  std::string ns = NewNamespace();
  std::string cms = "/api/v1/namespaces/" + ns + "/configmaps";
  ASSERT_EQ(api_->Post(cms, ConfigMap("exists")).status, 201);
  struct Case {
    std::string method, path, content_type, body;
    int code;
    std::string reason, message;  // message "" = not checked; "~x" = contains x
  };
  const std::vector<Case> cases = {
      {"GET", cms + "/missing", "", "", 404, "NotFound", "configmaps \"missing\" not found"},
      {"GET", "/apis/apps/v1/namespaces/" + ns + "/deployments/missing", "", "", 404, "NotFound",
       "deployments.apps \"missing\" not found"},
      {"GET", "/api/v1/nosuchresource", "", "", 404, "NotFound",
       "the server could not find the requested resource"},
      {"POST", "/api/v1/namespaces/nosuchns/configmaps", "application/json", ConfigMap("a").dump(),
       404, "NotFound", "namespaces \"nosuchns\" not found"},
      {"POST", cms, "application/json", ConfigMap("exists").dump(), 409, "AlreadyExists",
       "configmaps \"exists\" already exists"},
      {"PUT", cms + "/exists", "application/json",
       json({{"metadata", {{"name", "exists"}, {"resourceVersion", "1"}}}}).dump(), 409, "Conflict",
       "Operation cannot be fulfilled on configmaps \"exists\": the object has been modified; "
       "please apply your changes to the latest version and try again"},
      {"POST", cms, "application/json", json({{"metadata", json::object()}}).dump(), 422, "Invalid",
       "ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is "
       "required"},
      {"POST", cms, "application/json", ConfigMap("Bad_Name").dump(), 422, "Invalid",
       "~ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a "
       "lowercase RFC 1123 subdomain"},
      {"PUT", cms + "/exists", "application/json", ConfigMap("other").dump(), 400, "BadRequest",
       "the name of the object (other) does not match the name on the URL (exists)"},
      {"POST", cms, "application/json", "{not json", 400, "BadRequest", ""},
      {"GET", cms + "?labelSelector=a%20in%20(", "", "", 400, "BadRequest",
       "~unable to parse requirement"},
      {"GET", cms + "?fieldSelector=spec.x%3D1", "", "", 400, "BadRequest",
       "field label not supported: spec.x"},
      {"POST", cms, "text/plain", "hello", 415, "UnsupportedMediaType", "~accepted media types"},
      {"PATCH", cms + "/exists", "application/apply-patch+yaml", "{}", 415, "UnsupportedMediaType",
       ""},
      {"PATCH", cms + "/missing", "application/merge-patch+json", "{}", 404, "NotFound",
       "configmaps \"missing\" not found"},
      {"PATCH", cms + "/exists", "application/json-patch+json",
       R"([{"op":"test","path":"/data/k","value":"other"}])", 422, "Invalid", ""},
      {"POST", "/api/v1/componentstatuses", "application/json", "{}", 405, "MethodNotAllowed", ""},
      {"DELETE", "/api/v1/namespaces/" + ns + "/configmaps/exists/status", "", "", 404, "NotFound",
       ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.method + " " + c.path);
    Reply r = api_->Send(c.method, c.path, c.content_type, c.body);
    EXPECT_EQ(r.status, c.code) << r.body;
    ASSERT_TRUE(r.json.is_object()) << r.body;
    EXPECT_EQ(r.json.value("kind", ""), "Status");
    EXPECT_EQ(r.json.value("status", ""), "Failure");
    EXPECT_EQ(r.json.value("code", 0), c.code);
    EXPECT_EQ(r.json.value("reason", ""), c.reason);
    if (!c.message.empty() && c.message[0] == '~') {
      EXPECT_NE(r.json.value("message", "").find(c.message.substr(1)), std::string::npos)
          << r.json.value("message", "");
    } else if (!c.message.empty()) {
      EXPECT_EQ(r.json.value("message", ""), c.message);
    }
  }
}

TEST_F(KubesimHttpTest, CreateSetsMetadataAndUpdatesBumpResourceVersionAndGeneration) {
  std::string ns = NewNamespace();
  std::string deps = "/apis/apps/v1/namespaces/" + ns + "/deployments";
  Reply created = api_->Post(deps, Deployment("web"));
  ASSERT_EQ(created.status, 201) << created.body;
  const json& meta = created.json["metadata"];
  EXPECT_EQ(meta["uid"].get<std::string>().size(), 36u);
  EXPECT_EQ(meta["creationTimestamp"].get<std::string>().size(), 20u);
  EXPECT_EQ(meta["generation"], 1);
  EXPECT_EQ(meta["namespace"], ns);
  EXPECT_EQ(created.json["status"], json::object());  // as the real server answers a create
  std::string rv1 = meta["resourceVersion"];

  // A label change is not a spec change; a replica change is.
  Reply labelled = api_->Patch(deps + "/web", "application/merge-patch+json",
                               R"({"metadata":{"labels":{"a":"b"}}})");
  ASSERT_EQ(labelled.status, 200) << labelled.body;
  EXPECT_EQ(labelled.json["metadata"]["generation"], 1);
  EXPECT_GT(std::stoull(labelled.json["metadata"]["resourceVersion"].get<std::string>()),
            std::stoull(rv1));
  Reply scaled = api_->Patch(deps + "/web", "application/strategic-merge-patch+json",
                             R"({"spec":{"replicas":3}})");
  ASSERT_EQ(scaled.status, 200) << scaled.body;
  EXPECT_EQ(scaled.json["metadata"]["generation"], 2);
  EXPECT_EQ(scaled.json["metadata"]["uid"], meta["uid"]);
  EXPECT_EQ(scaled.json["spec"]["template"]["spec"]["containers"][0]["image"], "nginx:1.7.9");

  // A no-op update keeps the resourceVersion.
  Reply same = api_->Put(deps + "/web", scaled.json);
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same.json["metadata"]["resourceVersion"], scaled.json["metadata"]["resourceVersion"]);

  // generateName.
  json gen = ConfigMap("");
  gen["metadata"].erase("name");
  gen["metadata"]["generateName"] = "cfg-";
  Reply g = api_->Post("/api/v1/namespaces/" + ns + "/configmaps", gen);
  ASSERT_EQ(g.status, 201) << g.body;
  std::string name = g.json["metadata"]["name"];
  EXPECT_EQ(name.rfind("cfg-", 0), 0u);
  EXPECT_EQ(name.size(), 9u);
  EXPECT_FALSE(g.json["metadata"].contains("generation"));
}

TEST_F(KubesimHttpTest, ListPagesWithContinueTokensAndBuiltinItemsOmitTypeMeta) {
  std::string ns = NewNamespace();
  std::string cms = "/api/v1/namespaces/" + ns + "/configmaps";
  std::set<std::string> want = {"kube-root-ca.crt"};  // every namespace has it
  for (int i = 0; i < 25; ++i) {
    char name[16];
    std::snprintf(name, sizeof(name), "cm-%02d", i);
    want.insert(name);
    ASSERT_EQ(api_->Post(cms, ConfigMap(name)).status, 201);
  }
  std::vector<std::string> got;
  std::string cont;
  int pages = 0;
  do {
    Reply r = api_->Get(cms + "?limit=10" + (cont.empty() ? "" : "&continue=" + cont));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["kind"], "ConfigMapList");
    EXPECT_EQ(r.json["apiVersion"], "v1");
    EXPECT_FALSE(r.json["metadata"]["resourceVersion"].get<std::string>().empty());
    for (const json& item : r.json["items"]) {
      EXPECT_FALSE(item.contains("kind"));
      EXPECT_FALSE(item.contains("apiVersion"));
      got.push_back(item["metadata"]["name"]);
    }
    cont = r.json["metadata"].value("continue", "");
    ++pages;
  } while (!cont.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), want);
  EXPECT_TRUE(std::is_sorted(got.begin(), got.end()));
  EXPECT_EQ(got.size(), 26u);

  Reply bad = api_->Get(cms + "?limit=10&continue=garbage!");
  EXPECT_EQ(bad.status, 400) << bad.body;

  // Across namespaces: the default ServiceAccounts of every namespace.
  Reply all = api_->Get("/api/v1/serviceaccounts?fieldSelector=metadata.namespace%3D" + ns);
  ASSERT_EQ(all.status, 200);
  ASSERT_EQ(all.json["items"].size(), 1u);
  EXPECT_EQ(all.json["items"][0]["metadata"]["name"], "default");
}

TEST_F(KubesimHttpTest, LabelAndFieldSelectors) {
  std::string ns = NewNamespace();
  std::string cms = "/api/v1/namespaces/" + ns + "/configmaps";
  ASSERT_EQ(api_->Post(cms, ConfigMap("a", {{"app", "nginx"}, {"tier", "web"}})).status, 201);
  ASSERT_EQ(api_->Post(cms, ConfigMap("b", {{"app", "nginx"}, {"tier", "db"}})).status, 201);
  ASSERT_EQ(api_->Post(cms, ConfigMap("c", {{"app", "redis"}})).status, 201);
  ASSERT_EQ(api_->Post(cms, ConfigMap("d")).status, 201);
  struct Case {
    std::string query;
    std::vector<std::string> names;
  };
  const std::vector<Case> cases = {
      {"labelSelector=app%3Dnginx", {"a", "b"}},
      {"labelSelector=app%3D%3Dnginx", {"a", "b"}},
      {"labelSelector=app!%3Dnginx", {"c", "d", "kube-root-ca.crt"}},
      {"labelSelector=tier%20in%20(web,cache)", {"a"}},
      {"labelSelector=tier%20notin%20(web)", {"b", "c", "d", "kube-root-ca.crt"}},
      {"labelSelector=tier", {"a", "b"}},
      {"labelSelector=!tier", {"c", "d", "kube-root-ca.crt"}},
      {"labelSelector=app%3Dnginx,tier!%3Dweb", {"b"}},
      {"fieldSelector=metadata.name%3Dc", {"c"}},
      {"fieldSelector=metadata.name!%3Dc", {"a", "b", "d", "kube-root-ca.crt"}},
      {"fieldSelector=metadata.name%3Db&labelSelector=app%3Dnginx", {"b"}},
      {"labelSelector=app%3Dnginx&limit=1", {"a"}},
  };
  for (const Case& c : cases) {
    Reply r = api_->Get(cms + "?" + c.query);
    ASSERT_EQ(r.status, 200) << c.query << ": " << r.body;
    std::vector<std::string> names;
    for (const json& item : r.json["items"]) names.push_back(item["metadata"]["name"]);
    EXPECT_EQ(names, c.names) << c.query;
  }
}

TEST_F(KubesimHttpTest, WatchStreamsChangesAndResumesFromAResourceVersion) {
  std::string ns = NewNamespace();
  std::string cms = "/api/v1/namespaces/" + ns + "/configmaps";
  Reply list = api_->Get(cms);
  std::string start_rv = list.json["metadata"]["resourceVersion"];
  Reply a = api_->Post(cms, ConfigMap("a"));
  ASSERT_EQ(a.status, 201);
  std::string after_add = a.json["metadata"]["resourceVersion"];
  ASSERT_EQ(
      api_->Patch(cms + "/a", "application/merge-patch+json", R"({"data":{"k":"v2"}})").status,
      200);
  ASSERT_EQ(api_->Delete(cms + "/a").status, 200);

  std::vector<std::pair<std::string, std::string>> events;
  int status = api_->Watch(cms + "?watch=1&timeoutSeconds=5&resourceVersion=" + start_rv,
                           [&](const json& ev) {
                             events.emplace_back(ev["type"], ev["object"]["metadata"]["name"]);
                             EXPECT_EQ(ev["object"]["kind"], "ConfigMap");
                             return events.size() < 3;
                           });
  EXPECT_EQ(status, 200);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0], std::make_pair(std::string("ADDED"), std::string("a")));
  EXPECT_EQ(events[1].first, "MODIFIED");
  EXPECT_EQ(events[2].first, "DELETED");

  // Resuming after the ADDED event delivers only the rest.
  std::vector<std::string> resumed;
  api_->Watch(cms + "?watch=true&timeoutSeconds=5&resourceVersion=" + after_add,
              [&](const json& ev) {
                resumed.push_back(ev["type"]);
                return resumed.size() < 2;
              });
  EXPECT_EQ(resumed, (std::vector<std::string>{"MODIFIED", "DELETED"}));

  // Without a resourceVersion: the current state as ADDED, then live changes.
  ASSERT_EQ(api_->Post(cms, ConfigMap("b")).status, 201);
  std::vector<std::string> live;
  std::thread writer;
  // (Leaving out the namespace's kube-root-ca.crt, which is current state too.)
  const std::string others = "&fieldSelector=metadata.name!%3Dkube-root-ca.crt";
  api_->Watch(cms + "?watch=1&timeoutSeconds=10&labelSelector=" + others, [&](const json& ev) {
    live.push_back(ev["type"].get<std::string>() + ":" +
                   ev["object"]["metadata"]["name"].get<std::string>());
    if (live.size() == 1) {
      writer = std::thread([this, cms] {
        ApiClient other(*sim_);
        EXPECT_EQ(other.Post(cms, ConfigMap("c")).status, 201);
      });
    }
    return live.size() < 2;
  });
  if (writer.joinable()) writer.join();
  EXPECT_EQ(live, (std::vector<std::string>{"ADDED:b", "ADDED:c"}));

  // timeoutSeconds ends an idle watch; bookmarks arrive while it is idle.
  int bookmarks = 0;
  auto t0 = std::chrono::steady_clock::now();
  api_->Watch(
      cms + "?watch=1&timeoutSeconds=2&allowWatchBookmarks=true&resourceVersion=" +
          api_->Get(cms).json["metadata"]["resourceVersion"].get<std::string>(),
      [&](const json& ev) {
        if (ev["type"] == "BOOKMARK") {
          ++bookmarks;
          EXPECT_FALSE(ev["object"]["metadata"]["resourceVersion"].get<std::string>().empty());
        }
        return true;
      });
  EXPECT_GE(bookmarks, 1);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
}

TEST_F(KubesimHttpTest, CustomResourceDefinitionLifecycle) {
  std::string ns = NewNamespace();
  json crd = json::parse(R"({
    "apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
    "metadata":{"name":"widgets.example.com"},
    "spec":{"group":"example.com","scope":"Namespaced",
      "names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wd"]},
      "versions":[
        {"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
         "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
        {"name":"v1beta1","served":true,"storage":false,
         "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}})");
  Reply created = api_->Post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
  ASSERT_EQ(created.status, 201) << created.body;
  std::map<std::string, std::string> conditions;
  for (const json& c : created.json["status"]["conditions"]) conditions[c["type"]] = c["status"];
  EXPECT_EQ(conditions["Established"], "True");
  EXPECT_EQ(conditions["NamesAccepted"], "True");
  EXPECT_EQ(created.json["status"]["acceptedNames"]["kind"], "Widget");
  EXPECT_EQ(created.json["status"]["acceptedNames"]["listKind"], "WidgetList");

  Reply group = api_->Get("/apis/example.com");
  ASSERT_EQ(group.status, 200);
  EXPECT_EQ(group.json["preferredVersion"]["version"], "v1");
  Reply groups = api_->Get("/apis");
  EXPECT_NE(groups.body.find("\"example.com\""), std::string::npos);
  Reply resources = api_->Get("/apis/example.com/v1");
  ASSERT_EQ(resources.status, 200);
  std::set<std::string> names;
  for (const json& r : resources.json["resources"]) names.insert(r["name"]);
  EXPECT_EQ(names, (std::set<std::string>{"widgets", "widgets/status"}));
  EXPECT_EQ(resources.json["resources"][0]["shortNames"], json::array({"wd"}));

  std::string widgets = "/apis/example.com/v1/namespaces/" + ns + "/widgets";
  json w = {{"apiVersion", "example.com/v1"},
            {"kind", "Widget"},
            {"metadata", {{"name", "w1"}}},
            {"spec", {{"size", 1}}},
            {"status", {{"ready", true}}}};
  Reply cw = api_->Post(widgets, w);
  ASSERT_EQ(cw.status, 201) << cw.body;
  EXPECT_FALSE(cw.json.contains("status"));  // dropped: status is a subresource
  EXPECT_EQ(cw.json["metadata"]["generation"], 1);
  Reply list = api_->Get(widgets);
  ASSERT_EQ(list.json["items"].size(), 1u);
  EXPECT_EQ(list.json["items"][0]["kind"], "Widget");  // custom items keep their type meta
  EXPECT_EQ(list.json["kind"], "WidgetList");
  Reply beta = api_->Get("/apis/example.com/v1beta1/namespaces/" + ns + "/widgets/w1");
  ASSERT_EQ(beta.status, 200);
  EXPECT_EQ(beta.json["apiVersion"], "example.com/v1beta1");
  EXPECT_EQ(api_->Patch(widgets + "/w1", "application/strategic-merge-patch+json", "{}").status,
            415);

  // Status subresource of a custom resource.
  json st = cw.json;
  st["status"] = {{"ready", true}};
  Reply put_status = api_->Put(widgets + "/w1/status", st);
  ASSERT_EQ(put_status.status, 200) << put_status.body;
  EXPECT_EQ(put_status.json["status"]["ready"], true);
  EXPECT_EQ(put_status.json["metadata"]["generation"], 1);

  // Cluster-scoped CRD.
  json gadgets = crd;
  gadgets["metadata"]["name"] = "gadgets.example.org";
  gadgets["spec"]["group"] = "example.org";
  gadgets["spec"]["scope"] = "Cluster";
  gadgets["spec"]["names"] = {{"plural", "gadgets"}, {"kind", "Gadget"}};
  ASSERT_EQ(api_->Post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", gadgets).status,
            201);
  Reply g = api_->Post("/apis/example.org/v1/gadgets",
                       {{"metadata", {{"name", "g1"}}}, {"spec", json::object()}});
  ASSERT_EQ(g.status, 201) << g.body;
  EXPECT_FALSE(g.json["metadata"].contains("namespace"));

  // A wrong name is Invalid.
  json bad = crd;
  bad["metadata"]["name"] = "wrong.example.com";
  EXPECT_EQ(api_->Post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", bad).status, 422);

  // Deleting the CRD removes its resource and objects.
  ASSERT_EQ(
      api_->Delete("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com")
          .status,
      200);
  EXPECT_EQ(api_->Get(widgets).status, 404);
  EXPECT_EQ(api_->Get("/apis/example.com/v1").status, 404);
  ASSERT_EQ(api_->Post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd).status, 201);
  EXPECT_EQ(api_->Get(widgets).json["items"].size(), 0u);
}

TEST_F(KubesimHttpTest, StatusSubresourceSeparatesSpecAndStatusWrites) {
  std::string ns = NewNamespace();
  std::string deps = "/apis/apps/v1/namespaces/" + ns + "/deployments";
  Reply d = api_->Post(deps, Deployment("web"));
  ASSERT_EQ(d.status, 201);
  json with_status = d.json;
  with_status["status"] = {{"replicas", 5}};
  Reply main = api_->Put(deps + "/web", with_status);
  ASSERT_EQ(main.status, 200) << main.body;
  EXPECT_EQ(main.json["status"], json::object());  // the stored one, as created

  json status_write = main.json;
  status_write["status"] = {{"replicas", 1}, {"readyReplicas", 1}};
  status_write["spec"]["replicas"] = 9;
  Reply st = api_->Put(deps + "/web/status", status_write);
  ASSERT_EQ(st.status, 200) << st.body;
  EXPECT_EQ(st.json["status"]["readyReplicas"], 1);
  EXPECT_EQ(st.json["spec"]["replicas"], 1);  // spec is not written through /status
  Reply patched = api_->Patch(deps + "/web/status", "application/merge-patch+json",
                              R"({"status":{"availableReplicas":1}})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json["status"]["availableReplicas"], 1);
  EXPECT_EQ(patched.json["status"]["readyReplicas"], 1);
  EXPECT_EQ(api_->Get(deps + "/web/status").status, 200);
}

TEST_F(KubesimHttpTest, NamespaceDeletionTerminatesThenRemovesContents) {
  std::string ns = NewNamespace();
  std::string cms = "/api/v1/namespaces/" + ns + "/configmaps";
  ASSERT_EQ(api_->Post(cms, ConfigMap("a")).status, 201);
  Reply ns_obj = api_->Get("/api/v1/namespaces/" + ns);
  EXPECT_EQ(ns_obj.json["metadata"]["labels"]["kubernetes.io/metadata.name"], ns);
  EXPECT_EQ(ns_obj.json["status"]["phase"], "Active");
  EXPECT_EQ(api_->Get("/api/v1/namespaces/" + ns + "/serviceaccounts/default").status, 200);

  // A finalizer holds one object, so the namespace stays Terminating until it is released.
  json held = ConfigMap("held");
  held["metadata"]["finalizers"] = {"example.com/hold"};
  ASSERT_EQ(api_->Post(cms, held).status, 201);
  Reply del = api_->Delete("/api/v1/namespaces/" + ns);
  ASSERT_EQ(del.status, 200) << del.body;
  EXPECT_EQ(del.json["status"]["phase"], "Terminating");
  EXPECT_TRUE(del.json["metadata"].contains("deletionTimestamp"));
  Reply refused = api_->Post(cms, ConfigMap("late"));
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.json.value("reason", ""), "Forbidden");
  // One controller pass deletes "a" and marks "held" (wait for both: they are two writes).
  EXPECT_TRUE(Eventually([&] {
    Reply h = api_->Get(cms + "/held");
    return api_->Get(cms + "/a").status == 404 && h.status == 200 &&
           h.json["metadata"].contains("deletionTimestamp");
  }));
  EXPECT_EQ(api_->Get("/api/v1/namespaces/" + ns).status, 200);
  ASSERT_EQ(api_->Patch(cms + "/held", "application/merge-patch+json",
                        R"({"metadata":{"finalizers":null}})")
                .status,
            200);
  EXPECT_TRUE(Eventually([&] { return api_->Get("/api/v1/namespaces/" + ns).status == 404; }));
}

TEST_F(KubesimHttpTest, FinalizersDeferDeletionAndPreconditionsAreChecked) {
  std::string ns = NewNamespace();
  std::string cms = "/api/v1/namespaces/" + ns + "/configmaps";
  json cm = ConfigMap("f");
  cm["metadata"]["finalizers"] = {"example.com/a", "example.com/b"};
  ASSERT_EQ(api_->Post(cms, cm).status, 201);
  Reply del = api_->Delete(cms + "/f?propagationPolicy=Foreground");
  EXPECT_EQ(del.status, 202) << del.body;
  EXPECT_TRUE(del.json["metadata"].contains("deletionTimestamp"));
  ASSERT_EQ(api_->Patch(cms + "/f", "application/json-patch+json",
                        R"([{"op":"remove","path":"/metadata/finalizers/0"}])")
                .status,
            200);
  EXPECT_EQ(api_->Get(cms + "/f").status, 200);
  ASSERT_EQ(api_->Patch(cms + "/f", "application/json-patch+json",
                        R"([{"op":"remove","path":"/metadata/finalizers/0"}])")
                .status,
            200);
  EXPECT_EQ(api_->Get(cms + "/f").status, 404);

  ASSERT_EQ(api_->Post(cms, ConfigMap("p")).status, 201);
  Reply pre = api_->Delete(cms + "/p", R"({"preconditions":{"uid":"not-the-uid"}})");
  EXPECT_EQ(pre.status, 409);
  Reply ok = api_->Delete(cms + "/p", R"({"propagationPolicy":"Background"})");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.json["status"], "Success");
  EXPECT_EQ(ok.json["details"]["name"], "p");
}

TEST_F(KubesimHttpTest, ServicesGetClusterIPsAndNodePorts) {
  std::string ns = NewNamespace();
  std::string svcs = "/api/v1/namespaces/" + ns + "/services";
  json lb = json::parse(R"({"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer",
      "selector":{"app":"nginx"},"ports":[{"port":80}]}})");
  Reply a = api_->Post(svcs, lb);
  ASSERT_EQ(a.status, 201) << a.body;
  std::string ip = a.json["spec"]["clusterIP"];
  EXPECT_EQ(ip.rfind("10.96.", 0), 0u);
  EXPECT_EQ(a.json["spec"]["clusterIPs"], json::array({ip}));
  int node_port = a.json["spec"]["ports"][0]["nodePort"];
  EXPECT_GE(node_port, 30000);
  EXPECT_LE(node_port, 32767);
  lb["metadata"]["name"] = "lb2";
  Reply b = api_->Post(svcs, lb);
  ASSERT_EQ(b.status, 201);
  EXPECT_NE(b.json["spec"]["clusterIP"], ip);
  EXPECT_NE(b.json["spec"]["ports"][0]["nodePort"], node_port);

  json restored = json::parse(R"({"metadata":{"name":"r"},"spec":{"clusterIPs":["10.96.5.5"],
      "ports":[{"port":80}]}})");
  Reply bad = api_->Post(svcs, restored);
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.json["reason"], "Invalid");
  restored["spec"]["clusterIPs"] = json::array();
  EXPECT_EQ(api_->Post(svcs, restored).status, 201);

  // An address in use cannot be taken; once its Service is deleted, it can.
  json same_ip = json::parse(R"({"metadata":{"name":"same-ip"},"spec":{"ports":[{"port":80}]}})");
  same_ip["spec"]["clusterIP"] = ip;
  Reply taken = api_->Post(svcs, same_ip);
  EXPECT_EQ(taken.status, 422) << taken.body;
  EXPECT_NE(taken.body.find("provided IP is already allocated"), std::string::npos) << taken.body;
  ASSERT_EQ(api_->Delete(svcs + "/lb").status, 200);
  Reply reused = api_->Post(svcs, same_ip);
  EXPECT_EQ(reused.status, 201) << reused.body;
  EXPECT_EQ(reused.json["spec"]["clusterIP"], ip);
}

// Services created at the same time (a restore creates them in parallel) never share an
// address: each allocation and its write happen as one step.
TEST_F(KubesimHttpTest, ConcurrentServicesGetDistinctAddresses) {
  std::string ns = NewNamespace();
  std::string svcs = "/api/v1/namespaces/" + ns + "/services";
  constexpr int kThreads = 8, kEach = 12;
  std::vector<std::vector<json>> created(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ApiClient api(*sim_);  // one connection per thread, as parallel clients have
      for (int i = 0; i < kEach; ++i) {
        json svc = json::parse(R"({"spec":{"type":"NodePort","ports":[{"port":80}]}})");
        svc["metadata"]["name"] = "s-" + std::to_string(t) + "-" + std::to_string(i);
        Reply r = api.Post(svcs, svc);
        if (r.status == 201) created[t].push_back(r.json);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> ips;
  std::set<int64_t> ports;
  size_t total = 0;
  for (const auto& list : created) {
    for (const json& svc : list) {
      ++total;
      ips.insert(svc["spec"]["clusterIP"].get<std::string>());
      ports.insert(svc["spec"]["ports"][0]["nodePort"].get<int64_t>());
    }
  }
  EXPECT_EQ(total, size_t{kThreads * kEach});
  EXPECT_EQ(ips.size(), total) << "two Services got the same cluster IP";
  EXPECT_EQ(ports.size(), total) << "two Services got the same node port";
}

TEST_F(KubesimHttpTest, ClaimNamingAnExistingVolumeBindsBoth) {
  std::string ns = NewNamespace();
  json pv =
      json::parse(R"({"metadata":{"name":"pv-)" + ns + R"("},"spec":{"capacity":{"storage":"1Gi"},
      "accessModes":["ReadWriteOnce"],"hostPath":{"path":"/tmp/x"}}})");
  Reply p = api_->Post("/api/v1/persistentvolumes", pv);
  ASSERT_EQ(p.status, 201) << p.body;
  EXPECT_EQ(p.json["status"]["phase"], "Available");
  json pvc = json::parse(
      R"({"metadata":{"name":"nginx-logs"},"spec":{"volumeName":"pv-)" + ns +
      R"(","accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}})");
  ASSERT_EQ(api_->Post("/api/v1/namespaces/" + ns + "/persistentvolumeclaims", pvc).status, 201);
  Reply bound_pvc = api_->Get("/api/v1/namespaces/" + ns + "/persistentvolumeclaims/nginx-logs");
  EXPECT_EQ(bound_pvc.json["status"]["phase"], "Bound");
  Reply bound_pv = api_->Get("/api/v1/persistentvolumes/pv-" + ns);
  EXPECT_EQ(bound_pv.json["status"]["phase"], "Bound");
  EXPECT_EQ(bound_pv.json["spec"]["claimRef"]["name"], "nginx-logs");
  EXPECT_EQ(bound_pv.json["spec"]["claimRef"]["namespace"], ns);
}

TEST_F(KubesimHttpTest, TableOutputForKubectlGet) {
  std::string ns = NewNamespace();
  ASSERT_EQ(api_->Post("/api/v1/namespaces/" + ns + "/configmaps", ConfigMap("t")).status, 201);
  Reply t = api_->Get("/api/v1/namespaces/" + ns + "/configmaps",
                      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
  ASSERT_EQ(t.status, 200);
  EXPECT_EQ(t.json["kind"], "Table");
  EXPECT_EQ(t.json["columnDefinitions"][0]["name"], "Name");
  ASSERT_EQ(t.json["rows"].size(), 2u);
  EXPECT_EQ(t.json["rows"][0]["cells"][0], "kube-root-ca.crt");
  EXPECT_EQ(t.json["rows"][1]["cells"][0], "t");
  EXPECT_EQ(t.json["rows"][1]["object"]["metadata"]["namespace"], ns);
}

TEST_F(KubesimHttpTest, DiscoveryMatchesTheRealApiServer) {
  struct Doc {
    std::string path, file;
  };
  const std::vector<Doc> docs = {
      {"/api/v1", "api_v1.json"},
      {"/apis/apps/v1", "apis_apps_v1.json"},
      {"/apis/batch/v1", "apis_batch_v1.json"},
      {"/apis/rbac.authorization.k8s.io/v1", "apis_rbac.authorization.k8s.io_v1.json"},
      {"/apis/storage.k8s.io/v1", "apis_storage.k8s.io_v1.json"},
      {"/apis/networking.k8s.io/v1", "apis_networking.k8s.io_v1.json"},
      {"/apis/policy/v1", "apis_policy_v1.json"},
      {"/apis/apiextensions.k8s.io/v1", "apis_apiextensions.k8s.io_v1.json"},
      {"/apis/events.k8s.io/v1", "apis_events.k8s.io_v1.json"},
  };
  for (const Doc& d : docs) {
    json want = json::parse(ark::testing::ReadFile(ARK_SOURCE_DIR "/tools/kubesim/data/" + d.file));
    Reply got = api_->Get(d.path);
    ASSERT_EQ(got.status, 200) << d.path;
    EXPECT_EQ(got.json["groupVersion"], want["groupVersion"]);
    ASSERT_EQ(got.json["resources"].size(), want["resources"].size()) << d.path;
    for (size_t i = 0; i < want["resources"].size(); ++i) {
      for (const char* f : {"name", "kind", "namespaced", "verbs", "shortNames", "categories"}) {
        EXPECT_EQ(got.json["resources"][i].value(f, json()), want["resources"][i].value(f, json()))
            << d.path << " " << want["resources"][i]["name"] << " " << f;
      }
    }
  }
  Reply version = api_->Get("/version");
  EXPECT_EQ(version.json["major"], "1");
  EXPECT_EQ(version.json["minor"], "26");
  Reply apis = api_->Get("/apis");
  json want_apis =
      json::parse(ark::testing::ReadFile(ARK_SOURCE_DIR "/tools/kubesim/data/apis.json"));
  for (size_t i = 0; i < want_apis["groups"].size(); ++i) {
    EXPECT_EQ(apis.json["groups"][i]["name"], want_apis["groups"][i]["name"]);
    EXPECT_EQ(apis.json["groups"][i]["preferredVersion"],
              want_apis["groups"][i]["preferredVersion"]);
  }
  Reply openapi = api_->Get("/openapi/v3");
  ASSERT_EQ(openapi.status, 200);
  EXPECT_TRUE(openapi.json["paths"].contains("apis/apps/v1"));
}

// Servers with their own flags.

TEST(KubesimServerTest, ContinueTokensExpireAfterTheCompactionWindow) {
  auto sim = Kubesim::Start({.extra_args = {"--compaction-window-seconds", "1"}});
  ASSERT_NE(sim, nullptr);
  ApiClient api(*sim);
  std::string cms = "/api/v1/namespaces/default/configmaps";
  for (const char* n : {"a", "b", "c"}) ASSERT_EQ(api.Post(cms, ConfigMap(n)).status, 201);
  Reply first = api.Get(cms + "?limit=1");
  std::string token = first.json["metadata"]["continue"];
  ASSERT_FALSE(token.empty());
  Reply gone;
  EXPECT_TRUE(Eventually([&] {
    gone = api.Get(cms + "?limit=1&continue=" + token);
    return gone.status == 410;
  }));
  EXPECT_EQ(gone.json["reason"], "Expired");
  EXPECT_EQ(gone.json["code"], 410);
  EXPECT_EQ(
      gone.json["message"].get<std::string>().rfind(
          "The provided continue parameter is too old to display a consistent list result.", 0),
      0u);
}

TEST(KubesimServerTest, WatchFromACompactedResourceVersionGetsExpired) {
  auto sim = Kubesim::Start({.extra_args = {"--watch-history", "3"}});
  ASSERT_NE(sim, nullptr);
  ApiClient api(*sim);
  std::string cms = "/api/v1/namespaces/default/configmaps";
  std::string start = api.Get(cms).json["metadata"]["resourceVersion"];
  for (const char* n : {"a", "b", "c", "d", "e"})
    ASSERT_EQ(api.Post(cms, ConfigMap(n)).status, 201);
  json error;
  int status =
      api.Watch(cms + "?watch=1&timeoutSeconds=5&resourceVersion=" + start, [&](const json& ev) {
        error = ev;
        return false;
      });
  EXPECT_EQ(status, 200);
  EXPECT_EQ(error["type"], "ERROR");
  EXPECT_EQ(error["object"]["code"], 410);
  EXPECT_EQ(error["object"]["reason"], "Expired");
  EXPECT_EQ(
      error["object"]["message"].get<std::string>().rfind("too old resource version: " + start, 0),
      0u);
}

TEST(KubesimServerTest, BearerTokenAndTls) {
  auto sim = Kubesim::Start({.tls = true, .token = "s3cret-token"});
  ASSERT_NE(sim, nullptr);
  EXPECT_EQ(sim->url().rfind("https://127.0.0.1:", 0), 0u);
  // As kube-apiserver with anonymous auth (its default): no credentials is system:anonymous,
  // who may read /version and health only.
  ApiClient anonymous(*sim, /*with_token=*/false);
  EXPECT_EQ(anonymous.Get("/version").status, 200);
  for (const char* path : {"/api/v1/namespaces", "/apis"}) {
    Reply r = anonymous.Get(path);
    EXPECT_EQ(r.status, 403) << path;
    EXPECT_EQ(r.json.value("reason", ""), "Forbidden");
    EXPECT_EQ(r.body.find("s3cret"), std::string::npos);
  }
  EXPECT_EQ(anonymous.Get("/apis").json.value("message", ""),
            "forbidden: User \"system:anonymous\" cannot get path \"/apis\"");
  ApiClient authorized(*sim);
  EXPECT_EQ(authorized.Get("/api/v1/namespaces").status, 200);
  std::string config = ark::testing::ReadFile(sim->kubeconfig());
  EXPECT_NE(config.find("certificate-authority-data: "), std::string::npos);
  EXPECT_NE(config.find("token: \"s3cret-token\""), std::string::npos);
  EXPECT_NE(config.find("current-context: kubesim"), std::string::npos);
}

TEST(KubesimServerTest, DataDirKeepsStateAcrossRestarts) {
  ark::testing::TempDir data;
  std::string rv;
  {
    auto sim = Kubesim::Start({.extra_args = {"--data-dir", data.path()}});
    ASSERT_NE(sim, nullptr);
    ApiClient api(*sim);
    ASSERT_EQ(api.Post("/api/v1/namespaces", Namespace("kept")).status, 201);
    ASSERT_EQ(api.Post("/api/v1/namespaces/kept/configmaps", ConfigMap("cm")).status, 201);
    json crd =
        json::parse(R"({"metadata":{"name":"things.example.com"},"spec":{"group":"example.com",
        "scope":"Cluster","names":{"plural":"things","kind":"Thing"},
        "versions":[{"name":"v1","served":true,"storage":true}]}})");
    ASSERT_EQ(api.Post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd).status, 201);
    ASSERT_EQ(api.Post("/apis/example.com/v1/things", {{"metadata", {{"name", "t"}}}}).status, 201);
    rv = api.Get("/api/v1/namespaces").json["metadata"]["resourceVersion"];
    EXPECT_EQ(sim->Stop(), 0);
  }
  auto sim = Kubesim::Start({.extra_args = {"--data-dir", data.path()}});
  ASSERT_NE(sim, nullptr);
  ApiClient api(*sim);
  EXPECT_EQ(api.Get("/api/v1/namespaces/kept/configmaps/cm").status, 200);
  EXPECT_EQ(api.Get("/apis/example.com/v1/things/t").status, 200);
  Reply created = api.Post("/api/v1/namespaces/kept/configmaps", ConfigMap("new"));
  ASSERT_EQ(created.status, 201);
  EXPECT_GT(std::stoull(created.json["metadata"]["resourceVersion"].get<std::string>()),
            std::stoull(rv));
}

}  // namespace
}  // namespace ark::kubesim::testing
