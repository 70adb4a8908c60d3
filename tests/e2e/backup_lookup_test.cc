// Where the CLI looks for a backup: in the cluster, then (through the server) in object
// storage, since a backup another cluster wrote is restorable before the next sync brings it in.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void Spit(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// Copies the stored backup `from` to a new folder `to` in the local store's bucket, as another
// cluster writing to the same bucket would have left it: every file renamed, the metadata naming
// the new backup.
void PlantCopy(const std::string& store, const std::string& from, const std::string& to) {
  const fs::path bucket = fs::path(store) / "ark";
  fs::create_directories(bucket / to);
  for (const auto& entry : fs::directory_iterator(bucket / from)) {
    std::string file = entry.path().filename().string();
    if (file.rfind(from, 0) == 0) file = to + file.substr(from.size());
    std::string bytes = Slurp(entry.path());
    if (file == "ark-backup.json") {
      json metadata = json::parse(bytes);
      metadata["metadata"]["name"] = to;
      bytes = metadata.dump(2);
    }
    Spit(bucket / to / file, bytes);
  }
}

TEST(BackupLookupTest, ABackupOnlyInObjectStorageIsFoundAndOneNowhereSaysWhereItWasSearched) {
  TempDir dir;
  ArkEnvOptions options;
  options.store_path = dir.File("store");
  // A sync period of an hour (the server's flag wins over the Config's): the planted backup
  // stays out of the cluster for the whole test.
  options.backup_sync_period = "1h";
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);

  ASSERT_EQ(env->Kubectl({"apply", "-f", SourcePath("examples/nginx-app/base.yaml")}).exit_code, 0);
  auto b = env->Ark(
      {"backup", "create", "written-here", "--include-namespaces", "nginx-example", "--wait"});
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  PlantCopy(env->store_path(), "written-here", "written-elsewhere");
  ASSERT_TRUE(env->Get("backups.ark.heptio.com", "written-elsewhere", "heptio-ark").is_null())
      << "the planted backup was synced: the test no longer shows the store lookup";

  auto logs = env->Ark({"backup", "logs", "written-elsewhere"});
  EXPECT_EQ(logs.exit_code, 0) << logs.err;
  EXPECT_NE(logs.out.find("written-here"), std::string::npos) << logs.out;  // the copied log

  auto r = env->Ark({"restore", "create", "from-elsewhere", "--from-backup", "written-elsewhere",
                     "--namespace-mappings", "nginx-example:nginx-copy", "--wait"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(env->Phase("restores", "from-elsewhere"), "Completed");
  EXPECT_FALSE(env->Get("deployment", "nginx-deployment", "nginx-copy").is_null());

  auto nowhere = env->Ark({"restore", "create", "--from-backup", "nowhere"});
  EXPECT_EQ(nowhere.exit_code, 1);
  EXPECT_NE(nowhere.err.find("backup \"nowhere\" not found: searched the Backups in namespace "
                             "\"heptio-ark\" and, through the server, object storage"),
            std::string::npos)
      << nowhere.err;

  // A request the server cannot read is answered all the same, naming the field, so a client
  // waiting on it stops.
  ASSERT_EQ(env->Kubectl({"apply", "-f", "-"}, R"({
      "apiVersion": "ark.heptio.com/v1", "kind": "DownloadRequest",
      "metadata": {"name": "odd", "namespace": "heptio-ark"},
      "spec": {"target": "BackupLog/written-here"}})")
                .exit_code,
            0);
  EXPECT_TRUE(PollUntil([&] { return env->Phase("downloadrequests", "odd") == "Processed"; },
                        std::chrono::seconds(30)));
  const json odd = env->Get("downloadrequests.ark.heptio.com", "odd", "heptio-ark");
  const std::string why = odd.is_null() ? "" : odd["status"].value("error", "");
  EXPECT_NE(why.find("spec.target"), std::string::npos) << odd.dump();
  EXPECT_FALSE(odd.is_null() || odd["status"].contains("downloadURL")) << odd.dump();

  // Without a server nothing can look in the bucket, and the message does not pretend it did.
  env->server().Stop(SIGKILL);
  auto unsearched = env->Ark({"restore", "create", "--from-backup", "nowhere"});
  EXPECT_EQ(unsearched.exit_code, 1);
  EXPECT_NE(unsearched.err.find("backup \"nowhere\" not found in namespace \"heptio-ark\", and "
                                "object storage could not be searched"),
            std::string::npos)
      << unsearched.err;
  EXPECT_NE(unsearched.err.find("is `ark server` running"), std::string::npos) << unsearched.err;
}

}  // namespace
}  // namespace ark::testing
