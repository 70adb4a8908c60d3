// The informer's cache against kubesim: what exists when it starts is all there, each object
// under its own key (issue: the first LIST once keyed every object by a moved-from copy).
#include "controller/informer.h"

#include <gtest/gtest.h>

#include <set>

#include "kubesim_client.h"
#include "support/process.h"

namespace ark::controller {
namespace {

TEST(InformerTest, InitialListCachesEveryObjectUnderItsKey) {
  KubesimClient env = StartKubesimClient(/*prereqs=*/false);
  ASSERT_NE(env.client, nullptr);
  for (const char* name : {"a", "b", "c"}) {
    auto made = ark::testing::Run({"kubectl", "--kubeconfig", env.sim->kubeconfig(), "create",
                                   "configmap", name, "-n", "default", "--from-literal=k=v"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }
  DiscardSink sink;
  Informer informer(*env.client, {"", "v1", "configmaps"}, "default",
                    Logger(sink, LogLevel::kError));
  informer.Start();
  ASSERT_TRUE(informer.WaitForSync(std::chrono::seconds(30)));
  for (const char* name : {"a", "b", "c"}) {
    std::optional<nlohmann::json> cached = informer.Get(std::string("default/") + name);
    ASSERT_TRUE(cached.has_value()) << name;
    EXPECT_EQ((*cached)["metadata"]["name"], name);
    EXPECT_EQ((*cached)["data"]["k"], "v");
  }
  std::set<std::string> names;
  for (const auto& object : informer.List()) names.insert(object["metadata"].value("name", ""));
  EXPECT_TRUE(names.count("a") && names.count("b") && names.count("c")) << names.size();
  informer.Stop();
}

}  // namespace
}  // namespace ark::controller
