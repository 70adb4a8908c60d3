// Backups whose items are well-formed JSON but not what Kubernetes writes (a field of the wrong
// type, a name that differs from the item's path), put in the local store by hand as a
// tampered or corrupt backup would be. A restore, its dry run and `backup verify
// --against-cluster` report each such item as an error naming the item and the field; the
// server stays up and goes on with the other items.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "archive/tar_paths.h"
#include "archive/tarball_writer.h"
#include "support/e2e/ark_env.h"
#include "util/byte_stream.h"

namespace ark::testing {
namespace {

using nlohmann::json;

struct Item {
  std::string group_resource, name, content;
};

// The fields of the wrong type that used to abort the server, one item each, and a good one.
const std::vector<Item> kTypedItems = {
    {"configmaps", "t1",
     R"({"apiVersion":5,"kind":"ConfigMap","metadata":{"name":"t1","namespace":"hx"}})"},
    {"configmaps", "t2",
     R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"t2","namespace":"hx",
         "ownerReferences":[{"controller":"yes"}]}})"},
    {"configmaps", "t3",
     R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"t3","namespace":"hx",
         "ownerReferences":[{"kind":1,"name":"n","controller":true}]}})"},
    {"configmaps", "t4",
     R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"t4","namespace":"hx",
         "ownerReferences":[5,"x"]}})"},
    {"pods", "t",
     R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"t","namespace":"hx"},
         "spec":{"containers":[{"name":"c","image":"i"}],"volumes":[{"name":5}]}})"},
    {"secrets", "t",
     R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"t","namespace":"hx"},"type":5})"},
    {"configmaps", "good",
     R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"good","namespace":"hx"},
         "data":{"k":"v"}})"},
};

const std::vector<std::string> kTypedErrors = {
    "error restoring configmaps \"hx/t1\": apiVersion: expected a string, got number",
    "error restoring configmaps \"hx/t2\": metadata.ownerReferences[0].controller: expected a "
    "boolean, got string",
    "error restoring configmaps \"hx/t3\": metadata.ownerReferences[0].kind: expected a string, "
    "got number",
    "error restoring configmaps \"hx/t4\": metadata.ownerReferences[0]: expected an object, got "
    "number",
    "error restoring pods \"hx/t\": spec.volumes[0].name: expected a string, got number",
    "error restoring secrets \"hx/t\": type: expected a string, got number",
};

class HostileBackupTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = ArkEnv::Start().release();
    ASSERT_NE(env_, nullptr);
    ASSERT_EQ(env_->Kubectl({"create", "namespace", "hx"}).exit_code, 0);
    ASSERT_EQ(env_->Kubectl({"create", "configmap", "seed", "-n", "hx"}).exit_code, 0);
    auto r = env_->Ark({"backup", "create", "base", "--include-namespaces", "hx", "--wait"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err << env_->server().Stdout();
  }
  static void TearDownTestSuite() {
    delete env_;
    env_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(env_, nullptr); }

  // Stores backup `name` holding `items` (base's metadata, renamed; no manifest) and waits
  // until the sync brings it into the cluster.
  static void StoreBackup(const std::string& name, const std::vector<Item>& items) {
    StringSink sink;
    auto writer = archive::NewTarballWriter(sink);
    ASSERT_TRUE(writer.ok());
    for (const Item& item : items) {
      const std::string path = archive::ItemPath(item.group_resource, "hx", item.name);
      ASSERT_TRUE((*writer)->Add(path, item.content).ok());
    }
    ASSERT_TRUE((*writer)->Close().ok());
    StoreTarball(name, sink.Take());
  }
  // Stores backup `name` with `tarball` as its contents, as StoreBackup does.
  static void StoreTarball(const std::string& name, const std::string& tarball) {
    const std::string dir = env_->store_path() + "/ark/";
    std::ifstream in(dir + "base/ark-backup.json");
    json metadata = json::parse(in, nullptr, false);
    ASSERT_TRUE(metadata.is_object());
    metadata["metadata"] = {{"name", name}, {"namespace", "heptio-ark"}};
    std::filesystem::create_directories(dir + name);
    std::ofstream(dir + name + "/" + name + ".tar.gz", std::ios::binary) << tarball;
    std::ofstream(dir + name + "/ark-backup.json") << metadata.dump();
    ASSERT_TRUE(PollUntil([&] { return env_->Phase("backups", name) == "Completed"; }))
        << env_->server().Stdout();
  }

  // Restores `backup` as `restore` and returns `ark restore describe` once it finished.
  static std::string Restore(const std::string& restore, const std::string& backup) {
    auto r = env_->Ark({"restore", "create", restore, "--from-backup", backup, "--wait"});
    EXPECT_TRUE(env_->server().Running()) << env_->server().Stdout();
    EXPECT_EQ(env_->Phase("restores", restore), "PartiallyFailed") << r.out << r.err;
    return env_->Ark({"restore", "describe", restore}).out;
  }

  static ArkEnv* env_;
};
ArkEnv* HostileBackupTest::env_ = nullptr;

TEST_F(HostileBackupTest, FieldsOfTheWrongTypeAreItemErrorsAndTheServerStaysUp) {
  StoreBackup("h-types", kTypedItems);

  auto dry = env_->Ark({"restore", "create", "h-types", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  for (const std::string& e : kTypedErrors) EXPECT_NE(dry.out.find(e), std::string::npos) << e;
  EXPECT_NE(dry.out.find("6 error(s)"), std::string::npos) << dry.out;

  const std::string describe = Restore("r-types", "h-types");
  for (const std::string& e : kTypedErrors) {
    EXPECT_NE(describe.find(e), std::string::npos) << e << "\n" << describe;
  }
  EXPECT_TRUE(env_->Get("configmaps", "good", "hx").is_object());

  auto verify = env_->Ark({"backup", "verify", "h-types", "--against-cluster"});
  EXPECT_EQ(verify.exit_code, 1) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("apiVersion: expected a string, got number"), std::string::npos)
      << verify.out;
  EXPECT_TRUE(env_->server().Running()) << env_->server().Stdout();
}

TEST_F(HostileBackupTest, ItemNamedOtherwiseThanItsPathIsRefused) {
  StoreBackup(
      "h-mismatch",
      {{"configmaps", "pathname",
        R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"othername",
                    "namespace":"hx"}})"},
       {"configmaps", "b3", R"({"kind":"ConfigMap","metadata":{"name":"seed","namespace":"hx"}})"},
       {"configmaps", "fine",
        R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fine",
                    "namespace":"hx"}})"}});
  const std::string describe = Restore("r-mismatch", "h-mismatch");
  EXPECT_NE(describe.find("error restoring configmaps \"hx/pathname\": the object is named "
                          "\"othername\", but its path in the backup says \"pathname\""),
            std::string::npos)
      << describe;
  EXPECT_NE(describe.find("error restoring configmaps \"hx/b3\": the object is named \"seed\", "
                          "but its path in the backup says \"b3\""),
            std::string::npos)
      << describe;
  EXPECT_EQ(describe.find("deleted it since"), std::string::npos) << describe;
  EXPECT_EQ(describe.find("reading it failed"), std::string::npos) << describe;
  EXPECT_TRUE(env_->Get("configmaps", "othername", "hx").is_null());
  EXPECT_TRUE(env_->Get("configmaps", "fine", "hx").is_object());
}

// A restore that cannot read its tarball still uploads its log and its results, both saying
// why, so `ark restore logs` and `describe` explain the failure.
TEST_F(HostileBackupTest, RestoreThatCannotReadTheTarballUploadsItsLog) {
  StoreTarball("h-garbage", "this is not a gzip'd tarball");
  auto r = env_->Ark({"restore", "create", "r-garbage", "--from-backup", "h-garbage", "--wait"});
  ASSERT_EQ(env_->Phase("restores", "r-garbage"), "Failed") << r.out << r.err;
  auto logs = env_->Ark({"restore", "logs", "r-garbage"});
  EXPECT_EQ(logs.exit_code, 0) << logs.out << logs.err;
  EXPECT_NE(logs.out.find("reading the backup tarball"), std::string::npos) << logs.out;
  auto describe = env_->Ark({"restore", "describe", "r-garbage"});
  EXPECT_NE(describe.out.find("Errors:    1\n"), std::string::npos) << describe.out;
  EXPECT_NE(describe.out.find("reading the backup tarball"), std::string::npos) << describe.out;
}

// A verification whose run killed the server would be taken up again by every start: one found
// InProgress at start is marked Failed, as orphaned backups and restores are.
TEST(OrphanedVerification, IsMarkedFailedAtServerStart) {
  ArkEnvOptions options;
  options.start_server = false;
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);
  auto created = env->Kubectl({"create", "-f", "-"}, R"({"apiVersion":"ark.heptio.com/v1",
      "kind":"BackupVerification","metadata":{"name":"v-orphan","namespace":"heptio-ark"},
      "spec":{"backupName":"gone","againstCluster":true},
      "status":{"phase":"InProgress","startTimestamp":"2026-12-01T10:00:00Z"}})");
  ASSERT_EQ(created.exit_code, 0) << created.err;
  ASSERT_EQ(env->Phase("backupverifications", "v-orphan"), "InProgress");
  env->StartServer();
  ASSERT_TRUE(PollUntil([&] { return env->Phase("backupverifications", "v-orphan") == "Failed"; }))
      << env->server().Stdout();
  json v = env->Get("backupverifications.ark.heptio.com", "v-orphan", "heptio-ark");
  EXPECT_NE(v["status"].value("message", "").find("during the server starting"), std::string::npos)
      << v.dump();
}

}  // namespace
}  // namespace ark::testing
