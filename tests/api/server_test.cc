// The manifests and the API objects against a real API server process (kubesim) driven by
// the real kubectl: the CRDs install, the Deployment and a Config apply, and Ark objects
// (including their status, as there is no status subresource) come back as they were sent.
#include <gtest/gtest.h>

#include "api/backup.h"
#include "api/config.h"
#include "api/fixture_files.h"
#include "api/restore.h"
#include "support/kubesim.h"
#include "support/process.h"

namespace ark::api {
namespace {

using ark::testing::Kubesim;
using ark::testing::RunResult;

std::string Example(const std::string& relative) {
  return std::string(ARK_SOURCE_DIR) + "/examples/" + relative;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = Kubesim::Start();
    ASSERT_NE(sim_, nullptr);
    RunResult r = Kubectl({"apply", "-f", Example("common/00-prereqs.yaml")});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }

  RunResult Kubectl(std::vector<std::string> args, const std::string& input = "") {
    std::vector<std::string> argv = {"kubectl", "--kubeconfig", sim_->kubeconfig()};
    argv.insert(argv.end(), args.begin(), args.end());
    return ark::testing::Run(argv, input);
  }

  Json GetJson(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"get"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("-o");
    argv.push_back("json");
    RunResult r = Kubectl(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? Json::parse(r.out) : Json();
  }

  std::unique_ptr<Kubesim> sim_;
};

TEST_F(ServerTest, PrereqsInstallEveryCrdAndRbac) {
  for (const char* crd : {"backups", "schedules", "restores", "configs", "downloadrequests",
                          "deletebackuprequests", "backupverifications"}) {
    Json j = GetJson({"crd", std::string(crd) + ".ark.heptio.com"});
    EXPECT_EQ(j["spec"]["group"], "ark.heptio.com") << crd;
    // The resource is served: listing it works (empty).
    Json list = GetJson({std::string(crd) + ".ark.heptio.com", "-n", "heptio-ark"});
    EXPECT_EQ(list["items"], Json::array()) << crd;
  }
  EXPECT_EQ(GetJson({"namespace", "heptio-ark"})["metadata"]["name"], "heptio-ark");
  EXPECT_EQ(GetJson({"serviceaccount", "ark", "-n", "heptio-ark"})["metadata"]["name"], "ark");
  EXPECT_EQ(GetJson({"clusterrolebinding", "ark"})["roleRef"]["name"], "cluster-admin");
  EXPECT_EQ(GetJson({"rolebinding", "ark", "-n", "heptio-ark"})["roleRef"]["name"], "ark");

  RunResult deploy = Kubectl({"apply", "-f", Example("common/10-deployment.yaml")});
  EXPECT_EQ(deploy.exit_code, 0) << deploy.err;
  EXPECT_EQ(GetJson({"deployment", "ark", "-n",
                     "heptio-ark"})["spec"]["template"]["spec"]["serviceAccountName"],
            "ark");
}

TEST_F(ServerTest, LocalConfigAppliesAndParses) {
  RunResult r = Kubectl({"apply", "-f", Example("local/00-ark-config.yaml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json config = GetJson({"configs.ark.heptio.com", "default", "-n", "heptio-ark"});
  auto parsed = ParseServerConfig(config);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->backup_storage_provider.name, "local");
  EXPECT_EQ(parsed->bucket, "ark");
  EXPECT_FALSE(parsed->persistent_volume_provider.has_value());
}

TEST_F(ServerTest, ArkObjectsKeepSpecAndStatus) {
  struct Case {
    const char* fixture;
    const char* resource;
  };
  const Case cases[] = {
      {"ark-v0.5.1/nginx-selector/ark-backup.json", "backups.ark.heptio.com"},
      {"ark-v0.3.3/nginx-ns/ark-backup.json", "backups.ark.heptio.com"},
      {"cluster-objects/ark-v0.5.1/restore-nginx-ns-20261128224625.json",
       "restores.ark.heptio.com"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.fixture);
    Json object = testing::ReadJsonFile(testing::FixturePath(c.fixture));
    for (const char* server_field : {"uid", "resourceVersion", "creationTimestamp", "generation"}) {
      object["metadata"].erase(server_field);
    }
    RunResult r = Kubectl({"create", "-f", "-"}, object.dump());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Json stored = GetJson({c.resource, object["metadata"]["name"], "-n", "heptio-ark"});
    EXPECT_EQ(stored["spec"], object["spec"]);
    EXPECT_EQ(stored["status"], object["status"]);
    if (std::string(c.resource) == "backups.ark.heptio.com") {
      auto b = Backup::FromJson(stored);
      ASSERT_TRUE(b.ok()) << b.status().ToString();
      EXPECT_EQ(b->status.phase, "Completed");
      EXPECT_FALSE(b->metadata.uid.empty());
      EXPECT_EQ(b->ToJson(), stored);
    } else {
      auto rs = Restore::FromJson(stored);
      ASSERT_TRUE(rs.ok()) << rs.status().ToString();
      EXPECT_EQ(rs->status.errors, 4);
      EXPECT_EQ(rs->ToJson(), stored);
    }
  }
}

}  // namespace
}  // namespace ark::api
