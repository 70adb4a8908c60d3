// Object names from the command line never leave their place in a URL path: a name such as
// "../../../../../../api/v1/namespaces/default/configmaps/victim" once made
// `ark restore delete` delete that ConfigMap. The CLI refuses such names before any request
// (as kubectl does), and the kube client refuses them for every caller.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

const std::string kVictimPath = "../../../../../../api/v1/namespaces/default/configmaps/";

bool ConfigMapExists(ArkEnv& env, const std::string& name) {
  return env.Get("configmaps", name, "default").is_object();
}

TEST(NamePathsE2eTest, NamesThatWalkOutOfTheArkResourceReachNothing) {
  ArkEnvOptions options;
  options.start_server = false;  // the CLI alone: nothing else touches the objects
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);
  for (const char* name : {"victim", "victim2"}) {
    auto created =
        env->Kubectl({"create", "configmap", name, "-n", "default", "--from-literal=a=b"});
    ASSERT_EQ(created.exit_code, 0) << created.err;
  }
  auto nb = env->Ark({"backup", "create", "nb"});
  ASSERT_EQ(nb.exit_code, 0) << nb.err;

  auto restore_delete = env->Ark({"restore", "delete", kVictimPath + "victim"});
  EXPECT_EQ(restore_delete.exit_code, 2) << restore_delete.out << restore_delete.err;
  EXPECT_NE(restore_delete.err.find("invalid restore name \"" + kVictimPath + "victim\""),
            std::string::npos)
      << restore_delete.err;
  EXPECT_EQ(restore_delete.out, "");

  auto schedule_delete = env->Ark({"schedule", "delete", kVictimPath + "victim2"}, "Y\n");
  EXPECT_EQ(schedule_delete.exit_code, 2) << schedule_delete.out << schedule_delete.err;
  EXPECT_NE(schedule_delete.err.find("invalid schedule name"), std::string::npos)
      << schedule_delete.err;

  auto backup_delete = env->Ark({"backup", "delete", "--confirm", kVictimPath + "victim"});
  EXPECT_EQ(backup_delete.exit_code, 2) << backup_delete.err;

  EXPECT_TRUE(ConfigMapExists(*env, "victim"));
  EXPECT_TRUE(ConfigMapExists(*env, "victim2"));

  // Read-only commands do not show another object as a Backup either.
  auto get = env->Ark({"backup", "get", kVictimPath + "victim", "-o", "json"});
  EXPECT_EQ(get.exit_code, 2) << get.out;
  EXPECT_EQ(get.out, "");
  auto describe = env->Ark({"backup", "describe", "zzz/../nb"});
  EXPECT_EQ(describe.exit_code, 2) << describe.out;
  EXPECT_EQ(describe.out.find("nb"), std::string::npos) << describe.out;
  EXPECT_NE(describe.err.find("invalid backup name \"zzz/../nb\""), std::string::npos)
      << describe.err;
  const TempDir dir;
  const std::string file = dir.path() + "/out.tar.gz";
  auto download = env->Ark({"backup", "download", "nb/../nb", "-o", file, "--timeout", "1"});
  EXPECT_EQ(download.exit_code, 2) << download.err;
  EXPECT_NE(download.err.find("invalid backup name \"nb/../nb\""), std::string::npos)
      << download.err;
  EXPECT_FALSE(std::filesystem::exists(file));
  auto spaced = env->Ark({"backup", "get", "a b"});
  EXPECT_EQ(spaced.exit_code, 2);
  EXPECT_NE(spaced.err.find("invalid backup name \"a b\""), std::string::npos) << spaced.err;

  // The namespace is a path segment too: the kube client refuses it.
  auto ns = env->Ark({"-n", "..", "backup", "get", "nb"});
  EXPECT_NE(ns.exit_code, 0);
  EXPECT_NE(ns.err.find("namespace \"..\" may not be '.' or '..'"), std::string::npos) << ns.err;

  // The real backup is untouched and still found by its own name.
  auto found = env->Ark({"backup", "get", "nb", "-o", "json"});
  EXPECT_EQ(found.exit_code, 0) << found.err;
}

}  // namespace
}  // namespace ark::testing
