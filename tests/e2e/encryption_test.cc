// Encrypted backups on the local store (issue 18): the shared scenario of
// support/e2e/encryption_scenario.h, reading the stored files straight from the directory.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "crypto/aes_gcm.h"
#include "crypto/sealed_format.h"
#include "support/e2e/encryption_scenario.h"

namespace ark::testing {
namespace {

TEST(EncryptionTest, EncryptedBackupsOnTheLocalStore) {
  ArkEnvOptions options;
  options.start_server = false;
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);
  const std::string bucket = env->store_path() + "/ark/";
  RunEncryptionScenario(*env, [&](const std::string& prefix) {
    std::map<std::string, std::string> objects;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(bucket + prefix)) {
      if (!entry.is_regular_file()) continue;
      objects[entry.path().string().substr(bucket.size())] = ReadFile(entry.path().string());
    }
    return objects;
  });
}

}  // namespace
}  // namespace ark::testing

namespace ark::testing {
namespace {

// A sealed tarball cut after some of its chunks: the restore has already written those
// chunks' plaintext to its staging file when the end check fails, and must still create
// nothing (the download is checked to its end before the engine starts).
TEST(EncryptionTest, ARestoreOfACutSealedTarballCreatesNothing) {
  ArkEnvOptions options;
  options.start_server = false;
  auto env = ArkEnv::Start(options);
  ASSERT_NE(env, nullptr);
  ASSERT_NO_FATAL_FAILURE(StartServerWithEncryption(*env, std::string(32, 'q')));

  ASSERT_EQ(env->Kubectl({"create", "namespace", "cut-app"}).exit_code, 0);
  // Incompressible values, so the gzipped tarball spans several 64 KiB chunks.
  std::mt19937 gen(18);
  for (int i = 0; i < 8; ++i) {
    std::string value(40 * 1024, '\0');
    for (char& c : value) c = static_cast<char>('a' + gen() % 26);
    nlohmann::json cm = {
        {"apiVersion", "v1"},
        {"kind", "ConfigMap"},
        {"metadata", {{"name", "cm-" + std::to_string(i)}, {"namespace", "cut-app"}}},
        {"data", {{"value", value}}}};
    auto created = env->Kubectl({"create", "-f", "-"}, cm.dump());
    ASSERT_EQ(created.exit_code, 0) << created.err;
  }
  auto backup = env->Ark({"backup", "create", "cut", "--include-namespaces", "cut-app", "--wait"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << env->server().Stdout();

  const std::string stored = env->store_path() + "/ark/cut/cut.tar.gz";
  std::string bytes = ReadFile(stored);
  const size_t sealed_chunk = crypto::kDefaultChunkSize + crypto::kTagSize;
  const size_t header = crypto::kHeaderFixedPrefix + 2 + crypto::kHeaderFixedSuffix;  // key ID "k1"
  ASSERT_GT(bytes.size(), header + 3 * sealed_chunk) << "the tarball should span several chunks";
  // Drop the last chunk (the only one shorter than a full one): the file now ends at a chunk
  // boundary, after chunks whose tags all check.
  bytes.resize(bytes.size() - (bytes.size() - header) % sealed_chunk);
  WriteFile(stored, bytes);

  ASSERT_EQ(env->Kubectl({"delete", "namespace", "cut-app", "--wait=false"}).exit_code, 0);
  ASSERT_TRUE(PollUntil([&] {
    return env->Kubectl({"get", "namespace", "cut-app"}).exit_code != 0;
  }));
  auto restore = env->Ark({"restore", "create", "cut", "--wait"});
  EXPECT_NE(restore.exit_code, 0) << restore.out;
  const std::string marker = "Restore request \"";
  const size_t at = restore.out.find(marker);
  ASSERT_NE(at, std::string::npos) << restore.out << restore.err;
  const size_t name_at = at + marker.size();
  const std::string name = restore.out.substr(name_at, restore.out.find('"', name_at) - name_at);
  nlohmann::json status = env->Get("restores.ark.heptio.com", name, "heptio-ark")["status"];
  EXPECT_EQ(status.value("phase", ""), "Failed") << status.dump();
  EXPECT_NE(
      status.value("failureReason", "").find("decrypting contents of backup \"cut\": truncated"),
      std::string::npos)
      << status.dump();
  EXPECT_NE(env->Kubectl({"get", "namespace", "cut-app"}).exit_code, 0)
      << "the failed restore created the namespace";
}

}  // namespace
}  // namespace ark::testing
