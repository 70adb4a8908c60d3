// What a backup leaves out and what a restore will not bring back, end to end: objects being
// deleted and finished Pods and Jobs stay out of the tarball; the API server's own
// APIServices and ark's own Config are not restored, each named in the log with its reason.
#include <gtest/gtest.h>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

using nlohmann::json;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class LeftOutItemsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = ArkEnv::Start().release();
    ASSERT_NE(env_, nullptr);
  }
  static void TearDownTestSuite() {
    delete env_;
    env_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(env_, nullptr); }

  static void Apply(const json& object) {
    auto applied = env_->Kubectl({"create", "-f", "-"}, object.dump());
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
  }
  // Sets the object's status through its status subresource, as its controller would.
  static void SetStatus(const std::string& kind, const std::string& ns, const std::string& name,
                        const json& status) {
    auto patched = env_->Kubectl({"patch", kind, name, "-n", ns, "--subresource=status",
                                  "--type=merge", "-p", json{{"status", status}}.dump()});
    ASSERT_EQ(patched.exit_code, 0) << patched.err;
  }
  // The line of `log` that says `name` was skipped ("" when none does).
  static std::string SkipLine(const std::string& log, const std::string& name) {
    size_t at = 0;
    while ((at = log.find("msg=\"Skipping item\"", at)) != std::string::npos) {
      const size_t begin = log.rfind('\n', at) + 1;
      const size_t end = log.find('\n', at);
      const std::string line = log.substr(begin, end - begin);
      if (Contains(line, " name=" + name + " ")) return line;
      at = end;
    }
    return "";
  }

  // Adds `object` to the stored tarball of `backup` at `entry` (as a backup by Ark v0.5 or
  // Velero holds ark's or its own resources: ours never back up group ark.heptio.com).
  static void AddToStoredTarball(const std::string& backup, const std::string& entry,
                                 const json& object) {
    const std::string tarball = env_->store_path() + "/ark/" + backup + "/" + backup + ".tar.gz";
    TempDir dir;
    auto extracted = ark::testing::Run({"tar", "-xzf", tarball, "-C", dir.path()});
    ASSERT_EQ(extracted.exit_code, 0) << extracted.err;
    ASSERT_EQ(
        ark::testing::Run({"mkdir", "-p", dir.File(entry.substr(0, entry.rfind('/')))}).exit_code,
        0);
    WriteFile(dir.File(entry), object.dump());
    auto packed = ark::testing::Run({"tar", "-czf", tarball, "-C", dir.path(), "resources"});
    ASSERT_EQ(packed.exit_code, 0) << packed.err;
  }

  static ArkEnv* env_;
};
ArkEnv* LeftOutItemsTest::env_ = nullptr;

json Pod(const std::string& ns, const std::string& name) {
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata", {{"name", name}, {"namespace", ns}}},
          {"spec",
           {{"restartPolicy", "Never"},
            {"containers", {{{"name", "main"}, {"image", "busybox:1.36"}}}}}}};
}

json Job(const std::string& ns, const std::string& name) {
  return {{"apiVersion", "batch/v1"},
          {"kind", "Job"},
          {"metadata", {{"name", name}, {"namespace", ns}}},
          {"spec",
           {{"template",
             {{"spec",
               {{"restartPolicy", "Never"},
                {"containers", {{{"name", "main"}, {"image", "busybox:1.36"}}}}}}}}}}};
}

TEST_F(LeftOutItemsTest, ObjectsBeingDeletedAndFinishedWorkloadsAreNotBackedUp) {
  const std::string ns = "history";
  ASSERT_EQ(env_->Kubectl({"create", "namespace", ns}).exit_code, 0);
  for (const char* name : {"done", "crashed", "waiting"}) Apply(Pod(ns, name));
  SetStatus("pod", ns, "done", {{"phase", "Succeeded"}});
  SetStatus("pod", ns, "crashed", {{"phase", "Failed"}});
  for (const char* name : {"finished", "running"}) Apply(Job(ns, name));
  SetStatus("job", ns, "finished",
            {{"succeeded", 1},
             {"startTime", "2026-12-07T12:00:00Z"},
             {"completionTime", "2026-12-07T12:00:05Z"},
             {"conditions", {{{"type", "Complete"}, {"status", "True"}}}}});
  SetStatus("job", ns, "running", {{"active", 1}, {"startTime", "2026-12-07T12:00:00Z"}});
  for (const char* name : {"going", "staying"}) {
    Apply({{"apiVersion", "v1"},
           {"kind", "ConfigMap"},
           {"metadata", {{"name", name}, {"namespace", ns}, {"finalizers", {"example.com/hold"}}}},
           {"data", {{"k", "v"}}}});
  }
  ASSERT_EQ(env_->Kubectl({"delete", "configmap", "going", "-n", ns, "--wait=false"}).exit_code, 0);
  ASSERT_TRUE(env_->Get("configmap", "going", ns)["metadata"].contains("deletionTimestamp"));

  auto b = env_->Ark({"backup", "create", "history", "--include-namespaces", ns, "--wait"});
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  EXPECT_EQ(env_->Phase("backups", "history"), "Completed");

  TempDir dir;
  const std::string path = dir.File("history.tar.gz");
  ASSERT_EQ(env_->Ark({"backup", "download", "history", "-o", path}).exit_code, 0);
  auto listing = ark::testing::Run({"tar", "-tzf", path});
  ASSERT_EQ(listing.exit_code, 0) << listing.err;
  const std::string prefix = "/namespaces/" + ns + "/";
  EXPECT_TRUE(Contains(listing.out, "resources/pods" + prefix + "waiting.json")) << listing.out;
  EXPECT_TRUE(Contains(listing.out, "resources/jobs.batch" + prefix + "running.json"))
      << listing.out;
  EXPECT_TRUE(Contains(listing.out, "resources/configmaps" + prefix + "staying.json"))
      << listing.out;
  for (const std::string& left_out :
       {"pods" + prefix + "done.json", "pods" + prefix + "crashed.json",
        "jobs.batch" + prefix + "finished.json", "configmaps" + prefix + "going.json"}) {
    EXPECT_FALSE(Contains(listing.out, left_out)) << left_out << " is in the backup";
  }

  auto logs = env_->Ark({"backup", "logs", "history"});
  ASSERT_EQ(logs.exit_code, 0) << logs.err;
  EXPECT_TRUE(Contains(SkipLine(logs.out, "done"), "phase Succeeded")) << logs.out;
  EXPECT_TRUE(Contains(SkipLine(logs.out, "crashed"), "phase Failed")) << logs.out;
  EXPECT_TRUE(Contains(SkipLine(logs.out, "finished"), "condition Complete")) << logs.out;
  EXPECT_TRUE(Contains(SkipLine(logs.out, "going"), "being deleted")) << logs.out;
  EXPECT_EQ(SkipLine(logs.out, "waiting"), "");

  // Let the held ConfigMap go, so the namespace can be deleted.
  auto released = env_->Kubectl({"patch", "configmap", "going", "-n", ns, "--type=merge", "-p",
                                 R"({"metadata":{"finalizers":null}})"});
  EXPECT_EQ(released.exit_code, 0) << released.err;
  EXPECT_EQ(env_->Kubectl({"delete", "namespace", ns, "--wait=false"}).exit_code, 0);
}

json ApiService(const std::string& name, const std::string& group, const json& labels,
                const json& service) {
  return {{"apiVersion", "apiregistration.k8s.io/v1"},
          {"kind", "APIService"},
          {"metadata", {{"name", name}, {"labels", labels}}},
          {"spec",
           {{"group", group},
            {"version", "v1beta1"},
            {"groupPriorityMinimum", 100},
            {"versionPriority", 100},
            {"insecureSkipTLSVerify", !service.is_null()},
            {"service", service}}}};
}

// A whole-cluster restore into another cluster: the APIServices the source's API server made
// for its own groups (some of which the target no longer serves) would break the target's
// discovery; an aggregated API's APIService is the user's and is restored.
TEST_F(LeftOutItemsTest, TheApiServersOwnApiServicesAreNotRestored) {
  Apply(ApiService("v1beta1.batch", "batch",
                   {{"kube-aggregator.kubernetes.io/automanaged", "onstart"}}, nullptr));
  Apply(ApiService("v1beta1.local.example.com", "local.example.com", json::object(), nullptr));
  Apply(ApiService("v1beta1.metrics.k8s.io", "metrics.k8s.io", json::object(),
                   {{"namespace", "kube-system"}, {"name", "metrics-server"}, {"port", 443}}));
  auto b = env_->Ark({"backup", "create", "apiservices", "--include-resources", "apiservices",
                      "--include-cluster-resources", "--wait"});
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  EXPECT_EQ(env_->Phase("backups", "apiservices"), "Completed");
  for (const char* name :
       {"v1beta1.batch", "v1beta1.local.example.com", "v1beta1.metrics.k8s.io"}) {
    ASSERT_EQ(env_->Kubectl({"delete", "apiservice", name}).exit_code, 0) << name;
  }

  auto r = env_->Ark(
      {"restore", "create", "apiservices-restore", "--from-backup", "apiservices", "--wait"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(env_->Phase("restores", "apiservices-restore"), "Completed");
  json aggregated = env_->Get("apiservice", "v1beta1.metrics.k8s.io", "");
  EXPECT_EQ(aggregated["metadata"]["labels"]["ark-restore"], "apiservices-restore")
      << aggregated.dump();
  EXPECT_NE(env_->Kubectl({"get", "apiservice", "v1beta1.batch"}).exit_code, 0);
  EXPECT_NE(env_->Kubectl({"get", "apiservice", "v1beta1.local.example.com"}).exit_code, 0);

  auto logs = env_->Ark({"restore", "logs", "apiservices-restore"});
  ASSERT_EQ(logs.exit_code, 0) << logs.err;
  EXPECT_TRUE(Contains(SkipLine(logs.out, "v1beta1.batch"),
                       "kube-aggregator.kubernetes.io/automanaged=onstart"))
      << logs.out;
  EXPECT_TRUE(Contains(SkipLine(logs.out, "v1beta1.local.example.com"), "no spec.service"))
      << logs.out;
  EXPECT_EQ(SkipLine(logs.out, "v1beta1.metrics.k8s.io"), "");
}

// A backup of another server's namespace holds its Config; restored onto this server's with
// the update policy it would repoint the running server at the other bucket.
TEST_F(LeftOutItemsTest, ArksOwnConfigIsNotRestoredOverTheLiveOne) {
  const std::string ns = "other-ark";
  ASSERT_EQ(env_->Kubectl({"create", "namespace", ns}).exit_code, 0);
  auto b = env_->Ark({"backup", "create", "other-ark", "--include-namespaces", ns, "--wait"});
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  json live = env_->Get("configs.ark.heptio.com", "default", "heptio-ark");
  ASSERT_TRUE(live.is_object());
  json other = live;
  other["metadata"] = {{"name", "default"}, {"namespace", ns}};
  other["backupStorageProvider"]["bucket"] = "elsewhere";
  other.erase("status");
  AddToStoredTarball("other-ark",
                     "resources/configs.ark.heptio.com/namespaces/" + ns + "/default.json", other);

  auto r = env_->Ark({"restore", "create", "other-ark-restore", "--from-backup", "other-ark",
                      "--namespace-mappings", ns + ":heptio-ark", "--existing-resource-policy",
                      "update", "--wait"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(env_->Phase("restores", "other-ark-restore"), "Completed");
  json after = env_->Get("configs.ark.heptio.com", "default", "heptio-ark");
  EXPECT_EQ(after["backupStorageProvider"], live["backupStorageProvider"]) << after.dump();
  EXPECT_EQ(after["metadata"]["resourceVersion"], live["metadata"]["resourceVersion"]);

  auto logs = env_->Ark({"restore", "logs", "other-ark-restore"});
  ASSERT_EQ(logs.exit_code, 0) << logs.err;
  const std::string line = SkipLine(logs.out, "default");
  EXPECT_TRUE(Contains(line, "resource=configs.ark.heptio.com")) << logs.out;
  EXPECT_TRUE(Contains(line, "ark's own operational resources are not restored")) << logs.out;
  EXPECT_EQ(env_->Kubectl({"delete", "namespace", ns, "--wait=false"}).exit_code, 0);
}

}  // namespace
}  // namespace ark::testing
