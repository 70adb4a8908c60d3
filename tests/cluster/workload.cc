#include "cluster/workload.h"

#include <gtest/gtest.h>

#include "support/object_compare.h"

namespace ark::testing {
namespace {

using nlohmann::json;

// Namespaced kinds of the workload, as kubectl names them.
const std::vector<std::string> kNamespacedKinds = {
    "configmaps",
    "secrets",
    "serviceaccounts",
    "services",
    "pods",
    "deployments.apps",
    "statefulsets.apps",
    "jobs.batch",
    "cronjobs.batch",
    "persistentvolumeclaims",
    "roles.rbac.authorization.k8s.io",
    "rolebindings.rbac.authorization.k8s.io",
    "limitranges",
    "resourcequotas",
    "networkpolicies.networking.k8s.io",
    "ingresses.networking.k8s.io",
    // Versions both 1.21 and 1.26 serve, so objects read from either compare.
    "poddisruptionbudgets.v1.policy",
    "horizontalpodautoscalers.v1.autoscaling",
    "widgets.dr.example.com",
};
// Cluster-scoped kinds; only objects named dr-* (the workload's) are compared.
const std::vector<std::string> kClusterKinds = {
    "namespaces",
    "persistentvolumes",
    "clusterroles.rbac.authorization.k8s.io",
    "clusterrolebindings.rbac.authorization.k8s.io",
    "customresourcedefinitions.apiextensions.k8s.io",
};

json KubectlJson(ArkEnv& env, const std::vector<std::string>& args) {
  RunResult r = env.Kubectl(args);
  if (r.exit_code != 0) {
    ADD_FAILURE() << "kubectl";
    for (const auto& a : args) std::cerr << " " << a;
    std::cerr << ": " << r.err << "\n";
    return nullptr;
  }
  return json::parse(r.out, nullptr, false);
}

bool ControllerOwned(const json& obj) {
  const json& meta = obj["metadata"];
  if (!meta.contains("ownerReferences")) return false;
  for (const json& ref : meta["ownerReferences"]) {
    if (ref.value("controller", false)) return true;
  }
  return false;
}

// "horizontalpodautoscalers.v1.autoscaling" -> "horizontalpodautoscalers.autoscaling".
std::string GroupResourceOf(const std::string& kind) {
  const size_t v = kind.find(".v");
  if (v == std::string::npos) return kind;
  const size_t next = kind.find('.', v + 1);
  return next == std::string::npos ? kind : kind.substr(0, v) + kind.substr(next);
}

// `obj` with only the members `shape` has (recursively): what a newer server adds by default
// to an object of an older one is not a difference a restore made.
json PrunedTo(const json& shape, const json& obj) {
  if (shape.is_object() && obj.is_object()) {
    json out = json::object();
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      if (shape.contains(it.key())) out[it.key()] = PrunedTo(shape[it.key()], *it);
    }
    return out;
  }
  if (shape.is_array() && obj.is_array() && shape.size() == obj.size()) {
    json out = json::array();
    for (size_t i = 0; i < obj.size(); ++i) out.push_back(PrunedTo(shape[i], obj[i]));
    return out;
  }
  return obj;
}

std::string Key(const std::string& kind, const json& obj) {
  const json& meta = obj["metadata"];
  const std::string ns = meta.value("namespace", "");
  return kind + " " + (ns.empty() ? "" : ns + "/") + meta.value("name", "");
}

bool LoadCorpus(ArkEnv& env, const TempDir& dir, int objects, int namespaces, Workload* out) {
  const std::string jsonl = dir.File("corpus.jsonl");
  RunResult made = Run({"python3", SourcePath("tests/cluster/data/gen_k8s_corpus.py"), "-n",
                        std::to_string(objects), "--namespaces", std::to_string(namespaces),
                        "--valid", "--seed", "7", "--stream", jsonl});
  EXPECT_EQ(made.exit_code, 0) << made.err;
  if (made.exit_code != 0) return false;
  json items = json::array();
  json namespace_list = json::array();
  std::istringstream lines(ReadFile(jsonl));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    json obj = json::parse(line);
    const std::string ns = obj["metadata"].value("namespace", "");
    if (!ns.empty() && out->namespaces.insert(ns).second) {
      namespace_list.push_back({{"apiVersion", "v1"},
                                {"kind", "Namespace"},
                                {"metadata", {{"name", ns}, {"labels", {{"corpus", "true"}}}}}});
    }
    items.push_back(std::move(obj));
  }
  const std::string ns_file = dir.File("corpus-namespaces.json");
  const std::string corpus_file = dir.File("corpus.json");
  WriteFile(ns_file,
            json{{"apiVersion", "v1"}, {"kind", "List"}, {"items", namespace_list}}.dump());
  WriteFile(corpus_file, json{{"apiVersion", "v1"}, {"kind", "List"}, {"items", items}}.dump());
  RunResult ns_made = env.Kubectl({"create", "-f", ns_file});
  EXPECT_EQ(ns_made.exit_code, 0) << ns_made.err;
  // A real API server admits a Pod only once its namespace's "default" ServiceAccount exists.
  if (env.cluster().real()) {
    for (const std::string& ns : out->namespaces) {
      EXPECT_TRUE(PollUntil([&] {
        return env.Kubectl({"get", "serviceaccount", "default", "-n", ns}).exit_code == 0;
      })) << "no default ServiceAccount in "
          << ns;
    }
  }
  RunResult created = env.Kubectl({"create", "-f", corpus_file});
  EXPECT_EQ(created.exit_code, 0) << created.err.substr(0, 4000);
  return ns_made.exit_code == 0 && created.exit_code == 0;
}

bool LoadHandMade(ArkEnv& env, Workload* out) {
  // The CRD first: its custom resources are accepted once it is established. kubectl maps
  // every document's kind before it applies any, so this pass also reports the Widgets as
  // unknown (and exits 1) while it creates the CRD.
  const std::string file = SourcePath("tests/cluster/data/dr-workload.yaml");
  RunResult crds = env.Kubectl({"apply", "-f", file, "-l", "dr-phase=crd"});
  RunResult established = env.Kubectl(
      {"wait", "--for", "condition=established", "--timeout", "60s", "crd/widgets.dr.example.com"});
  EXPECT_EQ(established.exit_code, 0) << established.err;
  RunResult applied = env.Kubectl({"apply", "-f", file});
  EXPECT_EQ(applied.exit_code, 0) << applied.err;
  json namespaces = KubectlJson(env, {"get", "namespaces", "-l", "dr-workload=true", "-o", "json"});
  if (namespaces.is_object()) {
    for (const json& ns : namespaces["items"]) out->namespaces.insert(ns["metadata"]["name"]);
  }
  return established.exit_code == 0 && applied.exit_code == 0;
}

}  // namespace

Workload LoadWorkload(ArkEnv& env, const TempDir& dir, int corpus_objects, int corpus_namespaces) {
  Workload workload;
  bool ok = LoadCorpus(env, dir, corpus_objects, corpus_namespaces, &workload) &&
            LoadHandMade(env, &workload);
  if (!ok) return {};
  if (env.cluster().real()) {
    std::vector<std::string> unsettled;
    const bool settled = PollUntil(
        [&] {
          unsettled = UnsettledObjects(env, workload);
          return unsettled.empty();
        },
        std::chrono::seconds(120));
    EXPECT_TRUE(settled) << "the source cluster did not settle: "
                         << ::testing::PrintToString(unsettled);
  }
  return workload;
}

std::map<std::string, json> Snapshot(ArkEnv& env, const Workload& workload) {
  std::map<std::string, json> objects;
  for (const std::string& kind : kNamespacedKinds) {
    json list = KubectlJson(env, {"get", kind, "--all-namespaces", "-o", "json"});
    if (!list.is_object()) continue;
    for (json& obj : list["items"]) {
      const std::string ns = obj["metadata"].value("namespace", "");
      if (workload.namespaces.count(ns) == 0 || ControllerOwned(obj)) continue;
      // Made by the cluster for every namespace, with each cluster's own CA.
      if (kind == "configmaps" && obj["metadata"]["name"] == "kube-root-ca.crt") continue;
      // Token Secrets a cluster before 1.24 generated for each account: the target makes its
      // own (under other names) or none, and the restore skips them.
      if (kind == "secrets" && obj.value("type", "") == "kubernetes.io/service-account-token") {
        const std::string account = obj["metadata"]
                                        .value("annotations", json::object())
                                        .value("kubernetes.io/service-account.name", "");
        if (!account.empty() &&
            obj["metadata"].value("name", "").rfind(account + "-token-", 0) == 0) {
          continue;
        }
      }
      std::string key = Key(kind, obj);  // before the move: json's operator= takes by value
      objects[std::move(key)] = std::move(obj);
    }
  }
  for (const std::string& kind : kClusterKinds) {
    json list = KubectlJson(env, {"get", kind, "-o", "json"});
    if (!list.is_object()) continue;
    for (json& obj : list["items"]) {
      const std::string name = obj["metadata"].value("name", "");
      const bool ours = name.rfind("dr-", 0) == 0 ||
                        name.find(".dr.example.com") != std::string::npos ||
                        (kind == "namespaces" && workload.namespaces.count(name) > 0);
      if (!ours) continue;
      std::string key = Key(kind, obj);
      objects[std::move(key)] = std::move(obj);
    }
  }
  return objects;
}

std::vector<std::string> Differences(const std::map<std::string, json>& source,
                                     const std::map<std::string, json>& target,
                                     bool across_versions) {
  std::vector<std::string> out;
  for (const auto& [key, obj] : source) {
    auto it = target.find(key);
    if (it == target.end()) {
      out.push_back(key + ": missing in the target");
      continue;
    }
    const std::string resource = GroupResourceOf(key.substr(0, key.find(' ')));
    const json before = Normalized(resource, obj);
    json after = Normalized(resource, it->second);
    if (across_versions) after = PrunedTo(before, after);
    for (const std::string& d : DiffObjects(before, after)) {
      out.push_back(key + ": " + d);
    }
  }
  return out;
}

std::vector<std::string> UnsettledObjects(ArkEnv& env, const Workload& workload) {
  std::vector<std::string> out;
  json claims =
      KubectlJson(env, {"get", "persistentvolumeclaims", "--all-namespaces", "-o", "json"});
  if (claims.is_object()) {
    for (const json& c : claims["items"]) {
      if (workload.namespaces.count(c["metadata"].value("namespace", "")) == 0) continue;
      const std::string phase = c.value("status", json::object()).value("phase", "");
      if (phase != "Bound") out.push_back(Key("persistentvolumeclaims", c) + " is " + phase);
    }
  }
  json secrets = KubectlJson(env, {"get", "secrets", "--all-namespaces", "--field-selector",
                                   "type=kubernetes.io/service-account-token", "-o", "json"});
  if (secrets.is_object()) {
    for (const json& s : secrets["items"]) {
      if (workload.namespaces.count(s["metadata"].value("namespace", "")) == 0) continue;
      if (!s.value("data", json::object()).contains("token")) {
        out.push_back(Key("secrets", s) + " has no token");
      }
    }
  }
  json deployments =
      KubectlJson(env, {"get", "deployments.apps", "--all-namespaces", "-o", "json"});
  json replicasets =
      KubectlJson(env, {"get", "replicasets.apps", "--all-namespaces", "-o", "json"});
  if (deployments.is_object() && replicasets.is_object()) {
    std::set<std::string> owners;
    for (const json& rs : replicasets["items"]) {
      for (const json& ref : rs["metadata"].value("ownerReferences", json::array())) {
        owners.insert(rs["metadata"].value("namespace", "") + "/" + ref.value("name", ""));
      }
    }
    for (const json& d : deployments["items"]) {
      const std::string ns = d["metadata"].value("namespace", "");
      if (workload.namespaces.count(ns) == 0) continue;
      if (owners.count(ns + "/" + d["metadata"].value("name", "")) == 0) {
        out.push_back(Key("deployments.apps", d) + " has no ReplicaSet");
      }
    }
  }
  return out;
}

}  // namespace ark::testing
