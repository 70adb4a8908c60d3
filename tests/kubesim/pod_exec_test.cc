// kubesim's pods/exec refusals over raw HTTP (the WebSocket exchange itself is tested with
// the real client in tests/kube/pod_exec_test.cc).
#include <gtest/gtest.h>

#include "api_client.h"
#include "support/kubesim.h"

namespace ark::kubesim::testing {
namespace {

using nlohmann::json;

TEST(KubesimPodExec, RefusesMissingPodsContainersAndPlainRequests) {
  auto sim = ark::testing::Kubesim::Start();
  ASSERT_NE(sim, nullptr);
  ApiClient api(*sim);
  json pod = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", {{"name", "db"}}},
              {"spec", {{"containers", {{{"name", "app"}, {"image", "busybox"}}}}}}};
  ASSERT_EQ(api.Post("/api/v1/namespaces/default/pods", pod).status, 201);

  Reply missing = api.Get("/api/v1/namespaces/default/pods/nope/exec?container=app&command=true");
  EXPECT_EQ(missing.status, 404) << missing.body;
  EXPECT_EQ(missing.json.value("reason", ""), "NotFound");

  Reply bad = api.Get("/api/v1/namespaces/default/pods/db/exec?container=ghost&command=true");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.json.value("message", ""), "container ghost is not valid for pod db");

  Reply plain = api.Get("/api/v1/namespaces/default/pods/db/exec?container=app&command=true");
  EXPECT_EQ(plain.status, 400) << plain.body;
  EXPECT_EQ(plain.json.value("message", ""), "Upgrade request required");

  Reply post = api.Send("POST", "/api/v1/namespaces/default/pods/db/exec?command=true",
                        "application/json", "");
  EXPECT_EQ(post.status, 400) << post.body;  // the only container is the default

  Reply no_command = api.Get("/api/v1/namespaces/default/pods/db/exec?container=app");
  EXPECT_EQ(no_command.status, 400) << no_command.body;

  Reply other = api.Get("/api/v1/namespaces/default/pods/db/attach");
  EXPECT_EQ(other.status, 404) << other.body;
}

}  // namespace
}  // namespace ark::kubesim::testing
