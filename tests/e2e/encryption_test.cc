// Encrypted backups on the local store (issue 18): the shared scenario of
// support/e2e/encryption_scenario.h, reading the stored files straight from the directory.
#include <gtest/gtest.h>

#include <filesystem>

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
