// The reference document's basic example, as `make demo` runs it, with the real binaries.
#include <gtest/gtest.h>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

using nlohmann::json;

TEST(BasicExampleTest, BackupDeleteNamespaceRestore) {
  auto env = ArkEnv::Start();
  ASSERT_NE(env, nullptr);

  auto app = env->Kubectl({"apply", "-f", SourcePath("examples/nginx-app/base.yaml")});
  ASSERT_EQ(app.exit_code, 0) << app.err;

  auto backup = env->Ark({"backup", "create", "nginx-backup", "--selector", "app=nginx", "--wait"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << env->server().Stdout();
  EXPECT_NE(backup.out.find("Backup request \"nginx-backup\" submitted successfully."),
            std::string::npos)
      << backup.out;
  EXPECT_NE(backup.out.find("Backup completed with status: Completed."), std::string::npos)
      << backup.out;

  auto get = env->Ark({"backup", "get"});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_NE(get.out.find("NAME"), std::string::npos);
  EXPECT_NE(get.out.find("nginx-backup   Completed"), std::string::npos) << get.out;
  EXPECT_NE(get.out.find("app=nginx"), std::string::npos) << get.out;

  // The backup is in the store: metadata last, contents, log and manifest beside it.
  for (const char* file : {"ark-backup.json", "nginx-backup.tar.gz", "nginx-backup-logs.gz",
                           "nginx-backup-manifest.json.gz"}) {
    EXPECT_FALSE(ReadFile(env->store_path() + "/ark/nginx-backup/" + file).empty()) << file;
  }

  auto del = env->Kubectl({"delete", "namespaces", "nginx-example", "--wait=false"});
  ASSERT_EQ(del.exit_code, 0) << del.err;
  ASSERT_TRUE(PollUntil([&] {
    return env->Kubectl({"get", "namespace", "nginx-example"}).exit_code != 0;
  })) << "namespace nginx-example was not deleted";

  auto restore = env->Ark({"restore", "create", "nginx-backup", "--wait"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err << env->server().Stdout();
  EXPECT_NE(restore.out.find("Restore request \"nginx-backup-"), std::string::npos) << restore.out;
  EXPECT_NE(restore.out.find("Restore completed with status: Completed."), std::string::npos)
      << restore.out;

  // Everything base.yaml labels app=nginx comes back: the namespace, the Deployment (as
  // applied, with the restore's label) and the Service (with a newly allocated clusterIP).
  json deploy = env->Get("deployments", "nginx-deployment", "nginx-example");
  ASSERT_TRUE(deploy.is_object()) << "deployment not restored";
  EXPECT_EQ(deploy["spec"]["replicas"], 2);
  EXPECT_EQ(deploy["spec"]["template"]["spec"]["containers"][0]["image"], "nginx:1.7.9");
  EXPECT_EQ(
      deploy["metadata"]["labels"]["ark-restore"].get<std::string>().rfind("nginx-backup-", 0), 0u);
  json service = env->Get("services", "my-nginx", "nginx-example");
  ASSERT_TRUE(service.is_object()) << "service not restored";
  EXPECT_EQ(service["spec"]["type"], "LoadBalancer");
  json ns = env->Get("namespaces", "nginx-example", "");
  ASSERT_TRUE(ns.is_object());
  EXPECT_EQ(ns["metadata"]["labels"]["app"], "nginx");

  auto restores = env->Ark({"restore", "get"});
  ASSERT_EQ(restores.exit_code, 0) << restores.err;
  EXPECT_NE(restores.out.find("NAME"), std::string::npos);
  EXPECT_NE(restores.out.find("BACKUP"), std::string::npos);
  EXPECT_NE(restores.out.find("nginx-backup   Completed   0          0"), std::string::npos)
      << restores.out;

  auto describe = env->Ark({"backup", "describe", "nginx-backup"});
  ASSERT_EQ(describe.exit_code, 0) << describe.err;
  EXPECT_NE(describe.out.find("Phase:  Completed"), std::string::npos) << describe.out;
  EXPECT_NE(describe.out.find("Label selector:  app=nginx"), std::string::npos) << describe.out;
}

}  // namespace
}  // namespace ark::testing
