// A backup takes what the cluster serves when it runs, not what it served when the server
// started: objects of a CustomResourceDefinition created after `ark server` are backed up.
#include <gtest/gtest.h>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

constexpr const char* kCrd = R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.late.example.com
spec:
  group: late.example.com
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
)";

constexpr const char* kGadget = R"(apiVersion: late.example.com/v1
kind: Gadget
metadata: {name: g1, namespace: late}
spec: {size: 3}
)";

TEST(CrdAfterStartTest, ObjectsOfACrdCreatedAfterTheServerStartedAreBackedUp) {
  auto env = ArkEnv::Start();  // the server is running before the CRD exists
  ASSERT_NE(env, nullptr);
  // A first backup makes the server look at what the cluster serves.
  ASSERT_EQ(env->Ark({"backup", "create", "before", "--include-namespaces", "default", "--wait"})
                .exit_code,
            0);

  ASSERT_EQ(env->Kubectl({"apply", "-f", "-"}, kCrd).exit_code, 0);
  auto established = env->Kubectl({"wait", "--for", "condition=established", "--timeout", "60s",
                                   "crd/gadgets.late.example.com"});
  ASSERT_EQ(established.exit_code, 0) << established.err;
  ASSERT_EQ(env->Kubectl({"create", "namespace", "late"}).exit_code, 0);
  // The API server may take a moment to serve a new resource after it is established.
  ASSERT_TRUE(PollUntil([&] {
    return env->Kubectl({"apply", "-f", "-"}, kGadget).exit_code == 0;
  }));

  auto b = env->Ark({"backup", "create", "after", "--include-namespaces", "late", "--wait"});
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  auto d = env->Ark({"backup", "describe", "after", "--details"});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_NE(d.out.find("  gadgets.late.example.com (1):\n    - late/g1\n"), std::string::npos)
      << d.out;
}

}  // namespace
}  // namespace ark::testing
