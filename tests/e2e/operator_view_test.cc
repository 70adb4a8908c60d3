// The operator's view without pod hooks, so it runs on a real API server as on kubesim:
// describe --details of a backup and a restore (warnings by namespace, resource list, restore
// order) and the live progress of `restore create --wait`.
#include <gtest/gtest.h>

#include <regex>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

using nlohmann::json;

constexpr int kConfigMaps = 60;

json Namespace(const std::string& ns, int config_maps) {
  json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", json::array()}};
  list["items"].push_back(
      {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}});
  for (int i = 0; i < config_maps; ++i) {
    list["items"].push_back({{"apiVersion", "v1"},
                             {"kind", "ConfigMap"},
                             {"metadata", {{"name", "cm-" + std::to_string(i)}, {"namespace", ns}}},
                             {"data", {{"k", "v"}}}});
  }
  return list;
}

TEST(OperatorViewTest, DescribeDetailsAndLiveRestoreProgress) {
  ArkEnvOptions options;
  // Held to 25 requests a second, restoring kConfigMaps objects takes over 2 s, so the
  // progress the server writes each second is seen before the end.
  options.server_args = {"--client-qps", "25", "--client-burst", "5"};
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);
  auto created = env->Kubectl({"create", "-f", "-"}, Namespace("ov", kConfigMaps).dump());
  ASSERT_EQ(created.exit_code, 0) << created.err;

  // "ghost" does not exist: a warning, and the backup still completes.
  auto b =
      env->Ark({"backup", "create", "ov-backup", "--include-namespaces", "ov,ghost", "--wait"});
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  auto d = env->Ark({"backup", "describe", "ov-backup", "--details"});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_NE(d.out.find("Phase:  Completed\n"), std::string::npos) << d.out;
  EXPECT_NE(d.out.find("Warnings:  1\nErrors:    0\n"), std::string::npos) << d.out;
  EXPECT_NE(d.out.find("  Namespaces:\n    ghost:\n      namespace \"ghost\" is included but "
                       "does not exist\n"),
            std::string::npos)
      << d.out;
  EXPECT_NE(d.out.find("Resource List:\n"), std::string::npos) << d.out;
  EXPECT_NE(d.out.find("    - ov/cm-0\n"), std::string::npos) << d.out;
  EXPECT_NE(d.out.find("  namespaces (1):\n    - ov\n"), std::string::npos) << d.out;

  auto r = env->Ark({"restore", "create", "ov-copy", "--from-backup", "ov-backup",
                     "--namespace-mappings", "ov:ov-copy", "--wait"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  static const std::regex progress(R"(Progress: (\d+)/(\d+) items)");
  std::smatch first;
  ASSERT_TRUE(std::regex_search(r.out, first, progress)) << r.out;
  EXPECT_LT(std::stoll(first[1]), std::stoll(first[2]))
      << "the first progress line is from before the end\n"
      << r.out;
  EXPECT_GE(std::stoll(first[2]), kConfigMaps + 1) << r.out;
  EXPECT_LT(r.out.find("Progress: "), r.out.find("Restore completed with status: Completed"))
      << r.out;

  // A restored object changed since: restoring over it is a warning of its namespace.
  ASSERT_EQ(env->Kubectl({"patch", "configmap", "cm-0", "-n", "ov-copy", "--type", "merge", "-p",
                          R"({"data":{"k":"changed"}})"})
                .exit_code,
            0);
  auto again = env->Ark({"restore", "create", "ov-again", "--from-backup", "ov-backup",
                         "--namespace-mappings", "ov:ov-copy", "--wait"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  auto rd = env->Ark({"restore", "describe", "ov-again", "--details"});
  ASSERT_EQ(rd.exit_code, 0) << rd.err;
  EXPECT_NE(rd.out.find("  Namespaces:\n    ov-copy:\n"), std::string::npos) << rd.out;
  EXPECT_NE(rd.out.find("configmaps \"ov-copy/cm-0\" already exists and differs from the "
                        "backed-up version"),
            std::string::npos)
      << rd.out;
  EXPECT_NE(rd.out.find("Restore order:\n  1. "), std::string::npos) << rd.out;
}

}  // namespace
}  // namespace ark::testing
