// The manifests in examples/ parse as YAML and contain what the setup steps rely on.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "api/config.h"

namespace ark::api {
namespace {

std::string Example(const std::string& relative) {
  return std::string(ARK_SOURCE_DIR) + "/examples/" + relative;
}

std::vector<YAML::Node> LoadDocs(const std::string& relative) {
  std::vector<YAML::Node> docs;
  try {
    for (const YAML::Node& d : YAML::LoadAllFromFile(Example(relative))) {
      if (d.IsNull()) continue;
      docs.push_back(d);
    }
  } catch (const YAML::Exception& e) {
    ADD_FAILURE() << relative << ": " << e.what();
  }
  return docs;
}

std::string KindName(const YAML::Node& d) {
  std::string ns =
      d["metadata"]["namespace"] ? d["metadata"]["namespace"].as<std::string>() + "/" : "";
  return d["kind"].as<std::string>() + " " + ns + d["metadata"]["name"].as<std::string>();
}

// YAML -> JSON for the Config checks (scalars stay strings except true/false and integers).
Json ToJson(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      Json out = Json::object();
      for (const auto& kv : n) out[kv.first.as<std::string>()] = ToJson(kv.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      Json out = Json::array();
      for (const auto& item : n) out.push_back(ToJson(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      std::string s = n.as<std::string>();
      if (n.Tag() == "!") return s;  // quoted
      if (s == "true") return true;
      if (s == "false") return false;
      return s;
    }
    default:
      return nullptr;
  }
}

TEST(ManifestsTest, PrereqsHaveCrdsNamespaceAndRbac) {
  auto docs = LoadDocs("common/00-prereqs.yaml");
  std::set<std::string> got;
  for (const auto& d : docs) got.insert(KindName(d));
  const std::set<std::string> want = {
      "CustomResourceDefinition backups.ark.heptio.com",
      "CustomResourceDefinition schedules.ark.heptio.com",
      "CustomResourceDefinition restores.ark.heptio.com",
      "CustomResourceDefinition configs.ark.heptio.com",
      "CustomResourceDefinition downloadrequests.ark.heptio.com",
      "CustomResourceDefinition deletebackuprequests.ark.heptio.com",
      "CustomResourceDefinition backupverifications.ark.heptio.com",
      "Namespace heptio-ark",
      "ServiceAccount heptio-ark/ark",
      "ClusterRoleBinding ark",
      "Role heptio-ark/ark",
      "RoleBinding heptio-ark/ark",
  };
  EXPECT_EQ(got, want);

  for (const auto& d : docs) {
    if (d["kind"].as<std::string>() == "ClusterRoleBinding") {
      EXPECT_EQ(d["roleRef"]["name"].as<std::string>(), "cluster-admin");
      EXPECT_EQ(d["subjects"][0]["name"].as<std::string>(), "ark");
      EXPECT_EQ(d["subjects"][0]["namespace"].as<std::string>(), "heptio-ark");
    }
    if (d["kind"].as<std::string>() == "Role") {
      EXPECT_EQ(d["rules"][0]["apiGroups"][0].as<std::string>(), "ark.heptio.com");
      EXPECT_EQ(d["rules"][0]["verbs"][0].as<std::string>(), "*");
    }
    if (d["kind"].as<std::string>() != "CustomResourceDefinition") continue;
    SCOPED_TRACE(KindName(d));
    EXPECT_EQ(d["apiVersion"].as<std::string>(), "apiextensions.k8s.io/v1");
    EXPECT_EQ(d["metadata"]["labels"]["component"].as<std::string>(), "ark");
    EXPECT_EQ(d["spec"]["group"].as<std::string>(), "ark.heptio.com");
    EXPECT_EQ(d["spec"]["scope"].as<std::string>(), "Namespaced");
    std::string plural = d["spec"]["names"]["plural"].as<std::string>();
    EXPECT_EQ(d["metadata"]["name"].as<std::string>(), plural + ".ark.heptio.com");
    std::string kind = d["spec"]["names"]["kind"].as<std::string>();
    EXPECT_EQ(d["spec"]["names"]["listKind"].as<std::string>(), kind + "List");
    ASSERT_EQ(d["spec"]["versions"].size(), 1u);
    const YAML::Node v = d["spec"]["versions"][0];
    EXPECT_EQ(v["name"].as<std::string>(), "v1");
    EXPECT_TRUE(v["served"].as<bool>());
    EXPECT_TRUE(v["storage"].as<bool>());
    if (kind == "Config") {
      // The server writes the Config's status without touching its settings' generation.
      EXPECT_TRUE(v["subresources"]["status"].IsMap()) << "Config has a status subresource";
    } else {
      EXPECT_FALSE(v["subresources"]) << "no status subresource: the server updates whole objects";
    }
    EXPECT_EQ(v["schema"]["openAPIV3Schema"]["type"].as<std::string>(), "object");
    EXPECT_TRUE(v["schema"]["openAPIV3Schema"]["x-kubernetes-preserve-unknown-fields"].as<bool>());
  }
}

TEST(ManifestsTest, Deployments) {
  for (const char* file : {"common/10-deployment.yaml", "azure/00-ark-deployment.yaml"}) {
    SCOPED_TRACE(file);
    auto docs = LoadDocs(file);
    ASSERT_EQ(docs.size(), 1u);
    const YAML::Node& d = docs[0];
    EXPECT_EQ(KindName(d), "Deployment heptio-ark/ark");
    EXPECT_EQ(d["apiVersion"].as<std::string>(), "apps/v1");
    EXPECT_EQ(d["spec"]["replicas"].as<int>(), 1);
    EXPECT_EQ(d["spec"]["selector"]["matchLabels"]["component"].as<std::string>(), "ark");
    const YAML::Node pod = d["spec"]["template"]["spec"];
    EXPECT_EQ(d["spec"]["template"]["metadata"]["labels"]["component"].as<std::string>(), "ark");
    EXPECT_EQ(pod["serviceAccountName"].as<std::string>(), "ark");
    const YAML::Node c = pod["containers"][0];
    EXPECT_EQ(c["name"].as<std::string>(), "ark");
    EXPECT_EQ(c["image"].as<std::string>(), "heptio/ark:latest");
    EXPECT_EQ(c["command"][0].as<std::string>(), "/ark");
    EXPECT_EQ(c["args"][0].as<std::string>(), "server");
  }
  auto common = LoadDocs("common/10-deployment.yaml");
  ASSERT_EQ(common.size(), 1u);
  const YAML::Node pod = common[0]["spec"]["template"]["spec"];
  EXPECT_EQ(pod["volumes"][0]["secret"]["secretName"].as<std::string>(), "cloud-credentials");
  EXPECT_EQ(pod["containers"][0]["volumeMounts"][0]["mountPath"].as<std::string>(), "/credentials");
  EXPECT_EQ(pod["containers"][0]["env"][0]["name"].as<std::string>(),
            "AWS_SHARED_CREDENTIALS_FILE");
  EXPECT_EQ(pod["containers"][0]["env"][0]["value"].as<std::string>(), "/credentials/cloud");

  auto azure = LoadDocs("azure/00-ark-deployment.yaml");
  ASSERT_EQ(azure.size(), 1u);
  EXPECT_EQ(azure[0]["spec"]["template"]["spec"]["containers"][0]["envFrom"][0]["secretRef"]["name"]
                .as<std::string>(),
            "cloud-credentials");
}

TEST(ManifestsTest, ConfigsParseToTheExpectedProviders) {
  struct Case {
    const char* file;
    const char* pv;  // "" = none
    const char* storage;
    const char* bucket;
    std::vector<std::string> placeholders;
  };
  const Case cases[] = {
      {"aws/00-ark-config.yaml",
       "aws",
       "aws",
       "<YOUR_BUCKET>",
       {"<YOUR_BUCKET>", "<YOUR_REGION>", "<YOUR_AVAILABILITY_ZONE>"}},
      {"gcp/00-ark-config.yaml",
       "gcp",
       "gcp",
       "<YOUR_BUCKET>",
       {"<YOUR_BUCKET>", "<YOUR_PROJECT>", "<YOUR_ZONE>"}},
      {"azure/10-ark-config.yaml",
       "azure",
       "azure",
       "<YOUR_BUCKET>",
       {"<YOUR_BUCKET>", "<YOUR_LOCATION>", "<YOUR_TIMEOUT>"}},
      {"local/00-ark-config.yaml", "", "local", "ark", {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    auto docs = LoadDocs(c.file);
    ASSERT_EQ(docs.size(), 1u);
    EXPECT_EQ(KindName(docs[0]), "Config heptio-ark/default");
    Json j = ToJson(docs[0]);
    auto config = ParseServerConfig(j);
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    EXPECT_EQ(config->persistent_volume_provider.has_value(), std::string(c.pv) != "");
    if (config->persistent_volume_provider) {
      EXPECT_EQ(config->persistent_volume_provider->name, c.pv);
    }
    EXPECT_EQ(config->backup_storage_provider.name, c.storage);
    EXPECT_EQ(config->bucket, c.bucket);
    std::string text = j.dump();
    for (const std::string& p : c.placeholders) {
      EXPECT_NE(text.find(p), std::string::npos) << p;
    }
  }
  auto local = ParseServerConfig(ToJson(LoadDocs("local/00-ark-config.yaml")[0]));
  ASSERT_TRUE(local.ok());
  EXPECT_TRUE(local->backup_storage_provider.config.count("path"));
  EXPECT_EQ(local->backup_sync_period, std::chrono::minutes(1));
  EXPECT_EQ(local->gc_sync_period, std::chrono::minutes(1));

  auto aws = ParseServerConfig(ToJson(LoadDocs("aws/00-ark-config.yaml")[0]));
  ASSERT_TRUE(aws.ok());
  EXPECT_EQ(aws->backup_sync_period, std::chrono::minutes(30));
  EXPECT_EQ(aws->persistent_volume_provider->config.at("availabilityZone"),
            "<YOUR_AVAILABILITY_ZONE>");
}

TEST(ManifestsTest, NginxWithPv) {
  auto docs = LoadDocs("nginx-app/with-pv.yaml");
  std::vector<std::string> got;
  for (const auto& d : docs) got.push_back(KindName(d));
  EXPECT_EQ(got,
            (std::vector<std::string>{
                "Namespace nginx-example", "PersistentVolumeClaim nginx-example/nginx-logs",
                "Deployment nginx-example/nginx-deployment", "Service nginx-example/my-nginx"}));
  ASSERT_EQ(docs.size(), 4u);
  const YAML::Node pvc = docs[1];
  EXPECT_EQ(pvc["metadata"]["labels"]["app"].as<std::string>(), "nginx");
  EXPECT_EQ(pvc["spec"]["storageClassName"].as<std::string>(), "<YOUR_STORAGE_CLASS_NAME>");
  EXPECT_EQ(pvc["spec"]["accessModes"][0].as<std::string>(), "ReadWriteOnce");
  EXPECT_EQ(pvc["spec"]["resources"]["requests"]["storage"].as<std::string>(), "50Mi");
  const YAML::Node dep = docs[2];
  EXPECT_EQ(dep["spec"]["replicas"].as<int>(), 1);
  const YAML::Node pod = dep["spec"]["template"]["spec"];
  EXPECT_EQ(pod["volumes"][0]["persistentVolumeClaim"]["claimName"].as<std::string>(),
            "nginx-logs");
  EXPECT_EQ(pod["containers"][0]["volumeMounts"][0]["mountPath"].as<std::string>(),
            "/var/log/nginx");
  EXPECT_EQ(docs[3]["spec"]["type"].as<std::string>(), "LoadBalancer");
  EXPECT_EQ(docs[3]["spec"]["selector"]["app"].as<std::string>(), "nginx");
}

}  // namespace
}  // namespace ark::api
